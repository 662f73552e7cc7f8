#include "softpower/evaluation/multipliers.hpp"

#include <algorithm>
#include <cmath>

#include "softpower/core/random.hpp"

namespace softpower::evaluation {
namespace {

constexpr std::size_t kBlockCells = std::size_t{1} << 20;

Eigen::Index idx(std::size_t i) {
  return static_cast<Eigen::Index>(i);
}

}  // namespace

Multipliers::Multipliers(std::size_t reps, std::size_t n, std::uint64_t seed, std::size_t keep)
    : reps_(reps), n_(n), seed_(seed) {
  if (reps_ * n_ <= keep) kept_ = block(0, reps_);
}

Eigen::MatrixXd Multipliers::apply(const Eigen::MatrixXd& psi) const {
  const double scale = 1 / std::sqrt(static_cast<double>(n_));
  if (kept_.size() > 0) return kept_.transpose() * psi * scale;
  const std::size_t rows = std::max<std::size_t>(1, kBlockCells / std::max<std::size_t>(n_, 1));
  Eigen::MatrixXd out(idx(reps_), psi.cols());
  for (std::size_t first = 0; first < reps_; first += rows) {
    const std::size_t count = std::min(rows, reps_ - first);
    out.middleRows(idx(first), idx(count)) = block(first, count).transpose() * psi * scale;
  }
  return out;
}

Eigen::MatrixXd Multipliers::block(std::size_t first, std::size_t count) const {
  Eigen::MatrixXd v(idx(n_), idx(count));
  for (std::size_t r = 0; r < count; ++r) {
    Rng rng(seed_of(seed_, first + r));
    std::uint64_t bits = 0;
    for (std::size_t i = 0; i < n_; ++i) {
      if (i % 64 == 0) bits = rng.next();
      // ±1 without a branch: the signs are random, so a branch would be mispredicted half the
      // time.
      v(idx(i), idx(r)) = static_cast<double>(static_cast<int>(bits & 1U) * 2 - 1);
      bits >>= 1U;
    }
  }
  return v;
}

}  // namespace softpower::evaluation
