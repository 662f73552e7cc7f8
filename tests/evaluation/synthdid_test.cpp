// Synthetic DiD, SC and DiD against synthdid 0.0.9's numbers on Proposition 99
// (tests/reference/evaluation/prop99/, made by tests/reference/evaluation/make/synthdid_prop99.R),
// the paper's rounded estimates, small panels with known answers, and the standard errors'
// invariants.

#include "softpower/evaluation/synthdid.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <set>
#include <string>

#include "evaluation/synth_prop99.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"
#include "softpower/evaluation/synth_frank_wolfe.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

namespace softpower::evaluation {
namespace {

using Eigen::MatrixXd;
using Eigen::VectorXd;

const std::vector<std::string> kFive = {"California", "Virginia", "West Virginia", "Wisconsin",
                                        "Wyoming"};

Table reference(const std::string& name) {
  return read_csv(testing::source_dir() / "tests" / "reference" / "evaluation" / "prop99" / name);
}

SynthdidMethod method_of(const std::string& name) {
  if (name == "sdid") return SynthdidMethod::sdid;
  if (name == "sc") return SynthdidMethod::sc;
  return SynthdidMethod::did;
}

testing::Prop99 setup_of(const std::filesystem::path& data, const std::string& name) {
  return name == "prop99" ? testing::load_prop99(data) : testing::load_prop99(data, kFive);
}

// The largest difference from synthdid seen by a test, printed at its end (as the reference
// runner prints its agreement).
struct Agreement {
  double largest = 0;
  std::string where;
  ~Agreement() {
    std::cout << "  largest difference from synthdid: " << largest << " (" << where << ")\n";
  }
};

// |got − expected| ≤ 1e-6 |expected| + absolute.
void expect_close(double got, double expected, double absolute, const std::string& what,
                  Agreement& agreement) {
  EXPECT_LE(std::abs(got - expected), 1e-6 * std::abs(expected) + absolute)
      << what << ": got " << got << ", synthdid " << expected;
  if (std::abs(got - expected) > agreement.largest) {
    agreement.largest = std::abs(got - expected);
    agreement.where = what;
  }
}

TEST(SynthdidTest, EstimatesNoiseAndRegularisationMatchSynthdid) {
  SOFTPOWER_REQUIRE_DATA(data);
  Agreement agreement;
  const Table t = reference("estimates.csv");
  ASSERT_EQ(t.size(), 6U);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string what = t.cell(r, 0) + " " + t.cell(r, 1);
    const auto p = setup_of(data, t.cell(r, 0));
    const SynthdidFit fit = synthdid_fit(p.panel, method_of(t.cell(r, 1)));
    expect_close(fit.estimate, t.number(r, 2), 0, what + " estimate", agreement);
    expect_close(fit.settings.noise_level, t.number(r, 3), 0, what + " noise level", agreement);
    expect_close(fit.settings.zeta_omega, t.number(r, 4), 0, what + " zeta omega", agreement);
    expect_close(fit.settings.zeta_lambda, t.number(r, 5), 0, what + " zeta lambda", agreement);
  }
}

TEST(SynthdidTest, Prop99EstimatesAreThePapers) {
  // Arkhangelsky et al. (2021), Table 1: SDID −15.6, SC −19.6, DID −27.3.
  SOFTPOWER_REQUIRE_DATA(data);
  const auto p = testing::load_prop99(data);
  ASSERT_EQ(p.panel.n0, 38);
  ASSERT_EQ(p.panel.t0, 19);
  EXPECT_NEAR(synthdid_fit(p.panel, SynthdidMethod::sdid).estimate, -15.6, 0.05);
  EXPECT_NEAR(synthdid_fit(p.panel, SynthdidMethod::sc).estimate, -19.6, 0.05);
  EXPECT_NEAR(synthdid_fit(p.panel, SynthdidMethod::did).estimate, -27.3, 0.05);
}

TEST(SynthdidTest, UnitAndTimeWeightsMatchSynthdid) {
  SOFTPOWER_REQUIRE_DATA(data);
  Agreement agreement;
  std::map<std::string, SynthdidFit> fits;
  std::map<std::string, testing::Prop99> setups;
  const auto fit_of = [&](const std::string& setup, const std::string& method) {
    const std::string key = setup + " " + method;
    if (!fits.contains(key)) {
      setups[setup] = setup_of(data, setup);
      fits[key] = synthdid_fit(setups[setup].panel, method_of(method));
    }
    return fits[key];
  };
  const Table units = reference("unit_weights.csv");
  ASSERT_EQ(units.size(), 2U * (38 + 34));
  for (std::size_t r = 0; r < units.size(); ++r) {
    const SynthdidFit fit = fit_of(units.cell(r, 0), units.cell(r, 1));
    const auto& names = setups[units.cell(r, 0)].units;
    const auto i = std::find(names.begin(), names.end(), units.cell(r, 2)) - names.begin();
    ASSERT_LT(i, fit.omega.size()) << units.cell(r, 2);
    expect_close(fit.omega[i], units.number(r, 3), 1e-9,
                 units.cell(r, 0) + " " + units.cell(r, 1) + " omega " + units.cell(r, 2),
                 agreement);
  }
  const Table times = reference("time_weights.csv");
  ASSERT_EQ(times.size(), 2U * 19);
  for (std::size_t r = 0; r < times.size(); ++r) {
    const SynthdidFit fit = fit_of(times.cell(r, 0), times.cell(r, 1));
    const auto i = static_cast<Eigen::Index>(times.number(r, 2)) - 1970;
    expect_close(fit.lambda[i], times.number(r, 3), 1e-9,
                 times.cell(r, 0) + " lambda " + times.cell(r, 2), agreement);
  }
  // SC has no time weights; every weight vector lies on the simplex.
  EXPECT_EQ(fit_of("prop99", "sc").lambda.squaredNorm(), 0);
  for (const auto& [key, fit] : fits) {
    EXPECT_NEAR(fit.omega.sum(), 1, 1e-12) << key;
    EXPECT_GE(fit.omega.minCoeff(), 0) << key;
  }
}

TEST(SynthdidTest, EffectCurveMatchesSynthdid) {
  // After T0 treated − counterfactual of synthdid_path is synthdid_effect_curve.
  SOFTPOWER_REQUIRE_DATA(data);
  Agreement agreement;
  const Table t = reference("effect_curve.csv");
  ASSERT_EQ(t.size(), 2U * 3 * 12);
  std::map<std::string, SynthdidPath> paths;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string key = t.cell(r, 0) + " " + t.cell(r, 1);
    if (!paths.contains(key)) {
      const auto p = setup_of(data, t.cell(r, 0));
      paths[key] = synthdid_path(p.panel, synthdid_fit(p.panel, method_of(t.cell(r, 1))));
    }
    const auto year = static_cast<Eigen::Index>(t.number(r, 2)) - 1970;
    const SynthdidPath& path = paths[key];
    expect_close(path.treated[year] - path.counterfactual[year], t.number(r, 3), 1e-9,
                 key + " effect " + t.cell(r, 2), agreement);
  }
}

TEST(SynthdidTest, PlaceboOfEachControlMatchesSynthdid) {
  SOFTPOWER_REQUIRE_DATA(data);
  Agreement agreement;
  const auto p = testing::load_prop99(data);
  const Table t = reference("placebo_units.csv");
  ASSERT_EQ(t.size(), 3U * 38);
  std::map<std::string, SynthdidFit> fits;
  std::map<std::string, std::vector<InSpacePlacebo>> placebos;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const std::string& method = t.cell(r, 1);
    if (!fits.contains(method)) fits[method] = synthdid_fit(p.panel, method_of(method));
    const SynthdidFit& fit = fits[method];
    // Each control as the one treated unit: placebo_se's draw for that control.
    const auto j = std::find(p.units.begin(), p.units.end(), t.cell(r, 2)) - p.units.begin();
    if (!placebos.contains(method)) placebos[method] = synthdid_in_space_placebos(p.panel, fit);
    const InSpacePlacebo& got = placebos[method][static_cast<std::size_t>(j)];
    ASSERT_EQ(got.unit, j);
    expect_close(got.estimate, t.number(r, 3), 1e-6, method + " placebo " + t.cell(r, 2),
                 agreement);
  }
}

TEST(SynthdidTest, JackknifeMatchesSynthdidAndIsUndefinedForOneTreatedUnit) {
  SOFTPOWER_REQUIRE_DATA(data);
  Agreement agreement;
  const Table t = reference("se.csv");
  int compared = 0;
  const auto five = testing::load_prop99(data, kFive);
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (t.cell(r, 2) != "jackknife") continue;
    const SynthdidFit fit = synthdid_fit(five.panel, method_of(t.cell(r, 1)));
    const SynthdidSeResult se = synthdid_se(five.panel, fit, SynthdidSe::jackknife);
    expect_close(se.se, t.number(r, 5), 0, t.cell(r, 1) + " jackknife", agreement);
    EXPECT_EQ(se.replications.size(), 39);
    ++compared;
  }
  EXPECT_EQ(compared, 3);
  const auto one = testing::load_prop99(data);
  const SynthdidFit fit = synthdid_fit(one.panel, SynthdidMethod::sdid);
  EXPECT_TRUE(std::isnan(synthdid_se(one.panel, fit, SynthdidSe::jackknife).se));
  EXPECT_TRUE(std::isnan(synthdid_se(one.panel, fit, SynthdidSe::bootstrap, 10).se));
}

// The Monte Carlo standard deviation of sqrt((B−1)/B) × sd of B draws from a distribution
// with variance `var` and fourth central moment `m4`: by the delta method,
// sd(s²) / (2 s) with var(s²) ≈ (m4 − var² (B − 3) / (B − 1)) / B.
double mc_sd_of_se(double var, double m4, int b) {
  const double var_s2 = (m4 - var * var * (b - 3.0) / (b - 1.0)) / b;
  return std::sqrt(var_s2) / (2 * std::sqrt(var));
}

TEST(SynthdidTest, PlaceboSeIsWithinMonteCarloErrorOfItsExactValueAsSynthdidIs) {
  // With one treated unit a placebo draw is the placebo estimate of a control chosen uniformly
  // (the order of the other controls changes only the solver's path), so as B grows the
  // placebo SE tends to the spread of the 38 estimates of placebo_units.csv. Ours and
  // synthdid's (two seeds) must lie within 4 Monte Carlo standard deviations of it. Replication
  // r depends only on (seed, r), so the first 50 of 1000 are the 50 of a shorter run.
  SOFTPOWER_REQUIRE_DATA(data);
  const auto p = testing::load_prop99(data);
  const Table units = reference("placebo_units.csv");
  const Table se = reference("se.csv");
  for (const std::string method : {"sdid", "sc", "did"}) {
    std::vector<double> support;
    for (std::size_t r = 0; r < units.size(); ++r) {
      if (units.cell(r, 1) == method) support.push_back(units.number(r, 3));
    }
    ASSERT_EQ(support.size(), 38U);
    double mean = 0;
    for (double v : support) mean += v / 38;
    double var = 0;
    double m4 = 0;
    for (double v : support) {
      var += (v - mean) * (v - mean) / 38;
      m4 += std::pow(v - mean, 4) / 38;
    }
    // Ours with B = 1000 (a Monte Carlo sd a little over a third of B = 200's), synthdid's with
    // its B = 200.
    const auto exact = [&](int b) { return std::sqrt(var * (b - 1.0) / b); };
    const SynthdidFit fit = synthdid_fit(p.panel, method_of(method));
    const SynthdidSeResult ours = synthdid_se(p.panel, fit, SynthdidSe::placebo, 1000, 7);
    EXPECT_NEAR(ours.se, exact(1000), 4 * mc_sd_of_se(var, m4, 1000)) << method;
    std::cout << "  " << method << ": exact " << exact(1000) << ", ours " << ours.se
              << " (Monte Carlo sd " << mc_sd_of_se(var, m4, 1000) << ")\n";
    for (std::size_t r = 0; r < se.size(); ++r) {
      if (se.cell(r, 0) == "prop99" && se.cell(r, 1) == method) {
        EXPECT_NEAR(se.number(r, 5), exact(200), 4 * mc_sd_of_se(var, m4, 200))
            << method << " synthdid seed " << se.cell(r, 4);
      }
    }
    // Every replication is one of the 38 placebo estimates (to the solver's tolerance).
    for (double v : ours.replications) {
      double nearest = INFINITY;
      for (double s : support) nearest = std::min(nearest, std::abs(v - s));
      EXPECT_LT(nearest, 1e-3) << method << " replication " << v;
    }
    // The same seed gives the same numbers; another seed others.
    const SynthdidSeResult again = synthdid_se(p.panel, fit, SynthdidSe::placebo, 50, 7);
    EXPECT_EQ(again.replications, ours.replications.head(50));
    EXPECT_NE(synthdid_se(p.panel, fit, SynthdidSe::placebo, 50, 8).se, again.se);
  }
}

TEST(SynthdidTest, PlaceboDrawsOfTheSameControlShareItsInSpacePlaceboFit) {
  // With one treated unit every draw is exactly the in-space placebo of the control it drew
  // (the draws of one control share a fit, donors in panel order), on one thread as on two.
  SOFTPOWER_REQUIRE_DATA(data);
  const auto p = testing::load_prop99(data);
  const char* threads = std::getenv("SOFTPOWER_THREADS");
  const std::string saved = threads != nullptr ? threads : "";
  for (const SynthdidMethod method : {SynthdidMethod::sdid, SynthdidMethod::sc}) {
    const SynthdidFit fit = synthdid_fit(p.panel, method);
    const std::vector<InSpacePlacebo> placebos = synthdid_in_space_placebos(p.panel, fit);
    setenv("SOFTPOWER_THREADS", "1", 1);
    const SynthdidSeResult one = synthdid_se(p.panel, fit, SynthdidSe::placebo, 200, 3);
    setenv("SOFTPOWER_THREADS", "2", 1);
    const SynthdidSeResult two = synthdid_se(p.panel, fit, SynthdidSe::placebo, 200, 3);
    EXPECT_EQ(one.replications, two.replications);
    EXPECT_EQ(one.se, two.se);
    std::set<Eigen::Index> drawn;
    for (const double v : one.replications) {
      const auto same = std::find_if(placebos.begin(), placebos.end(),
                                     [&](const InSpacePlacebo& pl) { return pl.estimate == v; });
      ASSERT_NE(same, placebos.end()) << method_name(method) << " replication " << v;
      drawn.insert(same->unit);
    }
    EXPECT_GT(drawn.size(), 30U) << method_name(method);  // 200 draws of 38 controls
  }
  if (saved.empty()) {
    unsetenv("SOFTPOWER_THREADS");
  } else {
    setenv("SOFTPOWER_THREADS", saved.c_str(), 1);
  }
}

TEST(SynthdidTest, BootstrapSeIsWithinMonteCarloErrorOfSynthdids) {
  // Two independent estimates of the same bootstrap SE (ours, synthdid's, B = 200 each): their
  // difference has sd sqrt(2) times one's Monte Carlo sd, taken from our replications'
  // moments; they must agree within 4 of those.
  SOFTPOWER_REQUIRE_DATA(data);
  const auto five = testing::load_prop99(data, kFive);
  const Table se = reference("se.csv");
  int compared = 0;
  for (std::size_t r = 0; r < se.size(); ++r) {
    if (se.cell(r, 2) != "bootstrap") continue;
    const SynthdidFit fit = synthdid_fit(five.panel, method_of(se.cell(r, 1)));
    const SynthdidSeResult ours = synthdid_se(five.panel, fit, SynthdidSe::bootstrap, 200, 3);
    const VectorXd& v = ours.replications;
    const double mean = v.mean();
    const double var = (v.array() - mean).square().mean();
    const double m4 = (v.array() - mean).pow(4).mean();
    const double tolerance = 4 * std::sqrt(2.0) * mc_sd_of_se(var, m4, 200);
    EXPECT_NEAR(ours.se, se.number(r, 5), tolerance) << se.cell(r, 1);
    std::cout << "  " << se.cell(r, 1) << ": ours " << ours.se << ", synthdid " << se.number(r, 5)
              << " (tolerance " << tolerance << ")\n";
    EXPECT_EQ(synthdid_se(five.panel, fit, SynthdidSe::bootstrap, 200, 3).replications, v);
    ++compared;
  }
  EXPECT_EQ(compared, 3);
}

// A panel where DiD is computed by hand: 3 controls, 2 treated, 3 pre- and 2 post-periods.
SynthdidPanel small_panel() {
  MatrixXd y(5, 5);
  y << 1, 2, 3, 4, 5,   //
      2, 2, 4, 4, 6,    //
      0, 1, 1, 3, 2,    //
      3, 5, 6, 10, 12,  //
      2, 2, 3, 6, 9;
  return SynthdidPanel{y, 3, 3};
}

TEST(SynthdidTest, DidIsTheDifferenceOfMeanDifferences) {
  const SynthdidFit fit = synthdid_fit(small_panel(), SynthdidMethod::did);
  // Treated: post mean 37/4, pre mean 21/6; controls: post mean 24/6, pre mean 16/9.
  const double expected = (37.0 / 4 - 21.0 / 6) - (24.0 / 6 - 16.0 / 9);
  EXPECT_NEAR(fit.estimate, expected, 1e-12);
  EXPECT_EQ(fit.omega, VectorXd::Constant(3, 1.0 / 3));
  EXPECT_EQ(fit.lambda, VectorXd::Constant(3, 1.0 / 3));
}

TEST(SynthdidTest, PathsAverageToTheEstimate) {
  // After T0 the gap between the treated mean and its counterfactual averages to τ̂ for each
  // method; DID's counterfactual is the controls' mean shifted by the mean pre-period gap.
  for (const auto method : {SynthdidMethod::sdid, SynthdidMethod::sc, SynthdidMethod::did}) {
    const SynthdidFit fit = synthdid_fit(small_panel(), method);
    const SynthdidPath path = synthdid_path(small_panel(), fit);
    const VectorXd gap = path.treated - path.counterfactual;
    EXPECT_NEAR(gap.tail(2).mean(), fit.estimate, 1e-12) << method_name(method);
    if (method == SynthdidMethod::did) {
      // Controls' means 1, 5/3, 8/3, 11/3, 13/3; treated 2.5, 3.5, 4.5, 8, 10.5.
      EXPECT_NEAR(path.counterfactual[3], 11.0 / 3 + (10.5 / 3 - 16.0 / 9), 1e-12);
      EXPECT_NEAR(path.treated[4], 10.5, 1e-12);
    }
  }
}

TEST(SynthdidTest, ScPutsAllWeightOnAControlThatCopiesTheTreated) {
  MatrixXd y(4, 4);
  y << 1, 2, 3, 4,  //
      5, 3, 8, 1,   //
      2, 7, 1, 9,   //
      5, 3, 8, 11;  // treated: control 2 until the effect of +10 in the last period
  const SynthdidFit fit = synthdid_fit(SynthdidPanel{y, 3, 3}, SynthdidMethod::sc);
  EXPECT_NEAR(fit.omega[1], 1, 1e-4);
  EXPECT_NEAR(fit.estimate, 10, 1e-3);
}

TEST(SynthdidTest, SimplexSolverFindsTheInteriorOptimum) {
  // |x − (0.2, 0.3, 0.5)|² on the simplex (A = I, tiny ridge): the target itself.
  const VectorXd target = (VectorXd(3) << 0.2, 0.3, 0.5).finished();
  const SimplexFit fit = simplex_least_squares(MatrixXd::Identity(3, 3), target, 0,
                                               VectorXd::Constant(3, 1.0 / 3), 1e-12, 100000);
  EXPECT_LT((fit.weights - target).norm(), 1e-5);
  EXPECT_GT(fit.iterations, 2);
}

TEST(SynthdidTest, SimplexSolverTakesTheFirstOfEqualGradientsAcrossItsBlocksOfEight) {
  // Eleven columns (a block of eight and a padded one), columns 2 and 9 the same and no ridge:
  // their half-gradients are always equal, so every step that moves towards one of them moves
  // towards column 2 (R's which.min), which gains weight while column 9 only shrinks.
  MatrixXd a(4, 11);
  for (Eigen::Index j = 0; j < 11; ++j) {
    for (Eigen::Index i = 0; i < 4; ++i) a(i, j) = std::sin(1.0 + 3.0 * j + 7.0 * i);
  }
  a.col(9) = a.col(2);
  const VectorXd b = a.col(2) + VectorXd::Constant(4, 0.01);
  const SimplexFit fit = simplex_least_squares(a, b, 0, VectorXd::Constant(11, 1.0 / 11), 0, 200);
  EXPECT_GT(fit.iterations, 2);
  EXPECT_GT(fit.weights[2], 0.5);
  EXPECT_LT(fit.weights[9], 1.0 / 11);
  EXPECT_NEAR(fit.weights.sum(), 1, 1e-12);
}

TEST(SynthdidTest, SimplexSolverRefusesNumbersThatAreNotFinite) {
  // A b of NaN made every half-gradient NaN; the search looked for the smallest past the end.
  const VectorXd start = VectorXd::Constant(3, 1.0 / 3);
  EXPECT_THROW(simplex_least_squares(MatrixXd::Identity(3, 3), VectorXd::Constant(3, NAN), 0.1,
                                     start, 1e-9, 10),
               Error);
  MatrixXd a = MatrixXd::Identity(3, 3);
  a(1, 2) = INFINITY;
  EXPECT_THROW(simplex_least_squares(a, VectorXd::Ones(3), 0.1, start, 1e-9, 10), Error);
}

TEST(SynthdidTest, PanelsItCannotUseAreErrorsNamingWhy) {
  SynthdidPanel p = small_panel();
  p.t0 = 1;
  EXPECT_THROW(synthdid_fit(p, SynthdidMethod::sdid), Error);
  p = small_panel();
  p.n0 = 5;
  EXPECT_THROW(synthdid_fit(p, SynthdidMethod::sdid), Error);
  p = small_panel();
  p.y(1, 2) = NAN;
  try {
    synthdid_fit(p, SynthdidMethod::sdid);
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("row) 2 in period (column) 3"), std::string::npos)
        << e.what();
  }
  p = small_panel();
  p.n0 = 2;  // 2 controls, 3 treated: no placebo
  const SynthdidFit fit = synthdid_fit(p, SynthdidMethod::sdid);
  EXPECT_THROW(synthdid_se(p, fit, SynthdidSe::placebo), Error);
  EXPECT_THROW(synthdid_se(p, fit, SynthdidSe::bootstrap, 1), Error);
}

}  // namespace
}  // namespace softpower::evaluation
