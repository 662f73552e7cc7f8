#pragma once
// The cultural state of Axelrod's model (Axelrod 1997, J. Conflict Resolution 41:203): each of
// N agents holds F features, each feature one trait. Also the small, fast random number
// generator every diffusion engine shares, so that a run depends only on its seed.

#include <cstdint>
#include <vector>

namespace softpower::diffusion {

using Trait = std::uint16_t;

/// N agents × F features, row-major; traits in [0, q) (Poisson traits may exceed q, see
/// random_culture).
struct Culture {
  int agents = 0, features = 0, traits = 0;  // N, F, q
  std::vector<Trait> t;                      // size N*F

  Trait* agent(int i) { return t.data() + static_cast<std::size_t>(i) * features; }
  const Trait* agent(int i) const { return t.data() + static_cast<std::size_t>(i) * features; }
  /// Number of features on which agents i and j hold the same trait, in [0, F].
  int overlap(int i, int j) const;
};

/// How initial traits are drawn: uniform on {0, …, q−1} (Axelrod 1997), or Poisson with mean
/// q (Castellano, Marsili and Vespignani 2000, PRL 85:3536), unbounded above.
enum class InitialTraits { uniform, poisson };

/// N agents with F features each, every trait drawn independently from `init` with parameter
/// q. Depends only on the arguments. Throws Error unless N ≥ 0, F ≥ 1 and 1 ≤ q ≤ 65535
/// (Poisson: q ≤ 60000, so that draws fit a Trait).
Culture random_culture(int agents, int features, int q, InitialTraits init, std::uint64_t seed);

/// xoshiro256++ (Blackman and Vigna 2021), seeded through splitmix64: fast, 2^256 − 1 period,
/// and the same stream on every platform, unlike the std distributions.
class Rng {
 public:
  explicit Rng(std::uint64_t seed);
  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[0] + s_[3], 23) + s_[0];
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform on {0, …, n−1} for n ≥ 1 by Lemire's multiply-shift (no division); the bias,
  /// at most n / 2^64, is far below anything a simulation can see.
  std::uint64_t below(std::uint64_t n) { return scale(next(), n); }
  /// Uniform on [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// The high 64 bits of r × n: r mapped onto {0, …, n−1}.
  static std::uint64_t scale(std::uint64_t r, std::uint64_t n) {
    __extension__ using Wide = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<Wide>(r) * n) >> 64);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// splitmix64's finaliser: a well-mixed 64-bit hash, used to derive per-run seeds
/// (e.g. seed_of(seed, r) for run r of an ensemble).
std::uint64_t mix64(std::uint64_t x);
/// The seed of run `run` of an ensemble started from `seed`.
std::uint64_t seed_of(std::uint64_t seed, std::uint64_t run);

}  // namespace softpower::diffusion
