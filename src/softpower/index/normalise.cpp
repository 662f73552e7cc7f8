#include "softpower/index/normalise.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::index {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

struct Scale {
  double min, max, mean, sd;
};

Scale scale_of(std::span<const double> values, int direction) {
  Scale s{std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(), 0, 0};
  double sum = 0;
  std::size_t n = 0;
  for (double raw : values) {
    if (std::isnan(raw)) continue;
    const double v = raw * direction;
    s.min = std::min(s.min, v);
    s.max = std::max(s.max, v);
    sum += v;
    ++n;
  }
  if (n == 0) return Scale{kNaN, kNaN, kNaN, kNaN};
  s.mean = sum / static_cast<double>(n);
  double ss = 0;
  for (double raw : values) {
    if (!std::isnan(raw)) ss += (raw * direction - s.mean) * (raw * direction - s.mean);
  }
  s.sd = n > 1 ? std::sqrt(ss / static_cast<double>(n - 1)) : kNaN;
  return s;
}

void replace_by_ranks(std::span<double> x, double offset, double divisor) {
  const std::vector<double> r = stats::rank(x, stats::Ties::min);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = (r[i] - offset) / divisor;
}
}  // namespace

void normalise_indicator(std::span<double> x, int direction, const NormaliseSpec& spec,
                         double target, std::optional<std::size_t> ref_row,
                         std::span<const double> reference) {
  for (double& v : x) v *= direction;
  const Scale s = reference.empty() ? scale_of(x, 1) : scale_of(reference, direction);
  const double range = s.max - s.min;
  switch (spec.method) {
    case NormaliseMethod::none:
      break;
    case NormaliseMethod::minmax:
      for (double& v : x) v = (v - s.min) / range * (spec.upper - spec.lower) + spec.lower;
      break;
    case NormaliseMethod::zscore:
      for (double& v : x) v = (v - s.mean) / s.sd * spec.sd + spec.mean;
      break;
    case NormaliseMethod::rank:
      replace_by_ranks(x, 0, 1);
      break;
    case NormaliseMethod::prank: {
      const double n = static_cast<double>(stats::count(x));
      replace_by_ranks(x, 1, n - 1);
      break;
    }
    case NormaliseMethod::borda:
      replace_by_ranks(x, 1, 1);
      break;
    case NormaliseMethod::goalposts: {
      // Goalposts are given in the indicator's own units; they turn with the direction.
      const double lo = direction > 0 ? spec.goal_lower : -spec.goal_upper;
      const double hi = direction > 0 ? spec.goal_upper : -spec.goal_lower;
      for (double& v : x) {
        if (std::isnan(v)) continue;
        double y = (v - lo) / (hi - lo);
        if (spec.truncate) y = std::clamp(y, 0.0, 1.0);
        v = y * spec.goal_scale;
      }
      break;
    }
    case NormaliseMethod::dist2targ: {
      if (std::isnan(target)) throw Error("normalisation 'dist2targ' needs the indicator's target");
      const double t = target * direction;
      for (double& v : x) {
        v = 1 - (t - v) / (t - s.min);
        if (spec.cap && v > 1) v = 1;
      }
      break;
    }
    case NormaliseMethod::dist2max:
      for (double& v : x) v = 1 - (s.max - v) / range;
      break;
    case NormaliseMethod::dist2ref: {
      if (!ref_row) {
        throw Error("normalisation 'dist2ref': reference unit '" + spec.ref_unit +
                    "' is not in the data");
      }
      const double ref = x[*ref_row];
      for (double& v : x) {
        v = 1 - (ref - v) / (ref - s.min);
        if (spec.cap && v > 1) v = 1;
      }
      break;
    }
    case NormaliseMethod::fracmax:
      for (double& v : x) v = v / s.max;
      break;
    case NormaliseMethod::refmax:
      for (double& v : x) v = v * spec.scale / s.max;
      break;
  }
}

}  // namespace softpower::index
