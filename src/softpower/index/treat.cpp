#include "softpower/index/treat.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "softpower/core/stats.hpp"

namespace softpower::index {

namespace {
bool passes(const stats::Shape& s, double skew_thresh, double kurt_thresh) {
  if (std::isnan(s.skewness) || std::isnan(s.kurtosis)) return true;  // too few values to judge
  return std::abs(s.skewness) < skew_thresh || s.kurtosis < kurt_thresh;
}
}  // namespace

bool passes_skew_kurtosis(std::span<const double> x, double skew_thresh, double kurt_thresh) {
  return passes(stats::shape(x), skew_thresh, kurt_thresh);
}

void log_transform(std::span<double> x) {
  const double lo = stats::min(x), hi = stats::max(x);
  for (double& v : x) {
    if (!std::isnan(v)) v = std::log(v - lo + 0.01 * (hi - lo));
  }
}

void boxcox_transform(std::span<double> x, double lambda) {
  const double lo = stats::min(x);
  for (double& v : x) {
    if (std::isnan(v)) continue;
    const double y = v - lo + 1;
    v = lambda == 0 ? std::log(y) : (std::pow(y, lambda) - 1) / lambda;
  }
}

namespace {

// COINr's winsorise(): returns the number of points it reports as winsorised, which is the
// number of tied extremes moved at the last high step plus those at the last low step.
int winsorise(std::span<double> x, const TreatSpec& spec, stats::Shape shape,
              std::vector<bool>& moved_ever) {
  bool passing = passes(shape, spec.skew, spec.kurtosis);
  if (passing && !spec.force_win) return 0;
  std::vector<std::size_t> last_high, last_low;
  auto below_winmax = [&] {
    return spec.winmax < 0 || static_cast<int>(last_high.size() + last_low.size()) < spec.winmax;
  };
  while ((!passing || spec.force_win) && below_winmax()) {
    const bool high = !(shape.skewness < 0);
    const double extreme = high ? stats::max(x) : stats::min(x);
    std::vector<std::size_t>& moved = high ? last_high : last_low;
    moved.clear();
    double next = std::numeric_limits<double>::quiet_NaN();
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (std::isnan(x[i])) continue;
      if (x[i] == extreme) {
        moved.push_back(i);
      } else if (std::isnan(next) || (high ? x[i] > next : x[i] < next)) {
        next = x[i];
      }
    }
    if (std::isnan(next)) break;  // all values equal: nothing left to winsorise
    for (std::size_t i : moved) {
      x[i] = next;
      moved_ever[i] = true;
    }
    shape = stats::shape(x);
    passing = passes(shape, spec.skew, spec.kurtosis);
  }
  return static_cast<int>(last_high.size() + last_low.size());
}

void apply_transform(std::span<double> x, TreatMethod method, double lambda) {
  if (method == TreatMethod::log) log_transform(x);
  if (method == TreatMethod::boxcox) boxcox_transform(x, lambda);
}

}  // namespace

TreatmentRecord treat_indicator(std::span<double> x, const TreatSpec& spec) {
  TreatmentRecord rec;
  const stats::Shape before = stats::shape(x);
  rec.skew_before = rec.skew_after = before.skewness;
  rec.kurtosis_before = rec.kurtosis_after = before.kurtosis;
  rec.passed_before = rec.passed_after = passes(before, spec.skew, spec.kurtosis);
  if (spec.method == TreatMethod::none || (rec.passed_before && !spec.force_win)) return rec;

  if (spec.method == TreatMethod::winsorise) {
    const std::vector<double> original(x.begin(), x.end());
    std::vector<bool> moved(x.size(), false);
    rec.winsorised = winsorise(x, spec, before, moved);
    rec.applied = TreatMethod::winsorise;
    if (!passes_skew_kurtosis(x, spec.skew, spec.kurtosis) && spec.fallback != TreatMethod::none) {
      if (!spec.combine) {
        std::copy(original.begin(), original.end(), x.begin());
        moved.assign(x.size(), false);
      }
      apply_transform(x, spec.fallback, spec.lambda);
      rec.applied = spec.fallback;
    }
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (moved[i]) rec.points.push_back(i);
    }
  } else {
    apply_transform(x, spec.method, spec.lambda);
    rec.applied = spec.method;
  }
  const stats::Shape after = stats::shape(x);
  rec.skew_after = after.skewness;
  rec.kurtosis_after = after.kurtosis;
  rec.passed_after = passes(after, spec.skew, spec.kurtosis);
  return rec;
}

}  // namespace softpower::index
