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
  PcaSummary out;
  out.units = static_cast<std::size_t>(n);
  double total = 0;
  Eigen::VectorXd first;
  if (k <= n) {
    const Eigen::MatrixXd corr = (z.transpose() * z) / static_cast<double>(n - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(corr);
    const Eigen::VectorXd& values = solver.eigenvalues();  // ascending
    for (Eigen::Index i = k; i-- > 0;) {
      out.eigenvalues.push_back(std::max(values(i), 0.0));
      total += std::max(values(i), 0.0);
    }
    first = solver.eigenvectors().col(k - 1);
  } else {
    // More children than units (a wide aggregate): the k x k correlation matrix z'z/(n-1) has
    // the same non-zero eigenvalues as the n x n matrix zz'/(n-1), and its eigenvector of the
    // largest is z'u for the eigenvector u of zz'. So the work is n^2 k, not k^3, and the
    // memory n^2, not k^2; the other k - n eigenvalues are 0.
    const Eigen::MatrixXd gram = (z * z.transpose()) / static_cast<double>(n - 1);
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(gram);
    const Eigen::VectorXd& values = solver.eigenvalues();  // ascending
    for (Eigen::Index i = n; i-- > 0;) {
      out.eigenvalues.push_back(std::max(values(i), 0.0));
      total += std::max(values(i), 0.0);
    }
    out.eigenvalues.resize(static_cast<std::size_t>(k), 0.0);
    first = z.transpose() * solver.eigenvectors().col(n - 1);
    const double norm = first.norm();
    if (norm > 0) first /= norm;
  }
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
