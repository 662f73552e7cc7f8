#include "softpower/index/pca.hpp"

#include <cmath>

#include "softpower/core/error.hpp"

namespace softpower::index {

PcaSummary principal_components(const Eigen::MatrixXd& children) {
  std::vector<Eigen::Index> complete;
  for (Eigen::Index u = 0; u < children.rows(); ++u) {
    if (!children.row(u).array().isNaN().any()) complete.push_back(u);
  }
  const auto n = static_cast<Eigen::Index>(complete.size());
  const Eigen::Index k = children.cols();
  if (n < 3) {
    throw Error("principal components need at least 3 units with complete data, found " +
                std::to_string(n));
  }
  Eigen::MatrixXd z(n, k);
  for (Eigen::Index r = 0; r < n; ++r)
    z.row(r) = children.row(complete[static_cast<std::size_t>(r)]);
  for (Eigen::Index c = 0; c < k; ++c) {
    const double mu = z.col(c).mean();
    z.col(c).array() -= mu;
    const double s = std::sqrt(z.col(c).squaredNorm() / static_cast<double>(n - 1));
    if (s > 0) z.col(c) /= s;
  }
  const Eigen::MatrixXd corr = (z.transpose() * z) / static_cast<double>(n - 1);
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(corr);
  PcaSummary out;
  out.units = static_cast<std::size_t>(n);
  const Eigen::VectorXd& values = solver.eigenvalues();  // ascending
  double total = 0;
  for (Eigen::Index i = k; i-- > 0;) {
    out.eigenvalues.push_back(std::max(values(i), 0.0));
    total += std::max(values(i), 0.0);
  }
  Eigen::VectorXd first = solver.eigenvectors().col(k - 1);
  if (first.sum() < 0) first = -first;
  out.loadings.assign(first.data(), first.data() + k);
  out.first_share = total > 0 ? out.eigenvalues.front() / total : 0;
  return out;
}

std::vector<double> pca_weights(const Eigen::MatrixXd& children) {
  const PcaSummary pca = principal_components(children);
  std::vector<double> w;
  for (double l : pca.loadings) w.push_back(l * l);
  return w;
}

}  // namespace softpower::index
