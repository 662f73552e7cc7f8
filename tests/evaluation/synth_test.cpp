// Synthetic control with predictors (Abadie, Diamond and Hainmueller 2010) on their
// California example (../shared/data/evaluation/smoking_abadie2010.csv), against R's Synth
// 1.1-8 (tests/reference/evaluation/smoking/, made by make/synth_smoking.R) and the paper's
// Table 2, with the in-space placebos; the simplex programme on small cases with known answers.

#include "softpower/evaluation/synth.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "evaluation/synth_smoking.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

namespace softpower::evaluation {
namespace {

using testing::load_smoking;
using testing::Smoking;

using Eigen::Index;
using Eigen::MatrixXd;
using Eigen::VectorXd;

Table reference(const std::string& name) {
  return read_csv(testing::source_dir() / "tests" / "reference" / "evaluation" / "smoking" / name);
}

double weight_of(const Smoking& s, const SynthFit& fit, const std::string& state) {
  for (std::size_t d = 0; d < fit.donors.size(); ++d) {
    if (s.states[static_cast<std::size_t>(fit.donors[d])] == state) {
      return fit.weights[static_cast<Index>(d)];
    }
  }
  ADD_FAILURE() << state << " is not a donor";
  return NAN;
}

TEST(SynthTest, DonorWeightsForSynthsPredictorWeightsAreSynths) {
  // With Synth's V the programme is the same; Synth's interior-point solver (ipop, margin
  // 5e-4) leaves weights of about 1e-5 on every state where ours are exactly zero.
  SOFTPOWER_REQUIRE_DATA(data);
  const Smoking s = load_smoking(data);
  const Table v_ref = reference("predictor_weights.csv");
  VectorXd v(7);
  for (Index r = 0; r < 7; ++r) v[r] = v_ref.number(static_cast<std::size_t>(r), 1);
  SynthOptions fixed;
  fixed.predictor_weights = v;
  const SynthFit fit = synth_fit(s.panel, s.california, {}, fixed);
  const Table w_ref = reference("weights.csv");
  ASSERT_EQ(w_ref.size(), 38U);
  double largest = 0;
  for (std::size_t r = 0; r < w_ref.size(); ++r) {
    const double got = weight_of(s, fit, w_ref.cell(r, 0));
    EXPECT_NEAR(got, w_ref.number(r, 1), 2e-3) << w_ref.cell(r, 0);
    largest = std::max(largest, std::abs(got - w_ref.number(r, 1)));
  }
  std::cout << "  largest difference from Synth's W: " << largest << "\n";
  const Table loss = reference("loss.csv");
  EXPECT_NEAR(fit.loss_v, loss.number(0, 0), 0.01 * loss.number(0, 0));
  EXPECT_LE(fit.loss_w, loss.number(0, 1));  // the exact optimum is no worse than ipop's
}

TEST(SynthTest, CaliforniaIsUtahNevadaMontanaColoradoAndConnecticut) {
  // The nested search fits the pre-period at least as well as Synth and finds its donors. The
  // paper's Table 2: Colorado 0.164, Connecticut 0.069, Montana 0.199, Nevada 0.234, New
  // Hampshire 0.045, Utah 0.334 (an older optimiser and data vintage; Synth 1.1-8 itself gives
  // New Hampshire ~0): the five large weights are reproduced within 0.01 (0.005 when written).
  SOFTPOWER_REQUIRE_DATA(data);
  const Smoking s = load_smoking(data);
  const SynthFit fit = synth_fit(s.panel, s.california);
  const Table loss = reference("loss.csv");
  EXPECT_LE(fit.loss_v, loss.number(0, 0) * (1 + 1e-3));
  const std::map<std::string, double> paper = {{"Colorado", 0.164},
                                               {"Connecticut", 0.069},
                                               {"Montana", 0.199},
                                               {"Nevada", 0.234},
                                               {"Utah", 0.334}};
  double five = 0;
  for (const auto& [state, w] : paper) {
    EXPECT_NEAR(weight_of(s, fit, state), w, 0.01) << state;
    five += weight_of(s, fit, state);
  }
  EXPECT_GT(five, 0.97);
  EXPECT_NEAR(fit.predictor_weights.sum(), 1, 1e-12);
  EXPECT_NEAR(fit.weights.sum(), 1, 1e-12);
  EXPECT_GE(fit.weights.minCoeff(), 0);
  // The paper's Figure 3: by 2000 sales are about 26 packs lower than the synthetic's.
  EXPECT_NEAR(fit.gaps[30], -26, 3);
  std::cout << "  pre-period MSPE " << fit.loss_v << " (Synth " << loss.number(0, 0)
            << "); weights";
  for (const auto& [state, w] : paper) std::cout << " " << state << " " << weight_of(s, fit, state);
  std::cout << ", New Hampshire " << weight_of(s, fit, "New Hampshire") << "\n";
}

TEST(SynthTest, CaliforniasPostPreRatioIsTheLargestOfThePlacebos) {
  // Abadie et al. (2010), Figure 7: California has the highest ratio of post- to
  // pre-Proposition 99 RMSPE of the 39 states, p = 1/39 ≈ 0.026.
  SOFTPOWER_REQUIRE_DATA(data);
  const Smoking s = load_smoking(data);
  // A shorter search for V (500 evaluations per start) keeps the 39 fits quick; the ranking
  // does not depend on it.
  SynthOptions quick;
  quick.max_evaluations = 500;
  const SynthPlacebos p = synth_placebos(s.panel, s.california, {}, quick);
  ASSERT_EQ(p.placebos.size(), 38U);
  EXPECT_DOUBLE_EQ(p.p_value, 1.0 / 39);
  for (const SynthFit& f : p.placebos) {
    EXPECT_NE(f.treated, s.california);
    EXPECT_EQ(f.donors.size(), 37U);
    EXPECT_LT(f.post_rmspe / f.pre_rmspe, p.treated.post_rmspe / p.treated.pre_rmspe);
  }
  std::cout << "  California's post/pre RMSPE ratio " << p.treated.post_rmspe / p.treated.pre_rmspe
            << ", the next largest " <<
      [&] {
        double next = 0;
        for (const SynthFit& f : p.placebos) next = std::max(next, f.post_rmspe / f.pre_rmspe);
        return next;
      }() << "\n";
}

TEST(SynthTest, DonorWeightsAreExactOnSmallProgrammes) {
  MatrixXd x0(2, 3);
  x0 << 0, 1, 0,  //
      0, 0, 1;
  // Inside the triangle: the barycentric coordinates, zero loss.
  VectorXd w = synth_donor_weights(VectorXd::Map(std::vector<double>{0.2, 0.3}.data(), 2), x0,
                                   VectorXd::Ones(2));
  EXPECT_NEAR(w[0], 0.5, 1e-9);
  EXPECT_NEAR(w[1], 0.2, 1e-9);
  EXPECT_NEAR(w[2], 0.3, 1e-9);
  // Outside: the nearest point of the hull, here on the edge between donors 2 and 3.
  w = synth_donor_weights(VectorXd::Map(std::vector<double>{1, 1}.data(), 2), x0,
                          VectorXd::Ones(2));
  EXPECT_NEAR(w[0], 0, 1e-12);
  EXPECT_NEAR(w[1], 0.5, 1e-9);
  EXPECT_NEAR(w[2], 0.5, 1e-9);
  // V weights the first predictor only: donor 2 (x = 1) fits x1 = (1.5, 7) best.
  w = synth_donor_weights(VectorXd::Map(std::vector<double>{1.5, 7}.data(), 2), x0,
                          VectorXd::Map(std::vector<double>{1, 0}.data(), 2));
  EXPECT_NEAR(w[1], 1, 1e-9);
}

TEST(SynthTest, InputsItCannotUseAreErrors) {
  SynthPanel p;
  p.predictors = MatrixXd::Random(2, 4);
  p.outcomes = MatrixXd::Random(5, 4);
  p.pre_periods = 5;
  EXPECT_THROW(synth_fit(p, 0), Error);  // no post-period
  p.pre_periods = 3;
  EXPECT_THROW(synth_fit(p, 4), Error);       // no such unit
  EXPECT_THROW(synth_fit(p, 0, {1}), Error);  // one donor
  EXPECT_THROW(synth_fit(p, 0, {0, 1}), Error);
  p.predictors.row(1).setConstant(2);
  EXPECT_THROW(synth_fit(p, 0), Error);  // a predictor that does not vary
  p.predictors = MatrixXd::Random(2, 4);
  p.outcomes(1, 2) = NAN;
  EXPECT_THROW(synth_fit(p, 0), Error);
}

}  // namespace
}  // namespace softpower::evaluation
