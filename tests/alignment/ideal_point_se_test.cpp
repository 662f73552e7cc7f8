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
#include <iostream>
#include <vector>

#include "softpower/alignment/ideal_point_model.hpp"
#include "softpower/alignment/ideal_points.hpp"
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
      for (std::size_t j = 0; j < m; ++j)
        theta(static_cast<Eigen::Index>(n + 3 * j + 2)) =
            std::abs(theta(static_cast<Eigen::Index>(n + 3 * j + 2)));
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
      model::session_standard_errors(s.votes, s.fit.x, s.fit.items, s.options);
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

}  // namespace
}  // namespace softpower::alignment
