#include "softpower/index/treat.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "softpower/core/stats.hpp"

namespace softpower::index {

bool passes_skew_kurtosis(std::span<const double> x, double skew_thresh, double kurt_thresh) {
  const double s = stats::skewness(x);
  const double k = stats::kurtosis(x);
  if (std::isnan(s) || std::isnan(k)) return true;  // too few values to judge
  return std::abs(s) < skew_thresh || k < kurt_thresh;
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
int winsorise(std::span<double> x, const TreatSpec& spec, std::vector<std::string>& flags) {
  bool passing = passes_skew_kurtosis(x, spec.skew, spec.kurtosis);
  if (passing && !spec.force_win) return 0;
  std::vector<std::size_t> last_high, last_low;
  auto below_winmax = [&] {
    return spec.winmax < 0 || static_cast<int>(last_high.size() + last_low.size()) < spec.winmax;
  };
  while ((!passing || spec.force_win) && below_winmax()) {
    const bool high = !(stats::skewness(x) < 0);
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
      flags[i] = high ? "winhi" : "winlo";
    }
    passing = passes_skew_kurtosis(x, spec.skew, spec.kurtosis);
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
  rec.flags.assign(x.size(), "");
  rec.skew_before = stats::skewness(x);
  rec.kurtosis_before = stats::kurtosis(x);
  rec.passed_before = passes_skew_kurtosis(x, spec.skew, spec.kurtosis);
  rec.skew_after = rec.skew_before;
  rec.kurtosis_after = rec.kurtosis_before;
  rec.passed_after = rec.passed_before;
  if (spec.method == TreatMethod::none || (rec.passed_before && !spec.force_win)) return rec;

  const std::vector<double> original(x.begin(), x.end());
  bool passing = rec.passed_before;
  if (spec.method == TreatMethod::winsorise) {
    rec.winsorised = winsorise(x, spec, rec.flags);
    passing = passes_skew_kurtosis(x, spec.skew, spec.kurtosis);
    rec.applied = TreatMethod::winsorise;
    const TreatMethod fallback = spec.fallback;
    if (!passing && fallback != TreatMethod::none) {
      if (!spec.combine) {
        std::copy(original.begin(), original.end(), x.begin());
        std::fill(rec.flags.begin(), rec.flags.end(), "");
      }
      apply_transform(x, fallback, spec.lambda);
      rec.applied = fallback;
      for (std::size_t i = 0; i < x.size(); ++i) {
        if (std::isnan(x[i])) continue;
        rec.flags[i] += (rec.flags[i].empty() ? "" : "+") + std::string(method_name(fallback));
      }
    }
  } else {
    apply_transform(x, spec.method, spec.lambda);
    rec.applied = spec.method;
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!std::isnan(x[i])) rec.flags[i] = std::string(method_name(spec.method));
    }
  }
  for (std::size_t i = 0; i < x.size(); ++i) {
    if (!rec.flags[i].empty() && rec.flags[i].rfind("win", 0) == 0) rec.points.push_back(i);
  }
  rec.skew_after = stats::skewness(x);
  rec.kurtosis_after = stats::kurtosis(x);
  rec.passed_after = passes_skew_kurtosis(x, spec.skew, spec.kurtosis);
  return rec;
}

}  // namespace softpower::index
