#pragma once
// The files of `softpower simulate sweep`: sweep.csv (one row per grid point: its parameters,
// then each measure's mean and 95% interval at the end of the point's runs) and sweep.html (a
// heat map of one measure over the first two parameters, one per value of the others).

#include <cstdint>
#include <string>
#include <vector>

#include "softpower/diffusion/ensemble.hpp"

namespace softpower::report {

struct SweepRow {
  std::vector<double> values;  ///< the point's value of each parameter
  std::size_t runs = 0, absorbed = 0;
  std::vector<diffusion::Interval> end;  ///< each measure at the end of the runs
};

struct Sweep {
  std::string title, description;
  std::uint64_t seed = 0;
  std::vector<std::string> parameters;
  std::vector<std::vector<std::string>> texts;  ///< each parameter's values as the grid wrote them
  std::vector<std::string> measures;
  std::vector<SweepRow> rows;  ///< by point, the last parameter changing fastest
  std::string measure;         ///< the heat map's
};

/// The columns of sweep.csv before those named at run time (the parameters, then runs,
/// absorbed and <measure>_mean, <measure>_lo, <measure>_hi of each measure).
const std::vector<std::string>& diffusion_sweep_columns();
std::string diffusion_sweep_csv(const Sweep& sweep);
std::string diffusion_sweep_html(const Sweep& sweep);

}  // namespace softpower::report
