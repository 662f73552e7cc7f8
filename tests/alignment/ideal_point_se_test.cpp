// Standard errors of the ideal points from the curvature of the log posterior
// (alignment/ideal_point_se.hpp, docs/alignment-ideal-points.md "Standard errors"): the
// analytic derivatives against finite differences of the model's own log posterior, the Schur
// complement and the block-tridiagonal solve against the dense inverse, the coverage of 95%
// intervals on votes simulated with known positions (session and dynamic models), and the
// UN sessions against the parametric bootstrap.

#include "softpower/alignment/ideal_point_se.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "softpower/alignment/ideal_point_model.hpp"
#include "softpower/alignment/ideal_point_simulate.hpp"
#include "softpower/alignment/ideal_points.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/core/random.hpp"
#include "softpower/sources/un_votes.hpp"
#include "support/data.hpp"

namespace softpower::alignment {
namespace {

using model::DynamicEstimate;
using model::ItemParameters;
using model::SessionEstimate;
using model::SessionVotes;

// ---------------------------------------------------------------- simulated votes

// A panel's truth: positions [session][state] (NaN: the state is absent from the session),
// items per session.
struct Panel {
  std::vector<std::vector<double>> x;
  std::vector<ItemParameters> items;
};

// Items as the recovery tests draw them: discriminations of either sign, varied cut points,
// abstention bands 1 to 3 error units wide.
ItemParameters draw_items(std::size_t m, Rng& rng) {
  ItemParameters it;
  for (std::size_t j = 0; j < m; ++j) {
    const double tau = 1 + 2 * rng.uniform();
    const double beta = (rng.uniform() < 0.5 ? -1 : 1) * (0.7 + 1.3 * rng.uniform());
    const double alpha = tau * (0.5 + 0.6 * rng.normal());
    it.intercept.push_back(alpha / tau);
    it.discrimination.push_back(beta / tau);
    it.precision.push_back(tau * tau);
  }
  return it;
}

// The votes of a panel drawn from the ordinal model.
RollCallVotes votes_of(const Panel& panel, Rng& rng) {
  std::vector<RollCall> calls;
  for (std::size_t k = 0; k < panel.x.size(); ++k) {
    for (std::size_t j = 0; j < panel.items[k].size(); ++j) {
      RollCall c;
      c.id = static_cast<int>(calls.size()) + 1;
      c.session = static_cast<int>(k) + 1;
      c.year = 1945 + c.session;
      calls.push_back(c);
    }
  }
  const std::size_t states = panel.x.front().size();
  std::vector<std::string> countries;
  for (std::size_t i = 0; i < states; ++i) countries.push_back("S" + std::to_string(1000 + i));
  RollCallVotes votes(calls, countries);
  std::size_t r = 0;
  for (std::size_t k = 0; k < panel.x.size(); ++k) {
    const ItemParameters& it = panel.items[k];
    for (std::size_t j = 0; j < it.size(); ++j, ++r) {
      for (std::size_t i = 0; i < states; ++i) {
        if (std::isnan(panel.x[k][i])) continue;
        const double z = it.intercept[j] + it.discrimination[j] * panel.x[k][i] +
                         rng.normal() / std::sqrt(it.precision[j]);
        votes.set(i, r, z < 0 ? Vote::no : z < 1 ? Vote::abstain : Vote::yes);
      }
    }
  }
  return votes;
}

SessionEstimate fitted(const SessionVotes& s, const IdealPointOptions& o) {
  return model::fit_session(s, model::start_values(s, o), o);
}

// ---------------------------------------------------------------- derivatives

TEST(IdealPointSe, CellDerivativesMatchFiniteDifferencesIntoTheTails) {
  // log P(category | eta, p) with thresholds 0 and 1 at (t - eta) sqrt(p).
  auto log_p = [](std::uint8_t c, double eta, double p) {
    const double s = std::sqrt(p);
    return model::log_category_probability(c, -eta * s, (1 - eta) * s);
  };
  for (std::uint8_t c : {model::kNo, model::kAbstain, model::kYes}) {
    for (double eta : {-6.0, -1.0, 0.2, 0.5, 0.9, 1.7, 7.0}) {
      for (double p : {0.3, 2.0, 9.0}) {
        const model::CellDerivatives d = model::cell_derivatives(c, eta, p);
        const double h = 1e-5;
        const double fe = (log_p(c, eta + h, p) - log_p(c, eta - h, p)) / (2 * h);
        const double fp = (log_p(c, eta, p + h) - log_p(c, eta, p - h)) / (2 * h);
        const double scale = 1 + std::abs(d.eta) + std::abs(d.p);
        EXPECT_NEAR(d.eta, fe, 1e-6 * scale) << int(c) << " " << eta << " " << p;
        EXPECT_NEAR(d.p, fp, 1e-6 * scale) << int(c) << " " << eta << " " << p;
        // Second derivatives against differences of the analytic first ones.
        const auto up_e = model::cell_derivatives(c, eta + h, p);
        const auto dn_e = model::cell_derivatives(c, eta - h, p);
        const auto up_p = model::cell_derivatives(c, eta, p + h);
        const auto dn_p = model::cell_derivatives(c, eta, p - h);
        const double s2 = 1 + std::abs(d.eta_eta) + std::abs(d.eta_p) + std::abs(d.p_p);
        EXPECT_NEAR(d.eta_eta, (up_e.eta - dn_e.eta) / (2 * h), 1e-6 * s2);
        EXPECT_NEAR(d.eta_p, (up_p.eta - dn_p.eta) / (2 * h), 1e-6 * s2);
        EXPECT_NEAR(d.eta_p, (up_e.p - dn_e.p) / (2 * h), 1e-6 * s2);
        EXPECT_NEAR(d.p_p, (up_p.p - dn_p.p) / (2 * h), 1e-6 * s2);
        // The expected information is positive: eta_eta <= 0.
        EXPECT_LE(d.eta_eta, 1e-12);
      }
    }
  }
  // Far in a tail (a yes 30 error units below its threshold) the values stay finite and
  // follow the truncated normal: d eta_eta / p = Var Z - 1 -> -1.
  const auto far = model::cell_derivatives(model::kYes, -29, 1);
  EXPECT_TRUE(std::isfinite(far.p_p));
  EXPECT_NEAR(far.eta_eta, -1, 2e-3);
}

struct SmallSession {
  SessionVotes votes;
  SessionEstimate fit;
  IdealPointOptions options;
};

SmallSession small_session(std::size_t states, std::size_t items, std::uint64_t seed) {
  Rng rng(seed);
  Panel panel;
  panel.x.assign(1, std::vector<double>(states));
  for (double& v : panel.x[0]) v = rng.normal();
  panel.items.push_back(draw_items(items, rng));
  SmallSession s;
  s.votes = model::session_votes(votes_of(panel, rng)).front();
  s.fit = fitted(s.votes, s.options);
  return s;
}

TEST(IdealPointSe, HessianMatchesFiniteDifferencesOfTheLogPosterior) {
  const SmallSession s = small_session(25, 10, 3);
  const std::size_t n = s.votes.state_count(), m = s.votes.item_count();
  ASSERT_EQ(m, 10u);
  // Parameters in the gradient's order; away from the mode too (a point moved off it).
  auto flat = [&](const std::vector<double>& x, const ItemParameters& it) {
    Eigen::VectorXd v(static_cast<Eigen::Index>(n + 3 * m));
    for (std::size_t i = 0; i < n; ++i) v(static_cast<Eigen::Index>(i)) = x[i];
    for (std::size_t j = 0; j < m; ++j) {
      v(static_cast<Eigen::Index>(n + 3 * j)) = it.intercept[j];
      v(static_cast<Eigen::Index>(n + 3 * j + 1)) = it.discrimination[j];
      v(static_cast<Eigen::Index>(n + 3 * j + 2)) = it.precision[j];
    }
    return v;
  };
  auto unflat = [&](const Eigen::VectorXd& v, std::vector<double>& x, ItemParameters& it) {
    x.assign(n, 0);
    it = s.fit.items;
    for (std::size_t i = 0; i < n; ++i) x[i] = v(static_cast<Eigen::Index>(i));
    for (std::size_t j = 0; j < m; ++j) {
      it.intercept[j] = v(static_cast<Eigen::Index>(n + 3 * j));
      it.discrimination[j] = v(static_cast<Eigen::Index>(n + 3 * j + 1));
      it.precision[j] = v(static_cast<Eigen::Index>(n + 3 * j + 2));
    }
  };
  Rng rng(9);
  for (int point = 0; point < 2; ++point) {
    Eigen::VectorXd theta = flat(s.fit.x, s.fit.items);
    if (point == 1) {
      for (Eigen::Index q = 0; q < theta.size(); ++q) theta(q) += 0.1 * rng.normal();
      for (std::size_t j = 0; j < m; ++j) {
        theta(static_cast<Eigen::Index>(n + 3 * j + 2)) =
            std::abs(theta(static_cast<Eigen::Index>(n + 3 * j + 2)));
      }
    }
    std::vector<double> x;
    ItemParameters it;
    unflat(theta, x, it);
    const Eigen::VectorXd g = model::log_posterior_gradient(s.votes, x, it, s.options);
    const Eigen::MatrixXd h = model::log_posterior_hessian(s.votes, x, it, s.options, true);
    ASSERT_LT((h - h.transpose()).norm(), 1e-12 * h.norm());
    const double step = 1e-5;
    double worst_g = 0, worst_h = 0;
    for (Eigen::Index q = 0; q < theta.size(); ++q) {
      Eigen::VectorXd up = theta, down = theta;
      up(q) += step;
      down(q) -= step;
      std::vector<double> xu, xd;
      ItemParameters iu, id;
      unflat(up, xu, iu);
      unflat(down, xd, id);
      const double fd = (model::log_posterior(s.votes, xu, iu, s.options) -
                         model::log_posterior(s.votes, xd, id, s.options)) /
                        (2 * step);
      worst_g = std::max(worst_g, std::abs(fd - g(q)) / (1 + std::abs(g(q))));
      const Eigen::VectorXd column = (model::log_posterior_gradient(s.votes, xu, iu, s.options) -
                                      model::log_posterior_gradient(s.votes, xd, id, s.options)) /
                                     (2 * step);
      for (Eigen::Index r = 0; r < theta.size(); ++r)
        worst_h = std::max(worst_h, std::abs(column(r) - h(r, q)) / (1 + std::abs(h(r, q))));
    }
    std::cout << "point " << point << ": gradient rel. error " << worst_g << ", Hessian " << worst_h
              << "\n";
    EXPECT_LT(worst_g, 1e-5);
    EXPECT_LT(worst_h, 1e-5);
  }
  // At the mode the gradient is near zero (the fit stops at tolerance 1e-4).
  const Eigen::VectorXd g0 =
      model::log_posterior_gradient(s.votes, s.fit.x, s.fit.items, s.options);
  EXPECT_LT(g0.cwiseAbs().maxCoeff(), 0.05);
}

TEST(IdealPointSe, TheSchurComplementGivesTheDenseInversesDiagonal) {
  const SmallSession s = small_session(40, 15, 5);
  const std::size_t n = s.votes.state_count();
  const Eigen::MatrixXd h =
      model::log_posterior_hessian(s.votes, s.fit.x, s.fit.items, s.options, true);
  const Eigen::MatrixXd inverse = (-h).inverse();
  const std::vector<double> se =
      model::session_standard_errors(s.votes, s.fit.x, s.fit.items, s.options, false);
  ASSERT_EQ(se.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto q = static_cast<Eigen::Index>(i);
    EXPECT_NEAR(se[i], std::sqrt(inverse(q, q)), 1e-10 * se[i]) << i;
    EXPECT_GT(se[i], 0.05);
    EXPECT_LT(se[i], 1.0);
  }
  // With p held fixed (its rows and columns dropped) the errors can only shrink.
  std::vector<Eigen::Index> keep;
  for (Eigen::Index q = 0; q < h.rows(); ++q) {
    if (q < static_cast<Eigen::Index>(n) || (q - static_cast<Eigen::Index>(n)) % 3 != 2)
      keep.push_back(q);
  }
  const Eigen::MatrixXd fixed_p = (-h)(keep, keep).inverse();
  for (std::size_t i = 0; i < n; ++i) {
    const auto q = static_cast<Eigen::Index>(i);
    EXPECT_LE(std::sqrt(fixed_p(q, q)), se[i] * (1 + 1e-12));
  }
}

TEST(IdealPointSe, WithoutCurvatureOrBootstrapTheErrorsAreMissing) {
  Rng rng(17);
  Panel panel;
  panel.x.assign(1, std::vector<double>(30));
  for (double& v : panel.x[0]) v = rng.normal();
  panel.items.push_back(draw_items(12, rng));
  const RollCallVotes votes = votes_of(panel, rng);
  IdealPointOptions o;
  o.anchor = "S1000";
  Progress quiet;
  EXPECT_EQ(estimate_ideal_points(votes, o, quiet).standard_errors, "none");  // the default
  o.curvature_se = true;
  const IdealPointResult with = estimate_ideal_points(votes, o, quiet);
  EXPECT_EQ(with.standard_errors, "curvature");
  const SessionVotes s = model::session_votes(votes).front();
  const SessionEstimate f = fitted(s, o);
  const std::vector<double> se = model::session_standard_errors(s, f.x, f.items, o);
  for (std::size_t i = 0; i < with.points.size(); ++i)
    EXPECT_NEAR(with.points[i].se, se[i], 1e-12) << i;  // the sign does not change them
  o.curvature_se = false;
  const IdealPointResult without = estimate_ideal_points(votes, o, quiet);
  EXPECT_EQ(without.standard_errors, "none");
  for (const IdealPoint& p : without.points) EXPECT_TRUE(std::isnan(p.se));
}

// ---------------------------------------------------------------- dynamic model

// A panel with gaps: state 0 misses the second session, state 1 enters in the second, state 2
// leaves after the third; positions follow a random walk of step sd `step`.
Panel walk_panel(std::size_t sessions, std::size_t states, std::size_t items, double step,
                 Rng& rng) {
  Panel panel;
  panel.x.assign(sessions, std::vector<double>(states));
  for (std::size_t i = 0; i < states; ++i) {
    double v = rng.normal();
    for (std::size_t k = 0; k < sessions; ++k) {
      if (k > 0) v += step * rng.normal();
      panel.x[k][i] = v;
    }
  }
  const double nan = std::nan("");
  panel.x[1][0] = nan;
  panel.x[0][1] = nan;
  for (std::size_t k = 3; k < sessions; ++k) panel.x[k][2] = nan;
  for (std::size_t k = 0; k < sessions; ++k) panel.items.push_back(draw_items(items, rng));
  return panel;
}

struct DynamicFit {
  std::vector<SessionVotes> sessions;
  DynamicEstimate fit;
};

// The dynamic fit from the session fits, each given the truth's sign first (as
// estimate_ideal_points() orients them by the anchor).
DynamicFit fit_panel(const RollCallVotes& votes, const Panel& truth, const IdealPointOptions& o,
                     const model::ItemSharing& sharing = {}) {
  DynamicFit out;
  out.sessions = model::session_votes(votes);
  for (std::size_t k = 0; k < out.sessions.size(); ++k) {
    const SessionVotes& s = out.sessions[k];
    SessionEstimate f = fitted(s, o);
    double sign = 0;
    for (std::size_t i = 0; i < s.state_count(); ++i) sign += f.x[i] * truth.x[k][s.states[i]];
    if (sign < 0) {
      for (double& v : f.x) v = -v;
      for (double& b : f.items.discrimination) b = -b;
    }
    out.fit.x.push_back(f.x);
    out.fit.items.push_back(f.items);
  }
  out.fit =
      model::fit_dynamic(out.sessions, votes.country_count(), std::move(out.fit), o, 1, sharing);
  return out;
}

// The dense information of a dynamic or bridged fit, in the order: every session's positions,
// then every session's items (a shared item's occurrences one slot, at its first), with the
// walk and the positions' prior (at every position when `every`) and each item's prior once.
struct DenseSystem {
  Eigen::MatrixXd info;
  Eigen::MatrixXd prior;          ///< the paths' prior precision P alone (positions' rows)
  std::vector<std::size_t> x_at;  ///< [session] row of its first position
  /// [session][item] row of the item's a (b, p follow)
  std::vector<std::vector<std::size_t>> item_at;
};

DenseSystem dense_system(const DynamicFit& d, std::size_t countries, const IdealPointOptions& o,
                         const model::ItemSharing& sharing, bool every) {
  DenseSystem out;
  std::size_t size = 0;
  for (const auto& s : d.sessions) {
    out.x_at.push_back(size);
    size += s.state_count();
  }
  std::vector<std::vector<char>> later(d.sessions.size());  // occurrences after a group's first
  for (std::size_t k = 0; k < d.sessions.size(); ++k)
    later[k].assign(d.sessions[k].item_count(), 0);
  for (const auto& group : sharing.groups)
    for (std::size_t q = 1; q < group.size(); ++q) later[group[q].first][group[q].second] = 1;
  out.item_at.resize(d.sessions.size());
  for (std::size_t k = 0; k < d.sessions.size(); ++k) {
    out.item_at[k].assign(d.sessions[k].item_count(), 0);
    for (std::size_t j = 0; j < d.sessions[k].item_count(); ++j) {
      if (later[k][j] != 0) continue;
      out.item_at[k][j] = size;
      size += 3;
    }
  }
  for (const auto& group : sharing.groups) {
    for (std::size_t q = 1; q < group.size(); ++q) {
      out.item_at[group[q].first][group[q].second] =
          out.item_at[group.front().first][group.front().second];
    }
  }
  const auto sz = static_cast<Eigen::Index>(size);
  out.info = Eigen::MatrixXd::Zero(sz, sz);
  const double pa = 1 / (o.item_sd * o.item_sd);
  for (std::size_t k = 0; k < d.sessions.size(); ++k) {
    Eigen::MatrixXd h =
        -model::log_posterior_hessian(d.sessions[k], d.fit.x[k], d.fit.items[k], o, false);
    const std::size_t n = d.sessions[k].state_count();
    std::vector<Eigen::Index> where;
    for (std::size_t q = 0; q < n; ++q) where.push_back(static_cast<Eigen::Index>(out.x_at[k] + q));
    for (std::size_t j = 0; j < d.sessions[k].item_count(); ++j) {
      for (std::size_t t = 0; t < 3; ++t)
        where.push_back(static_cast<Eigen::Index>(out.item_at[k][j] + t));
      if (later[k][j] == 0) continue;
      // The group's prior counts once: take off this occurrence's.
      const auto r = static_cast<Eigen::Index>(n + 3 * j);
      const double p = d.fit.items[k].precision[j];
      h(r, r) -= pa;
      h(r + 1, r + 1) -= pa;
      h(r + 2, r + 2) -= (o.precision_shape - 1) / (p * p);
    }
    // Several rows may land on one slot only across sessions, never within one.
    out.info(where, where) += h;
  }
  const double px = 1 / (o.position_sd * o.position_sd);
  out.prior = Eigen::MatrixXd::Zero(sz, sz);
  for (std::size_t c = 0; c < countries; ++c) {
    std::vector<std::pair<std::size_t, Eigen::Index>> nodes;  // (session, row)
    for (std::size_t k = 0; k < d.sessions.size(); ++k) {
      const auto& st = d.sessions[k].states;
      const auto it = std::find(st.begin(), st.end(), c);
      if (it != st.end())
        nodes.emplace_back(k, static_cast<Eigen::Index>(out.x_at[k] + (it - st.begin())));
    }
    if (nodes.empty()) continue;
    for (std::size_t t = 0; t < (every ? nodes.size() : 1); ++t)
      out.prior(nodes[t].second, nodes[t].second) += px;
    for (std::size_t t = 0; t + 1 < nodes.size(); ++t) {
      const double gap =
          d.sessions[nodes[t + 1].first].session - d.sessions[nodes[t].first].session;
      const double w = 1 / (o.omega * o.omega * gap);
      const Eigen::Index a = nodes[t].second, b = nodes[t + 1].second;
      out.prior(a, a) += w;
      out.prior(b, b) += w;
      out.prior(a, b) -= w;
      out.prior(b, a) -= w;
    }
  }
  out.info += out.prior;
  return out;
}

TEST(IdealPointSe, TheBlockTridiagonalSolveGivesTheDenseInversesDiagonal) {
  Rng rng(23);
  const Panel panel = walk_panel(5, 30, 12, 0.15, rng);
  const RollCallVotes votes = votes_of(panel, rng);
  IdealPointOptions o;
  o.omega = 0.15;
  const DynamicFit d = fit_panel(votes, panel, o);
  ASSERT_EQ(d.sessions.size(), 5u);
  // The dense information: every session's own Hessian, then the walk and the first prior.
  const DenseSystem dense = dense_system(d, votes.country_count(), o, {}, false);
  const std::vector<std::size_t>& x_at = dense.x_at;
  const Eigen::MatrixXd inverse = dense.info.inverse();
  const auto se =
      model::dynamic_standard_errors(d.sessions, votes.country_count(), d.fit, o, 2, false);
  std::size_t checked = 0;
  for (std::size_t k = 0; k < d.sessions.size(); ++k) {
    for (std::size_t i = 0; i < d.sessions[k].state_count(); ++i, ++checked) {
      const auto q = static_cast<Eigen::Index>(x_at[k] + i);
      EXPECT_NEAR(se[k][i], std::sqrt(inverse(q, q)), 1e-9 * se[k][i]) << k << " " << i;
    }
  }
  EXPECT_EQ(checked, 5u * 30u - 1 - 1 - 2);
  // The state absent from the second session is less certain there than its neighbours...
  // (it has no node there); the walk makes every dynamic error smaller than the session fit's.
  for (std::size_t k = 0; k < d.sessions.size(); ++k) {
    const SessionEstimate f = fitted(d.sessions[k], o);
    const auto alone = model::session_standard_errors(d.sessions[k], f.x, f.items, o, false);
    double ratio = 0;
    for (std::size_t i = 0; i < alone.size(); ++i)
      ratio += se[k][i] / alone[i] / static_cast<double>(alone.size());
    EXPECT_LT(ratio, 1) << k;
  }
}

// ---------------------------------------------------------------- bridged model

// A walk panel whose sessions 1 and 2 share their first four items, and sessions 3 and 4
// theirs (drawn once, voted twice): two components of sessions joined by shared items.
struct SharedPanel {
  Panel panel;
  RollCallVotes votes;
  model::ItemSharing sharing;
};

SharedPanel shared_panel(std::size_t states, std::size_t items, std::uint64_t seed) {
  Rng rng(seed);
  SharedPanel out;
  out.panel = walk_panel(4, states, items, 0.15, rng);
  for (std::size_t k : {1u, 3u}) {
    for (std::size_t j = 0; j < 4; ++j) {
      out.panel.items[k].intercept[j] = out.panel.items[k - 1].intercept[j];
      out.panel.items[k].discrimination[j] = out.panel.items[k - 1].discrimination[j];
      out.panel.items[k].precision[j] = out.panel.items[k - 1].precision[j];
    }
  }
  out.votes = votes_of(out.panel, rng);
  for (std::size_t k : {0u, 2u})
    for (std::size_t j = 0; j < 4; ++j) out.sharing.groups.push_back({{k, j}, {k + 1, j}});
  return out;
}

TEST(IdealPointSe, TheBorderedSolveGivesTheDenseInversesDiagonal) {
  const SharedPanel sp = shared_panel(30, 12, 31);
  IdealPointOptions o;
  o.bridged = true;
  o.omega = 0.15;
  const DynamicFit d = fit_panel(sp.votes, sp.panel, o, sp.sharing);
  ASSERT_EQ(d.sessions.size(), 4u);
  for (const auto& s : d.sessions) ASSERT_EQ(s.item_count(), 12u);  // none dropped
  // The fit gives a group's occurrences one (a, b, p).
  for (const auto& group : sp.sharing.groups) {
    const auto [k0, j0] = group[0];
    const auto [k1, j1] = group[1];
    EXPECT_EQ(d.fit.items[k0].discrimination[j0], d.fit.items[k1].discrimination[j1]);
    EXPECT_EQ(d.fit.items[k0].precision[j0], d.fit.items[k1].precision[j1]);
  }
  const std::size_t countries = sp.votes.country_count();
  const DenseSystem dense = dense_system(d, countries, o, sp.sharing, true);
  const Eigen::MatrixXd inverse = dense.info.inverse();
  const auto whole =
      model::dynamic_standard_errors(d.sessions, countries, d.fit, o, 2, false, sp.sharing);
  // On the estimate's scale: the constraints of the fit's location step (one per component:
  // sessions {1, 2} and {3, 4}) and scale step, G built from their definition (docs,
  // "The scale the estimate lives on"), Var = H^-1 - Z (G^T Z)^-1 Z^T with Z = H^-1 G.
  const double pa = 1 / (o.item_sd * o.item_sd);
  Eigen::MatrixXd g = Eigen::MatrixXd::Zero(dense.info.rows(), 3);
  const Eigen::VectorXd xv = [&] {
    Eigen::VectorXd v = Eigen::VectorXd::Zero(dense.info.rows());
    for (std::size_t k = 0; k < d.sessions.size(); ++k)
      for (std::size_t i = 0; i < d.fit.x[k].size(); ++i)
        v(static_cast<Eigen::Index>(dense.x_at[k] + i)) = d.fit.x[k][i];
    return v;
  }();
  const Eigen::VectorXd prior_x = dense.prior * xv;
  for (std::size_t k = 0; k < d.sessions.size(); ++k) {
    const auto component = static_cast<Eigen::Index>(k / 2);
    // Location of component q: d/dc of the log prior when its sessions' x move by c.
    Eigen::VectorXd shift = Eigen::VectorXd::Zero(dense.info.rows());
    for (std::size_t i = 0; i < d.fit.x[k].size(); ++i)
      shift(static_cast<Eigen::Index>(dense.x_at[k] + i)) = 1;
    g.col(component) += dense.prior * shift;
  }
  g.col(2) = 2 * prior_x;
  std::vector<std::size_t> done;
  for (std::size_t k = 0; k < d.sessions.size(); ++k) {
    for (std::size_t j = 0; j < d.sessions[k].item_count(); ++j) {
      const std::size_t r = dense.item_at[k][j];
      if (std::find(done.begin(), done.end(), r) != done.end()) continue;  // a group once
      done.push_back(r);
      const double a = d.fit.items[k].intercept[j], b = d.fit.items[k].discrimination[j];
      const auto q = static_cast<Eigen::Index>(r);
      g(q, static_cast<Eigen::Index>(k / 2)) = -pa * b;
      g(q + 1, static_cast<Eigen::Index>(k / 2)) = -pa * a;
      g(q + 1, 2) = -2 * pa * b;
    }
  }
  const Eigen::MatrixXd z = inverse * g;
  const Eigen::MatrixXd correction = z * (g.transpose() * z).inverse() * z.transpose();
  const auto fixed =
      model::dynamic_standard_errors(d.sessions, countries, d.fit, o, 2, true, sp.sharing);
  std::size_t checked = 0;
  double mean_ratio = 0;
  for (std::size_t k = 0; k < d.sessions.size(); ++k) {
    for (std::size_t i = 0; i < d.sessions[k].state_count(); ++i, ++checked) {
      const auto q = static_cast<Eigen::Index>(dense.x_at[k] + i);
      EXPECT_NEAR(whole[k][i], std::sqrt(inverse(q, q)), 1e-9 * whole[k][i]) << k << " " << i;
      EXPECT_NEAR(fixed[k][i], std::sqrt(inverse(q, q) - correction(q, q)), 1e-8 * fixed[k][i])
          << k << " " << i;
      mean_ratio += fixed[k][i] / whole[k][i];
    }
  }
  EXPECT_EQ(checked, 4u * 30u - 1 - 1 - 1);
  mean_ratio /= static_cast<double>(checked);
  std::cout << "bridged: fixed / whole curvature, mean " << mean_ratio << "\n";
  EXPECT_LT(mean_ratio, 0.95);  // the scale's uncertainty is taken out
}

// ---------------------------------------------------------------- coverage

// The likelihood cannot tell x from s (x + c) with a -> a - b c, b -> b / s; the priors pick
// the mode's location and scale. Moves a panel's truth to the location (per session) and scale
// (common) the mode would pick for it, as the fits' location and scale steps do, so that the
// estimates and the truth are on one scale.
void to_the_modes_scale(Panel& panel, const IdealPointOptions& o) {
  const double px = 1 / (o.position_sd * o.position_sd);
  const double pa = 1 / (o.item_sd * o.item_sd);
  const std::size_t sessions = panel.x.size(), states = panel.x.front().size();
  const double w = 1 / (o.omega * o.omega);
  for (int round = 0; round < 50; ++round) {
    // Shifts: the quadratic prior in c, one equation per session.
    const auto n = static_cast<Eigen::Index>(sessions);
    Eigen::MatrixXd h = Eigen::MatrixXd::Zero(n, n);
    Eigen::VectorXd g = Eigen::VectorXd::Zero(n);
    double bb = 0;
    for (std::size_t i = 0; i < states; ++i) {
      std::size_t prev = sessions;
      for (std::size_t k = 0; k < sessions; ++k) {
        const double v = panel.x[k][i];
        if (std::isnan(v)) continue;
        const auto kk = static_cast<Eigen::Index>(k);
        if (prev == sessions) {
          h(kk, kk) += px;
          g(kk) += px * v;
        } else {
          const auto pp = static_cast<Eigen::Index>(prev);
          const double wk = w / static_cast<double>(k - prev);
          const double dlt = v - panel.x[prev][i];
          h(kk, kk) += wk;
          h(pp, pp) += wk;
          h(kk, pp) -= wk;
          h(pp, kk) -= wk;
          g(kk) += wk * dlt;
          g(pp) -= wk * dlt;
        }
        prev = k;
      }
    }
    for (std::size_t k = 0; k < sessions; ++k) {
      const ItemParameters& it = panel.items[k];
      for (std::size_t j = 0; j < it.size(); ++j) {
        h(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) +=
            pa * it.discrimination[j] * it.discrimination[j];
        g(static_cast<Eigen::Index>(k)) -= pa * it.intercept[j] * it.discrimination[j];
        bb += it.discrimination[j] * it.discrimination[j];
      }
    }
    const Eigen::VectorXd c = h.ldlt().solve(-g);
    for (std::size_t k = 0; k < sessions; ++k) {
      const double ck = c(static_cast<Eigen::Index>(k));
      for (double& v : panel.x[k]) v += ck;  // NaN stays NaN
      ItemParameters& it = panel.items[k];
      for (std::size_t j = 0; j < it.size(); ++j) it.intercept[j] -= it.discrimination[j] * ck;
    }
    // Scale: recompute the paths' prior after the shift.
    double q = 0;
    for (std::size_t i = 0; i < states; ++i) {
      std::size_t prev = sessions;
      for (std::size_t k = 0; k < sessions; ++k) {
        const double v = panel.x[k][i];
        if (std::isnan(v)) continue;
        q += prev == sessions ? px * v * v
                              : w / static_cast<double>(k - prev) * (v - panel.x[prev][i]) *
                                    (v - panel.x[prev][i]);
        prev = k;
      }
    }
    const double s = std::pow(pa * bb / q, 0.25);
    for (auto& x : panel.x)
      for (double& v : x) v *= s;
    for (ItemParameters& it : panel.items)
      for (double& b : it.discrimination) b /= s;
  }
}

struct Coverage {
  double covered = 0, intervals = 0, mean_se = 0, square_error = 0;
  void add(double truth, double x, double se) {
    square_error += (x - truth) * (x - truth);
    covered += std::abs(x - truth) <= 1.96 * se ? 1 : 0;
    intervals += 1;
    mean_se += se;
  }
  double rate() const { return covered / intervals; }
};

// A simulated panel's bridged fit (alignment/ideal_point_simulate.hpp: bridged items found
// by their titles, absent votes, late entries), anchored by a state present throughout.
IdealPointResult bridged_fit(const SimulatedRollCalls& sim, std::size_t bootstrap) {
  IdealPointOptions o;
  o.bridged = true;
  o.curvature_se = true;
  o.bootstrap = bootstrap;
  o.threads = 2;
  for (std::size_t i = 0; i < sim.x.front().size(); ++i) {
    if (!std::isnan(sim.x.front()[i])) {
      o.anchor = sim.votes.countries()[i];
      break;
    }
  }
  Progress quiet;
  return estimate_ideal_points(sim.votes, o, quiet);
}

double quantile(std::vector<double> v, double q) {
  std::sort(v.begin(), v.end());
  return v[static_cast<std::size_t>(std::lround(q * static_cast<double>(v.size() - 1)))];
}

RollCallSimulation simulated_panel(std::uint64_t seed) {
  return {.states = 60, .sessions = 6, .items_per_session = 30, .seed = seed};
}

// The bridged model's curvature errors against its parametric bootstrap (estimate_ideal_points()
// with --bootstrap: replicates drawn from the fit, the joint model refitted, groups found
// again): the ratio over every country-session.
TEST(IdealPointSe, BridgedErrorsAgreeWithTheBootstrapOnASimulatedPanel) {
  const SimulatedRollCalls sim = simulate_roll_calls(simulated_panel(7));
  const IdealPointResult curvature = bridged_fit(sim, 0);
  const IdealPointResult boot = bridged_fit(sim, 40);
  ASSERT_EQ(curvature.standard_errors, "curvature");
  ASSERT_EQ(boot.standard_errors, "bootstrap");
  ASSERT_EQ(curvature.points.size(), boot.points.size());
  ASSERT_GT(curvature.shared.size(), 0u);
  std::vector<double> ratio;
  for (std::size_t q = 0; q < curvature.points.size(); ++q) {
    ASSERT_EQ(curvature.points[q].x, boot.points[q].x);
    ratio.push_back(curvature.points[q].se / boot.points[q].se);
  }
  const double median = quantile(ratio, 0.5);
  std::cout << "bridged, simulated: curvature / bootstrap (40 replicates) over " << ratio.size()
            << " country-sessions: median " << median << ", 5-95% " << quantile(ratio, 0.05)
            << " - " << quantile(ratio, 0.95) << ", range " << quantile(ratio, 0) << " - "
            << quantile(ratio, 1) << "\n";
  EXPECT_GT(median, 0.8);
  EXPECT_LT(median, 1.25);
}

// Coverage of the true positions by x +- 1.96 se over simulated panels. The truth is placed on
// each fit's scale by one line (the estimate's location and scale are the priors', not the
// truth's).
TEST(IdealPointSe, BridgedIntervalsCoverTheSimulatedTruth) {
  Coverage cover;
  for (std::uint64_t seed = 1; seed <= 6; ++seed) {
    const SimulatedRollCalls sim = simulate_roll_calls(simulated_panel(100 + seed));
    const IdealPointResult fit = bridged_fit(sim, 0);
    std::vector<double> truth, x, se;
    for (const IdealPoint& p : fit.points) {
      const std::size_t state = std::stoul(p.country.substr(1)) - 1000;
      truth.push_back(sim.x[static_cast<std::size_t>(p.session) - 1][state]);
      x.push_back(p.x);
      se.push_back(p.se);
    }
    double mt = 0, mx = 0;
    for (std::size_t q = 0; q < x.size(); ++q) {
      mt += truth[q] / static_cast<double>(x.size());
      mx += x[q] / static_cast<double>(x.size());
    }
    double stx = 0, stt = 0;
    for (std::size_t q = 0; q < x.size(); ++q) {
      stx += (truth[q] - mt) * (x[q] - mx);
      stt += (truth[q] - mt) * (truth[q] - mt);
    }
    const double slope = stx / stt;
    for (std::size_t q = 0; q < x.size(); ++q) cover.add(mx + slope * (truth[q] - mt), x[q], se[q]);
  }
  std::cout << "bridged coverage of the truth " << cover.rate() << " of " << cover.intervals
            << " intervals, mean se " << cover.mean_se / cover.intervals << ", rms error "
            << std::sqrt(cover.square_error / cover.intervals) << "\n";
  EXPECT_GE(cover.rate(), 0.90);
  EXPECT_LE(cover.rate(), 0.98);
}

TEST(IdealPointSe, NinetyFivePercentIntervalsCoverKnownPositionsInASession) {
  IdealPointOptions o;
  Rng rng(101);
  Panel panel;
  panel.x.assign(1, std::vector<double>(150));
  for (double& v : panel.x[0]) v = rng.normal();
  panel.items.push_back(draw_items(60, rng));
  to_the_modes_scale(panel, o);
  Coverage cover;
  for (int replication = 0; replication < 20; ++replication) {
    const RollCallVotes votes = votes_of(panel, rng);
    const SessionVotes s = model::session_votes(votes).front();
    SessionEstimate f = fitted(s, o);
    double sign = 0;
    for (std::size_t i = 0; i < s.state_count(); ++i) sign += f.x[i] * panel.x[0][s.states[i]];
    const std::vector<double> se = model::session_standard_errors(s, f.x, f.items, o);
    for (std::size_t i = 0; i < s.state_count(); ++i)
      cover.add(panel.x[0][s.states[i]], sign < 0 ? -f.x[i] : f.x[i], se[i]);
  }
  std::cout << "session coverage " << cover.rate() << " of " << cover.intervals
            << " intervals, mean se " << cover.mean_se / cover.intervals << " rms error "
            << std::sqrt(cover.square_error / cover.intervals) << "\n";
  EXPECT_GE(cover.rate(), 0.92);
  EXPECT_LE(cover.rate(), 0.98);
}

// The dynamic mode smooths the paths, and the scale where its priors balance is then about
// 0.75 of the truth's (the estimator's own shrinkage, which no standard error can cover): the
// errors are checked as what they estimate, the spread of the estimates over data sets drawn
// from the truth (the parametric bootstrap from the truth), and their coverage of the truth
// is printed.
TEST(IdealPointSe, NinetyFivePercentIntervalsCoverTheSpreadOfDynamicEstimates) {
  IdealPointOptions o;
  o.omega = 0.1;
  Rng rng(202);
  Panel panel = walk_panel(4, 80, 30, o.omega, rng);
  to_the_modes_scale(panel, o);
  const int replications = 20;
  std::vector<std::vector<double>> estimates, errors;  // [replication][node]
  std::vector<double> truth;
  Coverage of_truth;
  for (int replication = 0; replication < replications; ++replication) {
    const RollCallVotes votes = votes_of(panel, rng);
    const DynamicFit d = fit_panel(votes, panel, o);
    double sign = 0;
    for (std::size_t k = 0; k < d.sessions.size(); ++k) {
      for (std::size_t i = 0; i < d.sessions[k].state_count(); ++i)
        sign += d.fit.x[k][i] * panel.x[k][d.sessions[k].states[i]];
    }
    const auto se = model::dynamic_standard_errors(d.sessions, votes.country_count(), d.fit, o, 2);
    std::vector<double> x, e;
    truth.clear();
    for (std::size_t k = 0; k < d.sessions.size(); ++k) {
      for (std::size_t i = 0; i < d.sessions[k].state_count(); ++i) {
        x.push_back(sign < 0 ? -d.fit.x[k][i] : d.fit.x[k][i]);
        e.push_back(se[k][i]);
        truth.push_back(panel.x[k][d.sessions[k].states[i]]);
        of_truth.add(truth.back(), x.back(), e.back());
      }
    }
    estimates.push_back(std::move(x));
    errors.push_back(std::move(e));
  }
  // Around the mean of the replications, whose deviations have variance se^2 (R - 1) / R.
  Coverage of_spread;
  const double shrink = std::sqrt((replications - 1.0) / replications);
  double spread = 0;
  for (std::size_t q = 0; q < truth.size(); ++q) {
    double mean = 0;
    for (const auto& x : estimates) mean += x[q] / replications;
    double ss = 0;
    for (int r = 0; r < replications; ++r) {
      const auto rr = static_cast<std::size_t>(r);
      of_spread.add(mean, estimates[rr][q], errors[rr][q] * shrink);
      ss += (estimates[rr][q] - mean) * (estimates[rr][q] - mean);
    }
    spread += std::sqrt(ss / (replications - 1)) / static_cast<double>(truth.size());
  }
  std::cout << "dynamic: coverage of the replications' mean " << of_spread.rate() << " of "
            << of_spread.intervals << ", mean se " << of_truth.mean_se / of_truth.intervals
            << ", spread over replications " << spread << "; coverage of the truth "
            << of_truth.rate() << " (rms error "
            << std::sqrt(of_truth.square_error / of_truth.intervals) << ")\n";
  EXPECT_GE(of_spread.rate(), 0.92);
  EXPECT_LE(of_spread.rate(), 0.98);
  const double ratio = of_truth.mean_se / of_truth.intervals / spread;
  EXPECT_GT(ratio, 0.8);
  EXPECT_LT(ratio, 1.25);
}

// ---------------------------------------------------------------- UN General Assembly

// The curvature errors of real sessions against the parametric bootstrap (as
// estimate_ideal_points() makes it: replicates drawn from the fit, refitted from it at 10x the
// tolerance, sign matched). SOFTPOWER_SE_SESSIONS (default "40") and SOFTPOWER_SE_REPLICATES
// (default 30) choose the sessions and replicates; docs/alignment-ideal-points.md has the run
// with 200 replicates.
TEST(IdealPointSe, UnSessionsAgreeWithTheBootstrap) {
  SOFTPOWER_REQUIRE_DATA(data);
  std::vector<sources::UnmappedRow> unmapped;
  const RollCallVotes votes = sources::read_un_votes(data, unmapped);
  const std::vector<SessionVotes> sessions = model::session_votes(votes);
  const char* chosen = std::getenv("SOFTPOWER_SE_SESSIONS");
  const char* reps = std::getenv("SOFTPOWER_SE_REPLICATES");
  std::vector<int> wanted;
  {
    std::string list = chosen != nullptr ? chosen : "40";
    std::size_t at = 0;
    while (at < list.size()) {
      const std::size_t comma = std::min(list.find(',', at), list.size());
      wanted.push_back(std::stoi(list.substr(at, comma - at)));
      at = comma + 1;
    }
  }
  const std::size_t b = reps != nullptr ? std::stoul(reps) : 30;
  IdealPointOptions o;
  IdealPointOptions loose = o;
  loose.tolerance = 10 * o.tolerance;
  for (int session : wanted) {
    const auto it = std::find_if(sessions.begin(), sessions.end(),
                                 [&](const SessionVotes& s) { return s.session == session; });
    ASSERT_NE(it, sessions.end()) << session;
    const SessionVotes& s = *it;
    const SessionEstimate f = fitted(s, o);
    const std::vector<double> se = model::session_standard_errors(s, f.x, f.items, o);
    const std::vector<double> whole = model::session_standard_errors(s, f.x, f.items, o, false);
    std::vector<std::vector<double>> replicate(b);
    parallel_for(
        b,
        [&](std::size_t r) {
          Rng rng(seed_of(seed_of(o.seed, static_cast<std::uint64_t>(session)), r));
          std::vector<std::size_t> kept;
          const SessionVotes rs =
              model::with_categories(s, model::simulate_categories(s, f.x, f.items, rng), kept);
          SessionEstimate start;
          start.x = f.x;
          start.items = f.items.subset(kept);
          SessionEstimate g = model::fit_session(rs, std::move(start), loose);
          double dot = 0;
          for (std::size_t i = 0; i < g.x.size(); ++i) dot += g.x[i] * f.x[i];
          if (dot < 0)
            for (double& v : g.x) v = -v;
          replicate[r] = std::move(g.x);
        },
        2);
    std::vector<double> ratio, whole_ratio;
    for (std::size_t i = 0; i < s.state_count(); ++i) {
      if (s.state_votes[i] == 0) continue;
      double mean = 0, ss = 0;
      for (const auto& x : replicate) mean += x[i] / static_cast<double>(b);
      for (const auto& x : replicate) ss += (x[i] - mean) * (x[i] - mean);
      const double boot = std::sqrt(ss / static_cast<double>(b - 1));
      ratio.push_back(se[i] / boot);
      whole_ratio.push_back(whole[i] / boot);
    }
    const double median = quantile(ratio, 0.5);
    std::cout << "session " << session << " (" << ratio.size() << " states, " << b
              << " replicates): curvature / bootstrap median " << median << ", 5-95% "
              << quantile(ratio, 0.05) << " - " << quantile(ratio, 0.95) << ", range "
              << quantile(ratio, 0) << " - " << quantile(ratio, 1)
              << "; whole curvature / bootstrap median " << quantile(whole_ratio, 0.5) << "\n";
    EXPECT_GT(median, 0.8) << session;
    EXPECT_LT(median, 1.25) << session;
  }
}

}  // namespace
}  // namespace softpower::alignment
