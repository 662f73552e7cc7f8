#pragma once
// The cultural state of Axelrod's model (Axelrod 1997, J. Conflict Resolution 41:203): each of
// N agents holds F features, each feature one trait.

#include <cstdint>
#include <vector>

#include "softpower/core/random.hpp"

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

// The generator and the seed streams every diffusion engine shares are core's (core/random.hpp).
using softpower::mix64;
using softpower::Rng;
using softpower::seed_of;

}  // namespace softpower::diffusion
