#pragma once
// The one random number generator of softpower, its seed streams and its draws. Every draw is
// written here with integer arithmetic and IEEE operations, never through the std::*_distribution
// classes, whose algorithms the C++ standard leaves to each library (libstdc++ and libc++ give
// different numbers for the same engine and seed). So a result depends only on its seed.
//
// Generator: xoshiro256++ (Blackman and Vigna 2021, "Scrambled linear pseudorandom number
// generators", ACM TOMS 47:36), 2^256 − 1 period, its state filled by splitmix64 (Steele, Lea
// and Flood 2014) as its authors advise.

#include <cstdint>
#include <span>
#include <utility>

namespace softpower {

/// splitmix64's finaliser: a well-mixed 64-bit hash of x.
std::uint64_t mix64(std::uint64_t x);

/// Seed streams: the seed of stream `stream` (a run, a replicate, a session...) of a
/// computation started from `seed`. Streams of neighbouring numbers and seeds are unrelated;
/// nest calls for streams within streams, e.g. seed_of(seed_of(seed, session), replicate).
std::uint64_t seed_of(std::uint64_t seed, std::uint64_t stream);

/// The splitmix64 generator itself: a 64-bit counter advanced by the golden ratio and mixed.
/// Small and fast; used where a stream is started for every item (e.g. a line of a generated
/// file). Its state is public so that callers keep their own seeding.
struct SplitMix64 {
  std::uint64_t state = 0;

  std::uint64_t next() {
    state += 0x9e3779b97f4a7c15ULL;
    return mix64(state);
  }
};

/// xoshiro256++, the generator of every simulation, bootstrap and resampling.
class Rng {
 public:
  /// The state is four successive outputs of splitmix64 started at `seed`; never all zero.
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

  /// See uniform_double, uniform_below and standard_normal.
  double uniform();
  std::uint64_t below(std::uint64_t n);
  double normal();

  /// The high 64 bits of r × n: r mapped onto {0, …, n−1} with a bias of at most n / 2^64.
  /// For engines that draw their bits ahead and map them later; uniform_below is unbiased.
  static std::uint64_t scale(std::uint64_t r, std::uint64_t n) {
    __extension__ using Wide = unsigned __int128;
    return static_cast<std::uint64_t>((static_cast<Wide>(r) * n) >> 64);
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
};

/// Uniform on [0, 1): the top 53 bits of one output times 2^−53 (every value a multiple of
/// 2^−53, so exact in a double).
template <class Generator>
double uniform_double(Generator& g) {
  return static_cast<double>(g.next() >> 11) * 0x1.0p-53;
}

/// Uniform on {0, …, n−1}, exactly unbiased, by Lemire's multiply-shift with rejection
/// (Lemire 2019, "Fast random integer generation in an interval", ACM TOMCAT 29:3): the high
/// half of r × n, redrawn when the low half falls below 2^64 mod n (probability < n / 2^64,
/// so the first draw is almost always kept and equals Rng::scale of it). n = 0 gives 0.
template <class Generator>
std::uint64_t uniform_below(Generator& g, std::uint64_t n) {
  __extension__ using Wide = unsigned __int128;
  Wide m = static_cast<Wide>(g.next()) * n;
  auto low = static_cast<std::uint64_t>(m);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;  // 2^64 mod n
    while (low < threshold) {
      m = static_cast<Wide>(g.next()) * n;
      low = static_cast<std::uint64_t>(m);
    }
  }
  return static_cast<std::uint64_t>(m >> 64);
}

/// Standard normal by Marsaglia's polar method (Marsaglia and Bray 1964): draw (u, v)
/// uniform on (−1, 1)^2 until 0 < s = u² + v² < 1, return u·sqrt(−2 ln s / s). The second
/// normal, v·sqrt(…), is dropped so that the draw keeps no state between calls. Uses only
/// IEEE arithmetic, std::sqrt (exact) and std::log (the C library's, the same for libstdc++
/// and libc++ on one system).
template <class Generator>
double standard_normal(Generator& g);

/// Fisher–Yates shuffle (Durstenfeld's in-place form): for i from the end down to 1, swap
/// item i with an item drawn by uniform_below(g, i + 1). Every permutation equally likely.
template <class Generator, class T>
void shuffle_in_place(Generator& g, std::span<T> items) {
  for (std::size_t i = items.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(uniform_below(g, i));
    using std::swap;
    swap(items[i - 1], items[j]);
  }
}

/// One step of the polar method for (u, v) in (−1, 1)^2: u·sqrt(−2 ln s / s) with accepted
/// set when 0 < s = u² + v² < 1.
double polar_normal(double u, double v, bool& accepted);

template <class Generator>
double standard_normal(Generator& g) {
  for (;;) {
    const double u = 2 * uniform_double(g) - 1;
    const double v = 2 * uniform_double(g) - 1;
    bool accepted = false;
    const double z = polar_normal(u, v, accepted);
    if (accepted) return z;
  }
}

inline double Rng::uniform() {
  return uniform_double(*this);
}
inline std::uint64_t Rng::below(std::uint64_t n) {
  return uniform_below(*this, n);
}
inline double Rng::normal() {
  return standard_normal(*this);
}

}  // namespace softpower
