#pragma once
// Variance-based global sensitivity analysis: first-order and total-order Sobol' indices from
// a Saltelli design, with the estimators of Saltelli et al. (2010, Comput. Phys. Commun. 181,
// 259-270, table 2): Saltelli's for S_i and Jansen's for ST_i, and bootstrap confidence
// intervals. Inputs may be groups of columns (all weights of a level move together as one
// input). See docs/index-sensitivity.md.

#include <Eigen/Dense>
#include <cstdint>
#include <span>
#include <vector>

namespace softpower {

/// The rows to evaluate for a Saltelli design with base sample `base` (N rows, 2D columns:
/// A = the first D, B = the last D): A, B, then for each input group i the matrix A_B^i
/// (A with group i's columns taken from B). (k + 2) N rows of D columns.
Eigen::MatrixXd saltelli_rows(const Eigen::MatrixXd& base,
                              const std::vector<std::vector<int>>& groups);

struct SobolIndices {
  double s1 = 0, s1_lo = 0, s1_hi = 0;  ///< first order and its confidence interval
  double st = 0, st_lo = 0, st_hi = 0;  ///< total order and its confidence interval
};

/// Indices of each of the k inputs from the model outputs on saltelli_rows() (y has (k+2)N
/// values in that order):
///   V    = variance of f(A) and f(B) together
///   S_i  = mean_j f(B)_j (f(A_B^i)_j - f(A)_j) / V          (Saltelli 2010)
///   ST_i = mean_j (f(A)_j - f(A_B^i)_j)^2 / (2 V)           (Jansen 1999)
/// An input that never changes the output gets exactly 0 (and so does every input when V = 0).
/// Confidence intervals: percentile bootstrap over the N rows (`resamples` draws, each row
/// drawn by core/random's unbiased integer draw from Rng(seed)).
std::vector<SobolIndices> sobol_indices(std::span<const double> y, std::size_t n, std::size_t k,
                                        std::size_t resamples = 1000, std::uint64_t seed = 1,
                                        double confidence = 0.95);

}  // namespace softpower
