#pragma once
// Principal components of an aggregate's children, for PCA weights and for the audit
// (variance explained by the first component). Units with any missing child are left out,
// and each child is standardised, so the analysis is of the correlation matrix.

#include <Eigen/Dense>
#include <vector>

namespace softpower::index {

struct PcaSummary {
  std::size_t units = 0;            ///< complete units used
  std::vector<double> eigenvalues;  ///< of the correlation matrix, largest first
  std::vector<double> loadings;     ///< first eigenvector, sign chosen so that its sum is >= 0
  double first_share = 0;           ///< share of variance explained by the first component
};

/// Throws Error when fewer than three complete units remain.
PcaSummary principal_components(const Eigen::MatrixXd& children);

/// Weights from the first component: squared loadings, which sum to one (OECD/JRC
/// Handbook on Constructing Composite Indicators, 2008, section 6.1).
std::vector<double> pca_weights(const Eigen::MatrixXd& children);

}  // namespace softpower::index
