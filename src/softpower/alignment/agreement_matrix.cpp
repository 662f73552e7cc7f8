#include "softpower/alignment/agreement_matrix.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace softpower::alignment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Indices of `codes` in display order: by the first coordinate of a classical scaling of the
// distances 1 − agree, the half with the higher mean agreement first.
std::vector<std::size_t> seriation(const Eigen::MatrixXd& agree) {
  const Eigen::Index k = agree.rows();
  std::vector<std::size_t> order(static_cast<std::size_t>(k));
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (k < 3) return order;
  // Squared distances; a pair without a common vote gets the mean of the others.
  Eigen::MatrixXd d2(k, k);
  double sum = 0;
  std::size_t count = 0;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) {
      const double a = agree(i, j);
      d2(i, j) = std::isnan(a) ? kNaN : (1 - a) * (1 - a);
      if (i != j && !std::isnan(a)) {
        sum += d2(i, j);
        ++count;
      }
    }
  }
  const double fill = count > 0 ? sum / static_cast<double>(count) : 0;
  d2 = d2.unaryExpr([fill](double v) { return std::isnan(v) ? fill : v; });
  // Classical scaling: B = −½ J D² J; the leading eigenvector is the first coordinate.
  const Eigen::MatrixXd centred = d2.rowwise() - d2.colwise().mean();
  Eigen::MatrixXd b = centred.colwise() - centred.rowwise().mean();
  b *= -0.5;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(b);
  const Eigen::VectorXd x = solver.eigenvectors().col(k - 1);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) {
    return x(static_cast<Eigen::Index>(p)) > x(static_cast<Eigen::Index>(q));
  });
  // Orientation: the half of the order with the higher mean agreement first.
  std::array<double, 2> half_sum{}, half_count{};
  for (std::size_t r = 0; r < order.size(); ++r) {
    const auto i = static_cast<Eigen::Index>(order[r]);
    double row_sum = 0;
    std::size_t partners = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (j == i || std::isnan(agree(i, j))) continue;
      row_sum += agree(i, j);
      ++partners;
    }
    if (partners == 0) continue;
    const std::size_t half = 2 * r < order.size() ? 0 : 1;
    half_sum[half] += row_sum / static_cast<double>(partners);
    half_count[half] += 1;
  }
  if (half_sum[1] * half_count[0] > half_sum[0] * half_count[1])
    std::reverse(order.begin(), order.end());
  return order;
}

}  // namespace

std::size_t AgreementMatrix::pair(std::size_t i, std::size_t j) const {
  if (i > j) std::swap(i, j);
  const std::size_t k = codes.size();
  // Rows 0 … i−1 hold (k−1) + (k−2) + … + (k−i) pairs.
  return i * (2 * k - i - 1) / 2 + (j - i - 1);
}

AgreementMatrix agreement_matrix(const std::vector<DyadAgreement>& dyads, int period) {
  const auto begin = std::partition_point(
      dyads.begin(), dyads.end(), [&](const DyadAgreement& d) { return d.period < period; });
  const auto end = std::partition_point(begin, dyads.end(),
                                        [&](const DyadAgreement& d) { return d.period == period; });
  std::vector<std::string> codes;
  for (auto it = begin; it != end; ++it) {
    codes.push_back(it->a);
    codes.push_back(it->b);
  }
  std::sort(codes.begin(), codes.end());
  codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
  const auto index = [&](const std::string& code) {
    return static_cast<std::size_t>(std::lower_bound(codes.begin(), codes.end(), code) -
                                    codes.begin());
  };
  const auto k = static_cast<Eigen::Index>(codes.size());
  Eigen::MatrixXd agree = Eigen::MatrixXd::Constant(k, k, kNaN);
  for (Eigen::Index i = 0; i < k; ++i) agree(i, i) = 1;
  for (auto it = begin; it != end; ++it) {
    const auto i = static_cast<Eigen::Index>(index(it->a));
    const auto j = static_cast<Eigen::Index>(index(it->b));
    agree(i, j) = agree(j, i) = it->agree;
  }
  const std::vector<std::size_t> order = seriation(agree);

  AgreementMatrix m;
  m.period = period;
  std::vector<std::size_t> rank(order.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    m.codes.push_back(codes[order[r]]);
    rank[order[r]] = r;
  }
  const std::size_t pairs = codes.size() * (codes.size() - (codes.empty() ? 0 : 1)) / 2;
  m.agree.assign(pairs, kNaN);
  m.kappa.assign(pairs, kNaN);
  m.n.assign(pairs, 0);
  for (auto it = begin; it != end; ++it) {
    const std::size_t p = m.pair(rank[index(it->a)], rank[index(it->b)]);
    m.agree[p] = it->agree;
    m.kappa[p] = it->kappa;
    m.n[p] = it->n;
  }
  return m;
}

}  // namespace softpower::alignment
