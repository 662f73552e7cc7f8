// Ideal points from roll-call votes (docs/alignment-ideal-points.md): the truncated-normal
// moments against closed forms and numerical integration, the EM's monotone climb, recovery
// of known positions from votes simulated by the ordinal model (session by session and as a
// random-walk panel), orientation by the anchor, bootstrap standard errors against the
// spread over simulated replications, and the UN General Assembly's 74 sessions.

#include "softpower/alignment/ideal_points.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <numbers>
#include <random>
#include <string>
#include <vector>

#include "softpower/alignment/ideal_point_model.hpp"
#include "softpower/core/error.hpp"
#include "softpower/sources/un_votes.hpp"
#include "support/data.hpp"

namespace softpower::alignment {
namespace {

using model::truncated_normal_moments;

constexpr double kInf = std::numeric_limits<double>::infinity();

// ---------------------------------------------------------------- truncated normal moments

// Mean and variance of N(0, 1) truncated to (l, u) by Simpson's rule on exp(-(z^2 - l'^2)/2),
// l' the bound nearest zero, so that far tails do not underflow.
model::TruncatedMoments integrated_moments(double l, double u) {
  const double shift = std::min(std::abs(l), std::abs(u)) * (l > 0 || u < 0 ? 1 : 0);
  const int n = 20000;
  const double h = (u - l) / n;
  double m0 = 0, m1 = 0, m2 = 0;
  for (int k = 0; k <= n; ++k) {
    const double z = l + k * h;
    const double w = (k == 0 || k == n) ? 1 : (k % 2 == 1 ? 4 : 2);
    const double f = w * std::exp(-0.5 * (z * z - shift * shift));
    m0 += f;
    m1 += f * z;
    m2 += f * z * z;
  }
  const double mean = m1 / m0;
  return {mean, m2 / m0 - mean * mean};
}

TEST(IdealPointMoments, HalfNormalMeanAndVariance) {
  const double mean = std::sqrt(2 / std::numbers::pi);
  const auto upper = truncated_normal_moments(0, kInf);
  EXPECT_NEAR(upper.mean, mean, 1e-14);
  EXPECT_NEAR(upper.variance, 1 - 2 / std::numbers::pi, 1e-14);
  const auto lower = truncated_normal_moments(-kInf, 0);
  EXPECT_NEAR(lower.mean, -mean, 1e-14);
  EXPECT_NEAR(lower.variance, 1 - 2 / std::numbers::pi, 1e-14);
  const auto whole = truncated_normal_moments(-kInf, kInf);
  EXPECT_EQ(whole.mean, 0);
  EXPECT_EQ(whole.variance, 1);
}

TEST(IdealPointMoments, SymmetricIntervalHasTheClosedFormVariance) {
  // Var(Z | -1 < Z < 1) = 1 - 2 phi(1) / (Phi(1) - Phi(-1)).
  const double phi1 = std::exp(-0.5) / std::sqrt(2 * std::numbers::pi);
  const double mass = std::erf(1 / std::numbers::sqrt2);
  const auto m = truncated_normal_moments(-1, 1);
  EXPECT_NEAR(m.mean, 0, 1e-15);
  EXPECT_NEAR(m.variance, 1 - 2 * phi1 / mass, 1e-14);
  EXPECT_NEAR(m.variance, 0.29112509, 1e-8);
}

TEST(IdealPointMoments, FarTailsFollowTheAsymptoticSeries) {
  // E[Z | Z > t] = t + 1/t - 2/t^3 + 10/t^5 - 74/t^7 + 706/t^9 - ..., Var = 1/t^2 - 6/t^4 + 50/t^6
  // - ...
  for (double t : {30.0, 40.0, 100.0}) {
    const auto m = truncated_normal_moments(t, kInf);
    EXPECT_NEAR(m.mean,
                t + 1 / t - 2 / std::pow(t, 3) + 10 / std::pow(t, 5) - 74 / std::pow(t, 7) +
                    706 / std::pow(t, 9),
                1e-12)
        << t;
    EXPECT_NEAR(m.variance, 1 / (t * t) - 6 / std::pow(t, 4) + 50 / std::pow(t, 6),
                1e-12 + 600 / std::pow(t, 8))
        << t;
    const auto mirrored = truncated_normal_moments(-kInf, -t);
    EXPECT_DOUBLE_EQ(mirrored.mean, -m.mean);
    EXPECT_DOUBLE_EQ(mirrored.variance, m.variance);
  }
  // Where erfc has underflowed to zero, the moments stay finite.
  const auto beyond = truncated_normal_moments(1e4, kInf);
  EXPECT_NEAR(beyond.mean, 1e4, 1e-3);
  EXPECT_TRUE(std::isfinite(beyond.variance));
}

TEST(IdealPointMoments, IntervalsMatchNumericalIntegration) {
  const std::vector<std::pair<double, double>> intervals = {
      {-0.5, 1.5}, {0.2, 0.3}, {-3, -2.5}, {2, 6}, {10, 10.5}, {35, 36}, {-41, -40}, {-8, 0.1}};
  for (const auto& [l, u] : intervals) {
    const auto m = truncated_normal_moments(l, u);
    const auto ref = integrated_moments(l, u);
    EXPECT_NEAR(m.mean, ref.mean, 1e-9 * std::max(1.0, std::abs(ref.mean))) << l << ", " << u;
    EXPECT_NEAR(m.variance, ref.variance, 1e-7 * ref.variance + 1e-12) << l << ", " << u;
  }
  // A vanishing interval is its midpoint.
  const auto thin = truncated_normal_moments(3, 3 + 1e-9);
  EXPECT_NEAR(thin.mean, 3, 1e-8);
  EXPECT_LT(thin.variance, 1e-15);
}

TEST(IdealPointMoments, CategoryProbabilitiesSumToOneAndStayFiniteInTheTails) {
  for (const auto& [zero, one] :
       std::vector<std::pair<double, double>>{{-1, 1}, {0.3, 0.4}, {-5, -2}, {2, 9}, {-12, 30}}) {
    double total = 0;
    for (std::uint8_t c : {model::kNo, model::kAbstain, model::kYes})
      total += std::exp(model::log_category_probability(c, zero, one));
    EXPECT_NEAR(total, 1, 1e-13) << zero << ", " << one;
  }
  // log P(Z < -40) = log phi(40) - log 40 + log(1 - 1/40^2 + 3/40^4): about -804.6084.
  const double far = model::log_category_probability(model::kNo, -40, -39);
  const double expected = -800 - 0.5 * std::log(2 * std::numbers::pi) - std::log(40.0) +
                          std::log1p(-1 / 1600.0 + 3 / 2560000.0);
  EXPECT_NEAR(far, expected, 1e-8);
  EXPECT_NEAR(
      model::log_category_probability(model::kAbstain, 40, 41),
      -800 - 0.5 * std::log(2 * std::numbers::pi) - std::log(40.0) + std::log1p(-1 / 1600.0), 1e-5);
}

// ---------------------------------------------------------------- simulated votes

struct Truth {
  std::vector<std::vector<double>> x;  ///< [session][state]
  std::vector<double> a, b, p;         ///< per roll call, all sessions in order
};

std::string code(std::size_t i) {
  return "S" + std::to_string(1000 + i);
}

// Votes from the ordinal model: z = a + b x + N(0, 1/p), no below 0, abstain below 1, yes
// above. Roll calls get discriminations of either sign and varied cut points so that every
// category is used.
RollCallVotes simulate(Truth& truth, std::size_t items_per_session, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  std::uniform_real_distribution<double> uniform(0, 1);
  const std::size_t sessions = truth.x.size(), states = truth.x.front().size();
  std::vector<RollCall> calls;
  truth.a.clear();
  truth.b.clear();
  truth.p.clear();
  for (std::size_t s = 0; s < sessions; ++s) {
    for (std::size_t j = 0; j < items_per_session; ++j) {
      RollCall c;
      c.id = static_cast<int>(calls.size()) + 1;
      c.session = static_cast<int>(s) + 1;
      c.year = 1945 + c.session;
      calls.push_back(c);
      const double tau = 1 + 2 * uniform(rng);  // width of the abstention band, error units
      const double beta = (uniform(rng) < 0.5 ? -1 : 1) * (0.7 + 1.3 * uniform(rng));
      const double alpha = tau * (0.5 + 0.6 * normal(rng));
      truth.a.push_back(alpha / tau);
      truth.b.push_back(beta / tau);
      truth.p.push_back(tau * tau);
    }
  }
  std::vector<std::string> countries;
  for (std::size_t i = 0; i < states; ++i) countries.push_back(code(i));
  RollCallVotes votes(calls, countries);
  for (std::size_t r = 0; r < calls.size(); ++r) {
    const std::size_t s = static_cast<std::size_t>(calls[r].session) - 1;
    for (std::size_t i = 0; i < states; ++i) {
      const double z =
          truth.a[r] + truth.b[r] * truth.x[s][i] + normal(rng) / std::sqrt(truth.p[r]);
      votes.set(i, r, z < 0 ? Vote::no : z < 1 ? Vote::abstain : Vote::yes);
    }
  }
  return votes;
}

Truth static_truth(std::size_t states, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> normal(0, 1);
  Truth t;
  t.x.assign(1, std::vector<double>(states));
  for (double& v : t.x[0]) v = normal(rng);
  return t;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  double ma = 0, mb = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    ma += a[i] / n;
    mb += b[i] / n;
  }
  double saa = 0, sbb = 0, sab = 0;
  for (std::size_t i = 0; i < a.size(); ++i) {
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
    sab += (a[i] - ma) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// Estimated positions of session `session` in state order.
std::vector<double> positions(const IdealPointResult& r, int session, std::size_t states) {
  std::vector<double> x(states, std::nan(""));
  for (const IdealPoint& p : r.points) {
    if (p.session == session)
      x[static_cast<std::size_t>(std::stoi(p.country.substr(1)) - 1000)] = p.x;
  }
  return x;
}

std::vector<double> errors(const IdealPointResult& r, int session, std::size_t states) {
  std::vector<double> se(states, std::nan(""));
  for (const IdealPoint& p : r.points) {
    if (p.session == session)
      se[static_cast<std::size_t>(std::stoi(p.country.substr(1)) - 1000)] = p.se;
  }
  return se;
}

// The index of the state with the largest true position, as the anchor.
IdealPointOptions options_anchored(const Truth& truth) {
  IdealPointOptions o;
  const auto& x = truth.x.front();
  o.anchor = code(static_cast<std::size_t>(std::max_element(x.begin(), x.end()) - x.begin()));
  o.threads = 2;
  return o;
}

// ---------------------------------------------------------------- EM

TEST(IdealPointEm, TheLogPosteriorNeverDecreases) {
  Truth truth = static_truth(150, 11);
  const RollCallVotes votes = simulate(truth, 80, 12);
  const auto sessions = model::session_votes(votes);
  ASSERT_EQ(sessions.size(), 1u);
  const model::SessionVotes& s = sessions[0];
  IdealPointOptions options;
  model::EmWorkspace work;
  // Plain EM and ECME iterations from the same start.
  const model::SessionEstimate start = model::start_values(s, options);
  const double initial = model::log_posterior(s, start.x, start.items, options);
  model::SessionEstimate plain = start, ecme = start;
  double plain_value = initial, ecme_value = initial;
  for (int step = 0; step < 100; ++step) {
    model::plain_em_step(s, options, plain.x, plain.items, work);
    const double p = model::log_posterior(s, plain.x, plain.items, options);
    ASSERT_GE(p, plain_value - 1e-9 * std::abs(plain_value)) << "EM step " << step;
    plain_value = p;
    const double returned = model::em_step(s, options, ecme.x, ecme.items, work, ecme_value);
    const double e = model::log_posterior(s, ecme.x, ecme.items, options);
    EXPECT_DOUBLE_EQ(returned, e);
    ASSERT_GE(e, ecme_value - 1e-9 * std::abs(ecme_value)) << "ECME step " << step;
    ecme_value = e;
  }
  std::cout << "log posterior: start " << initial << ", 100 EM steps " << plain_value
            << ", 100 ECME steps " << ecme_value << "\n";
  EXPECT_GT(plain_value, initial + 100);
  // The Newton steps take out the missing information: ECME climbs further in 100 steps.
  EXPECT_GT(ecme_value, plain_value);
  // The accelerated fit at the default tolerance has the positions of a tight fit.
  options.tolerance = 1e-11;
  options.max_iterations = 5000;
  const model::SessionEstimate tight = model::fit_session(s, start, options);
  const model::SessionEstimate fit = model::fit_session(s, start, IdealPointOptions{});
  EXPECT_TRUE(tight.converged);
  EXPECT_TRUE(fit.converged);
  EXPECT_LT(fit.iterations, 100);
  std::cout << "iterations: default tolerance " << fit.iterations << ", 1e-11 " << tight.iterations
            << "\n";
  EXPECT_GE(model::log_posterior(s, tight.x, tight.items, options),
            ecme_value - 1e-9 * std::abs(ecme_value));
  EXPECT_GT(correlation(fit.x, tight.x), 0.9999);
}

TEST(IdealPointEm, TheLocationAndScaleStepsLeaveTheLikelihoodAndRaiseThePosterior) {
  Truth truth = static_truth(60, 3);
  const RollCallVotes votes = simulate(truth, 30, 4);
  const auto sessions = model::session_votes(votes);
  IdealPointOptions options;
  model::SessionEstimate fit = model::start_values(sessions[0], options);
  for (double& v : fit.x) v = 3 * v + 2;  // far from the priors' preferred location and scale
  for (std::size_t j = 0; j < fit.items.size(); ++j) {
    fit.items.intercept[j] -= 2 * fit.items.discrimination[j] / 3;
    fit.items.discrimination[j] /= 3;
  }
  const double likelihood = model::log_likelihood(sessions[0], fit.x, fit.items);
  const double posterior = model::log_posterior(sessions[0], fit.x, fit.items, options);
  model::align_scale(sessions[0], options, fit.x, fit.items);
  EXPECT_NEAR(model::log_likelihood(sessions[0], fit.x, fit.items), likelihood,
              1e-9 * std::abs(likelihood));
  EXPECT_GT(model::log_posterior(sessions[0], fit.x, fit.items, options), posterior + 10);
}

// ---------------------------------------------------------------- recovery

TEST(IdealPointRecovery, PositionsOf150StatesFrom80Votes) {
  Truth truth = static_truth(150, 21);
  const RollCallVotes votes = simulate(truth, 80, 22);
  Progress quiet;
  const IdealPointResult r = estimate_ideal_points(votes, options_anchored(truth), quiet);
  ASSERT_EQ(r.sessions.size(), 1u);
  EXPECT_TRUE(r.sessions[0].converged);
  EXPECT_EQ(r.sessions[0].orientation, "anchor");
  EXPECT_EQ(r.sessions[0].items, 80u);
  const double cor = correlation(positions(r, 1, 150), truth.x[0]);
  std::cout << "static recovery: cor " << cor << ", " << r.sessions[0].iterations
            << " iterations\n";
  EXPECT_GT(cor, 0.95);
  // Oriented by the anchor, not merely up to sign.
  EXPECT_GT(cor, 0);
  for (const IdealPoint& p : r.points) EXPECT_TRUE(std::isnan(p.se));
}

TEST(IdealPointRecovery, ARandomWalkPanelOfSessions) {
  // 100 states over 8 sessions of 40 roll calls; positions take steps of sd 0.15.
  const std::size_t states = 100, sessions = 8;
  std::mt19937_64 rng(31);
  std::normal_distribution<double> normal(0, 1);
  Truth truth;
  truth.x.assign(sessions, std::vector<double>(states));
  for (std::size_t i = 0; i < states; ++i) {
    truth.x[0][i] = normal(rng);
    for (std::size_t s = 1; s < sessions; ++s)
      truth.x[s][i] = truth.x[s - 1][i] + 0.15 * normal(rng);
  }
  const RollCallVotes votes = simulate(truth, 40, 32);
  Progress quiet;
  IdealPointOptions o = options_anchored(truth);
  o.omega = 0.15;
  o.dynamic = true;
  const IdealPointResult dynamic = estimate_ideal_points(votes, o, quiet);
  o.dynamic = false;
  const IdealPointResult separate = estimate_ideal_points(votes, o, quiet);
  ASSERT_EQ(dynamic.sessions.size(), sessions);
  EXPECT_TRUE(dynamic.sessions[0].converged);
  EXPECT_EQ(dynamic.sessions[0].orientation, "joint");
  // Pooled over every (session, state): the dynamic fit has one scale for all sessions.
  std::vector<double> all_true, all_dynamic;
  double worst_dynamic = 1, worst_separate = 1, mean_dynamic = 0, mean_separate = 0;
  for (std::size_t s = 0; s < sessions; ++s) {
    const auto xd = positions(dynamic, static_cast<int>(s) + 1, states);
    const auto xs = positions(separate, static_cast<int>(s) + 1, states);
    all_true.insert(all_true.end(), truth.x[s].begin(), truth.x[s].end());
    all_dynamic.insert(all_dynamic.end(), xd.begin(), xd.end());
    const double cd = correlation(xd, truth.x[s]), cs = correlation(xs, truth.x[s]);
    worst_dynamic = std::min(worst_dynamic, cd);
    worst_separate = std::min(worst_separate, cs);
    mean_dynamic += cd / sessions;
    mean_separate += cs / sessions;
  }
  const double pooled = correlation(all_dynamic, all_true);
  std::cout << "dynamic recovery: pooled cor " << pooled << ", per session mean " << mean_dynamic
            << " (worst " << worst_dynamic << "); separate sessions mean " << mean_separate
            << " (worst " << worst_separate << "); " << dynamic.sessions[0].iterations
            << " iterations\n";
  EXPECT_GT(pooled, 0.95);
  EXPECT_GT(worst_dynamic, 0.95);
  // Borrowing strength across sessions beats fitting each alone.
  EXPECT_GT(mean_dynamic, mean_separate);
  // Changes within a state's path are recovered too: first to last session.
  std::vector<double> true_change, estimated_change;
  const auto first = positions(dynamic, 1, states), last = positions(dynamic, 8, states);
  for (std::size_t i = 0; i < states; ++i) {
    true_change.push_back(truth.x[7][i] - truth.x[0][i]);
    estimated_change.push_back(last[i] - first[i]);
  }
  EXPECT_GT(correlation(estimated_change, true_change), 0.5);
}

TEST(IdealPointRecovery, TheRandomWalkVarianceMovesTheDynamicFitBetweenPooledAndSeparate) {
  // omega -> 0 holds every state in place (one position for all sessions, the tridiagonal
  // solve linking them); omega = 1, ten times the default, leaves each session mostly to its
  // own votes, as the separate fits. (A far larger omega leaves later sessions without a
  // prior on their scale: the walk's prior holds only at a state's first session.)
  Truth truth = static_truth(40, 81);
  truth.x.push_back(truth.x[0]);
  truth.x.push_back(truth.x[0]);
  const RollCallVotes votes = simulate(truth, 20, 82);
  Progress quiet;
  IdealPointOptions o = options_anchored(truth);
  const IdealPointResult separate = estimate_ideal_points(votes, o, quiet);
  o.dynamic = true;
  o.omega = 1e-4;
  const IdealPointResult held = estimate_ideal_points(votes, o, quiet);
  o.omega = 1;
  const IdealPointResult free = estimate_ideal_points(votes, o, quiet);
  double held_spread = 0, separate_spread = 0;
  for (int s = 2; s <= 3; ++s) {
    const auto h1 = positions(held, 1, 40), hs = positions(held, s, 40);
    const auto s1 = positions(separate, 1, 40), ss = positions(separate, s, 40);
    for (std::size_t i = 0; i < 40; ++i) {
      held_spread = std::max(held_spread, std::abs(hs[i] - h1[i]));
      separate_spread = std::max(separate_spread, std::abs(ss[i] - s1[i]));
    }
    EXPECT_GT(correlation(positions(free, s, 40), positions(separate, s, 40)), 0.97) << s;
  }
  EXPECT_LT(held_spread, 0.01);
  EXPECT_GT(separate_spread, 0.1);
}

// ---------------------------------------------------------------- orientation and errors

TEST(IdealPointOrientation, TheAnchorIsPositive) {
  Truth truth = static_truth(80, 41);
  const RollCallVotes votes = simulate(truth, 40, 42);
  Progress quiet;
  const auto& x = truth.x[0];
  for (auto pick : {std::max_element(x.begin(), x.end()), std::min_element(x.begin(), x.end())}) {
    IdealPointOptions o;
    o.anchor = code(static_cast<std::size_t>(pick - x.begin()));
    for (bool dynamic : {false, true}) {
      o.dynamic = dynamic;
      const IdealPointResult r = estimate_ideal_points(votes, o, quiet);
      const auto est = positions(r, 1, 80);
      const auto i = static_cast<std::size_t>(pick - x.begin());
      EXPECT_GT(est[i], 0) << o.anchor << (dynamic ? " dynamic" : "");
      // The anchor at the top gives the true orientation, at the bottom the reverse.
      EXPECT_GT(correlation(est, x) * (*pick > 0 ? 1 : -1), 0.9);
    }
  }
}

TEST(IdealPointOrientation, SessionsWithoutTheAnchorFollowTheNearestAnchoredSession) {
  Truth truth = static_truth(60, 51);
  truth.x.push_back(truth.x[0]);
  truth.x.push_back(truth.x[0]);
  RollCallVotes votes = simulate(truth, 30, 52);
  IdealPointOptions o = options_anchored(truth);
  const std::size_t anchor = *votes.country_index(o.anchor);
  for (std::size_t r = 0; r < votes.call_count(); ++r) {
    if (votes.calls()[r].session == 3) votes.set(anchor, r, Vote::none);
  }
  Progress quiet;
  const IdealPointResult r = estimate_ideal_points(votes, o, quiet);
  EXPECT_EQ(r.sessions[2].orientation, "session 2");
  std::vector<double> estimated = positions(r, 3, 60), expected = truth.x[0];
  EXPECT_TRUE(std::isnan(estimated[anchor]));
  estimated.erase(estimated.begin() + static_cast<std::ptrdiff_t>(anchor));
  expected.erase(expected.begin() + static_cast<std::ptrdiff_t>(anchor));
  EXPECT_GT(correlation(estimated, expected), 0.9);
}

TEST(IdealPointOrientation, AnUnknownOrSilentAnchorIsAnError) {
  Truth truth = static_truth(20, 61);
  RollCallVotes votes = simulate(truth, 10, 62);
  Progress quiet;
  IdealPointOptions o;
  o.anchor = "USA";
  EXPECT_THROW(estimate_ideal_points(votes, o, quiet), Error);
  o.anchor = code(3);
  for (std::size_t r = 0; r < votes.call_count(); ++r) votes.set(3, r, Vote::absent);
  try {
    estimate_ideal_points(votes, o, quiet);
    FAIL() << "a silent anchor was accepted";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cast no vote"), std::string::npos) << e.what();
  }
}

TEST(IdealPointOrientation, ACancelledRunStopsWithAnError) {
  Truth truth = static_truth(20, 63);
  const RollCallVotes votes = simulate(truth, 10, 64);
  Progress cancelled;
  cancelled.cancel();
  EXPECT_THROW(estimate_ideal_points(votes, options_anchored(truth), cancelled), Error);
}

// A replicate's votes come from core/random's polar-method normals (not
// std::normal_distribution, whose draws differ between standard libraries): the categories for
// a seed are exact. Expected values from an independent Python implementation of the draws.
TEST(IdealPointBootstrap, SimulatedVotesAreExactForASeed) {
  model::SessionVotes s;
  s.session = 2;
  s.states = {0, 1, 2, 3};
  s.calls = {0, 1};
  s.item_begin = {0, 4, 8};
  s.cell_state = {0, 1, 2, 3, 0, 1, 2, 3};
  s.cell_category.assign(8, model::kYes);
  s.state_votes.assign(4, 2);
  model::ItemParameters items;
  items.intercept = {0.5, -0.3};
  items.discrimination = {1.0, 0.8};
  items.precision = {1.0, 4.0};
  // The stream of replicate 0 of session 2 under seed 1, as the bootstrap derives it.
  Rng rng(seed_of(seed_of(1, 2), 0));
  const std::vector<std::uint8_t> categories =
      model::simulate_categories(s, {-1.0, 0.0, 0.5, 2.0}, items, rng);
  EXPECT_EQ(categories, (std::vector<std::uint8_t>{1, 1, 0, 2, 0, 0, 0, 2}));
}

TEST(IdealPointBootstrap, StandardErrorsMatchTheSpreadOverReplicationsAndShrinkWithVotes) {
  // The spread of estimates over 30 data sets simulated from the same truth, against the
  // bootstrap standard errors of one of them.
  const std::size_t states = 100;
  Truth truth = static_truth(states, 71);
  IdealPointOptions o = options_anchored(truth);
  Progress quiet;
  std::vector<std::vector<double>> estimates;
  for (std::uint64_t rep = 0; rep < 30; ++rep) {
    const RollCallVotes votes = simulate(truth, 40, 1000 + rep);
    estimates.push_back(positions(estimate_ideal_points(votes, o, quiet), 1, states));
  }
  double spread = 0;
  for (std::size_t i = 0; i < states; ++i) {
    double mean = 0, ss = 0;
    for (const auto& e : estimates) mean += e[i] / 30;
    for (const auto& e : estimates) ss += (e[i] - mean) * (e[i] - mean);
    spread += std::sqrt(ss / 29) / states;
  }
  o.bootstrap = 50;
  const IdealPointResult r = estimate_ideal_points(simulate(truth, 40, 1000), o, quiet);
  EXPECT_EQ(r.bootstrap, 50u);
  double se40 = 0;
  for (double s : errors(r, 1, states)) se40 += s / states;
  std::cout << "mean bootstrap se (40 votes) " << se40 << ", spread over replications " << spread
            << "\n";
  EXPECT_GT(se40 / spread, 0.6);
  EXPECT_LT(se40 / spread, 1.5);
  // Four times the votes: about half the error. The mode's scale grows with the number of
  // roll calls (the priors balance sum x^2 against sum b^2 / item_sd^2), so errors are
  // compared relative to the spread of the estimated positions.
  auto sd = [](const std::vector<double>& v) {
    double mean = 0, ss = 0;
    for (double e : v) mean += e / static_cast<double>(v.size());
    for (double e : v) ss += (e - mean) * (e - mean);
    return std::sqrt(ss / static_cast<double>(v.size() - 1));
  };
  Truth same = truth;
  const IdealPointResult more = estimate_ideal_points(simulate(same, 160, 2000), o, quiet);
  double se160 = 0;
  for (double s : errors(more, 1, states)) se160 += s / states;
  const double relative40 = se40 / sd(positions(r, 1, states));
  const double relative160 = se160 / sd(positions(more, 1, states));
  std::cout << "mean bootstrap se / sd of positions: 40 votes " << relative40 << ", 160 votes "
            << relative160 << "\n";
  EXPECT_GT(relative160 / relative40, 0.35);
  EXPECT_LT(relative160 / relative40, 0.65);
}

// ---------------------------------------------------------------- the UN General Assembly

const RollCallVotes& un_votes(const std::filesystem::path& data) {
  static const RollCallVotes votes = [&] {
    std::vector<sources::UnmappedRow> unmapped;
    return sources::read_un_votes(data, unmapped);
  }();
  return votes;
}

// Sessions 35-44 (1980-1989): the United States and Israel on the positive side, Cuba and the
// Soviet Union on the negative, the United States above the median state.
void expect_face_validity(const IdealPointResult& r) {
  std::map<int, std::map<std::string, double>> x;
  for (const IdealPoint& p : r.points) x[p.session][p.country] = p.x;
  for (int session = 35; session <= 44; ++session) {
    auto& s = x[session];
    std::vector<double> all;
    for (const auto& [state, v] : s) all.push_back(v);
    std::nth_element(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(all.size() / 2),
                     all.end());
    const double median = all[all.size() / 2];
    EXPECT_GT(s.at("USA"), median) << session;
    EXPECT_GT(s.at("USA"), 0) << session;
    EXPECT_GT(s.at("ISR"), 0) << session;
    EXPECT_LT(s.at("CUB"), 0) << session;
    EXPECT_LT(s.at("SUN"), 0) << session;
    // The United States is the most extreme state on its side in the 1980s.
    EXPECT_GE(s.at("USA"), *std::max_element(all.begin(), all.end()) - 1e-12) << session;
  }
}

TEST(IdealPointUnVotes, EverySessionGetsFiniteOrientedEstimates) {
  SOFTPOWER_REQUIRE_DATA(data);
  const RollCallVotes& votes = un_votes(data);
  Progress quiet;
  const IdealPointResult r = estimate_ideal_points(votes, IdealPointOptions{}, quiet);
  ASSERT_EQ(r.sessions.size(), 74u);
  std::size_t converged = 0, items = 0;
  std::string unconverged;
  for (const SessionFit& s : r.sessions) {
    converged += s.converged ? 1 : 0;
    items += s.items + s.dropped.size();
    if (!s.converged) unconverged += " " + std::to_string(s.session);
    EXPECT_EQ(s.orientation, "anchor") << s.session;
    EXPECT_GT(s.items, 0u) << s.session;
  }
  std::cout << converged << " of 74 sessions converged; not:" << unconverged << "\n";
  EXPECT_EQ(items, 6203u);
  EXPECT_GE(converged, 70u);
  for (const IdealPoint& p : r.points) {
    ASSERT_TRUE(std::isfinite(p.x)) << p.session << " " << p.country;
    EXPECT_LT(std::abs(p.x), 5) << p.session << " " << p.country;
  }
  expect_face_validity(r);
}

TEST(IdealPointUnVotes, TheDynamicModelLinksAllSessions) {
  SOFTPOWER_REQUIRE_DATA(data);
  const RollCallVotes& votes = un_votes(data);
  Progress quiet;
  IdealPointOptions o;
  o.dynamic = true;
  const IdealPointResult r = estimate_ideal_points(votes, o, quiet);
  ASSERT_EQ(r.sessions.size(), 74u);
  std::cout << "dynamic: " << r.sessions[0].iterations << " iterations, converged "
            << r.sessions[0].converged << "\n";
  EXPECT_TRUE(r.sessions[0].converged);
  for (const IdealPoint& p : r.points) ASSERT_TRUE(std::isfinite(p.x)) << p.session << p.country;
  expect_face_validity(r);
}

}  // namespace
}  // namespace softpower::alignment
