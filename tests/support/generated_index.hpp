#pragma once
// Generated indices for tests of size: a spec of any shape written as text, and made-up data
// for it held in memory (no files), so that a test can run the pipeline, the audit and the
// writers on thousands of indicators or levels and check the values against a direct
// computation. The values are a fixed function of unit and indicator (value_of).

#include <Eigen/Dense>
#include <cmath>
#include <string>
#include <vector>

#include "softpower/index/pipeline.hpp"
#include "softpower/index/spec.hpp"

namespace softpower::testing {

/// The head of a spec: one year, normalised min-max to 0-100, arithmetic means.
inline std::string generated_head(const std::string& name = "generated") {
  return "[index]\nname = \"" + name +
         "\"\nyear = 2018\n[data]\ndatasets = [\"d\"]\n[steps]\norder = [\"normalise\", "
         "\"aggregate\"]\n[steps.normalise]\nmethod = \"minmax\"\nrange = [0, 100]\n"
         "[steps.aggregate]\nmethod = \"arithmetic\"\n";
}

/// `indicators` indicators i0, i1, ... under one aggregate "root", or with `pillar` under an
/// aggregate "p" that is the root's only component.
inline std::string flat_spec(std::size_t indicators, bool pillar = false) {
  std::string text = generated_head();
  text.reserve(indicators * 40);
  text += "[[aggregate]]\ncode = \"root\"\n";
  if (pillar) text += "[[aggregate]]\ncode = \"p\"\nparent = \"root\"\n";
  const std::string parent = pillar ? "p" : "root";
  for (std::size_t i = 0; i < indicators; ++i)
    text += "[[indicator]]\ncode = \"i" + std::to_string(i) + "\"\nparent = \"" + parent + "\"\n";
  return text;
}

/// A chain of `levels` aggregates a<levels> (the root) down to a1, listed from the top, with
/// `indicators` indicators i0, i1, ... under a1.
inline std::string chain_spec(int levels, std::size_t indicators = 1) {
  std::string text = generated_head();
  text.reserve(static_cast<std::size_t>(levels) * 40 + indicators * 40);
  for (int k = levels; k >= 1; --k) {
    text += "[[aggregate]]\ncode = \"a" + std::to_string(k) + "\"\n";
    if (k < levels) text += "parent = \"a" + std::to_string(k + 1) + "\"\n";
  }
  for (std::size_t i = 0; i < indicators; ++i)
    text += "[[indicator]]\ncode = \"i" + std::to_string(i) + "\"\nparent = \"a1\"\n";
  return text;
}

/// The made-up raw value of unit u for indicator i: spread over 0-99.9, different for every
/// indicator and never the same for units 0 and 1 (the step between units is odd, so no
/// column is constant and min-max normalisation is defined).
inline double value_of(std::size_t u, std::size_t i) {
  const std::size_t step = 7 * (2 * (i % 500) + 1);
  return static_cast<double>((i * 104729 + u * step) % 1000) / 10.0;
}

/// Input for `spec`: units U0, U1, ... with value_of(u, i) for every indicator, one year.
inline index::IndexInput generated_input(const index::Spec& spec, std::size_t units) {
  index::IndexInput input;
  for (std::size_t u = 0; u < units; ++u) input.units.push_back("U" + std::to_string(u));
  input.years = {2018};
  input.index_years = {2018};
  const std::size_t k = spec.indicators.size();
  input.raw.reserve(k);
  for (std::size_t i = 0; i < k; ++i) {
    Eigen::MatrixXd m(static_cast<Eigen::Index>(units), 1);
    for (std::size_t u = 0; u < units; ++u) m(static_cast<Eigen::Index>(u), 0) = value_of(u, i);
    input.raw.push_back(std::move(m));
  }
  input.denominator.assign(k, Eigen::MatrixXd());
  input.column_of.assign(k, std::vector<int>{0});
  return input;
}

/// Indicator i of every unit normalised min-max to 0-100, computed directly.
inline std::vector<double> normalised_column(std::size_t units, std::size_t i) {
  double lo = INFINITY, hi = -INFINITY;
  for (std::size_t u = 0; u < units; ++u) {
    lo = std::min(lo, value_of(u, i));
    hi = std::max(hi, value_of(u, i));
  }
  std::vector<double> out;
  for (std::size_t u = 0; u < units; ++u) out.push_back(100 * (value_of(u, i) - lo) / (hi - lo));
  return out;
}

}  // namespace softpower::testing
