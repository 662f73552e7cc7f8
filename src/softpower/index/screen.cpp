#include "softpower/index/screen.hpp"

#include <algorithm>
#include <cmath>

#include "softpower/core/error.hpp"

namespace softpower::index {

ScreenRecord screen_units(const Eigen::MatrixXd& values, const std::vector<std::string>& units,
                          const ScreenSpec& spec) {
  const auto n = static_cast<std::size_t>(values.rows());
  const auto k = static_cast<double>(values.cols());
  ScreenRecord rec;
  rec.availability.resize(n);
  rec.nonzero.resize(n);
  rec.included.assign(n, true);
  for (std::size_t u = 0; u < n; ++u) {
    double present = 0, zeros = 0;
    for (Eigen::Index i = 0; i < values.cols(); ++i) {
      const double v = values(static_cast<Eigen::Index>(u), i);
      if (std::isnan(v)) continue;
      ++present;
      zeros += v == 0;
    }
    rec.availability[u] = present / k;
    rec.nonzero[u] = present > 0 ? 1 - zeros / present : 0;
    const bool low_data = rec.availability[u] < spec.threshold;
    const bool low_nonzero = rec.nonzero[u] < spec.nonzero;
    switch (spec.by) {
      case ScreenBy::none:
        break;
      case ScreenBy::na:
        rec.included[u] = !low_data;
        break;
      case ScreenBy::zeros:
        rec.included[u] = !low_nonzero;
        break;
      case ScreenBy::na_and_zeros:
        rec.included[u] = !low_data && !low_nonzero;
        break;
    }
  }
  auto force = [&](const std::vector<std::string>& codes, bool include) {
    for (const auto& code : codes) {
      auto it = std::find(units.begin(), units.end(), code);
      if (it == units.end())
        throw Error("steps.screen: forced unit '" + code + "' is not in the data");
      rec.included[static_cast<std::size_t>(it - units.begin())] = include;
    }
  };
  force(spec.force_in, true);
  force(spec.force_out, false);
  return rec;
}

}  // namespace softpower::index
