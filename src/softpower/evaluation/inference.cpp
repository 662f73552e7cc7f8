#include "softpower/evaluation/inference.hpp"

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/students_t.hpp>
#include <cmath>
#include <limits>

namespace softpower::evaluation {

double normal_quantile(double p) {
  return boost::math::quantile(boost::math::normal_distribution<double>(), p);
}

double normal_p_value(double z) {
  if (std::isnan(z)) return std::numeric_limits<double>::quiet_NaN();
  return 2 * boost::math::cdf(
                 boost::math::complement(boost::math::normal_distribution<double>(), std::abs(z)));
}

double t_quantile(double p, double df) {
  return boost::math::quantile(boost::math::students_t_distribution<double>(df), p);
}

double t_p_value(double t, double df) {
  if (std::isnan(t)) return std::numeric_limits<double>::quiet_NaN();
  if (std::isinf(t)) return 0;
  return 2 * boost::math::cdf(boost::math::complement(
                 boost::math::students_t_distribution<double>(df), std::abs(t)));
}

double quantile_type1(std::span<double> x, double p) {
  const auto n = static_cast<double>(x.size());
  // R: j = floor(n p + fuzz), then the (j+1)-th order statistic when n p > j, else the j-th.
  const double np = n * p;
  const double j = std::floor(np + 4 * std::numeric_limits<double>::epsilon());
  const double k = np > j ? j + 1 : j;
  const auto index = static_cast<std::size_t>(std::clamp(k, 1.0, n)) - 1;
  std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(index), x.end());
  return x[index];
}

}  // namespace softpower::evaluation
