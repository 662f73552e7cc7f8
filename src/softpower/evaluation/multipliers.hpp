#pragma once
// The multiplier bootstrap's Rademacher weights (Callaway and Sant'Anna 2021, Section 4; did's
// BMisc::multiplier_bootstrap): one ±1 per unit and draw, applied to influence functions.

#include <Eigen/Dense>
#include <cstddef>
#include <cstdint>

namespace softpower::evaluation {

/// Draw r's weights come from core's Rng seeded with seed_of(seed, r), so every set of
/// influence functions sees the same draws, whatever the blocks. Up to `keep` weights are made
/// once and kept; beyond that they are made again, a block of draws at a time, for each set,
/// so memory stays bounded for any number of units.
class Multipliers {
 public:
  static constexpr std::size_t kKeep = std::size_t{1} << 22;  // 32 MB of weights

  Multipliers(std::size_t reps, std::size_t n, std::uint64_t seed, std::size_t keep = kKeep);

  std::size_t reps() const { return reps_; }

  /// √n · (1/n) Σ_i v_ri ψ_i for every draw r (rows) and column of ψ (n rows).
  Eigen::MatrixXd apply(const Eigen::MatrixXd& psi) const;

 private:
  /// Draws first … first + count − 1, one column each (n × count).
  Eigen::MatrixXd block(std::size_t first, std::size_t count) const;

  std::size_t reps_;
  std::size_t n_;
  std::uint64_t seed_;
  Eigen::MatrixXd kept_;
};

}  // namespace softpower::evaluation
