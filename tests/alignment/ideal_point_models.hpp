#pragma once
// The ideal-point models the validation tests run (tests/alignment/ideal_point_simulate_test.cpp,
// ideal_points_validation_test.cpp), each with the floors it reached when measured
// (docs/alignment-ideal-points.md, "Validation"). A new model is one more row of models().

#include <gtest/gtest.h>

#include <ostream>
#include <string>
#include <vector>

#include "softpower/alignment/ideal_points.hpp"

namespace softpower::alignment::validation {

struct ModelCase {
  std::string name;
  /// Sets the options that choose the model.
  void (*choose)(IdealPointOptions&);
  /// Pearson r with the published Bailey-Strezhnev-Voeten positions in sessions 25, 45, 60
  /// and 74 (1970, 1990, 2005, 2019): the floors asserted.
  double published[4];
  /// Pearson r with pscl::ideal's posterior means in sessions 70 and 40
  /// (tests/reference/alignment/ideal-points-session-*.pscl.csv): the floors asserted.
  double pscl[2];
  /// Correlation with the truth over all country-sessions of the simulated panel
  /// (simulated_panel() of ideal_point_simulate_test.cpp): the floor asserted.
  double recovery;
  /// The same when the whole simulated assembly moves by 0.1 per session.
  double recovery_moving;
};

inline void session_model(IdealPointOptions& o) {
  o.dynamic = false;
}
inline void dynamic_model(IdealPointOptions& o) {
  o.dynamic = true;
}
inline void bridged_model(IdealPointOptions& o) {
  o.bridged = true;
}

inline const std::vector<ModelCase>& models() {
  // name, choose, published (sessions 25, 45, 60, 74), pscl (70, 40), recovery, recovery_moving
  static const std::vector<ModelCase> all = {
      {"session", session_model, {0.91, 0.97, 0.98, 0.98}, {0.965, 0.935}, 0.97, 0.90},
      {"dynamic", dynamic_model, {0.82, 0.955, 0.98, 0.99}, {0.935, 0.98}, 0.98, 0.92},
      {"bridged", bridged_model, {0.90, 0.97, 0.98, 0.99}, {0.94, 0.98}, 0.98, 0.975},
  };
  return all;
}

inline void PrintTo(const ModelCase& m, std::ostream* os) {
  *os << m.name;
}

inline std::string model_name(const ::testing::TestParamInfo<ModelCase>& info) {
  return info.param.name;
}

}  // namespace softpower::alignment::validation
