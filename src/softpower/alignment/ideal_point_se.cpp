#include "softpower/alignment/ideal_point_se.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"

namespace softpower::alignment::model {

namespace {

constexpr double kLogSqrt2Pi = 0.918938533204672741780330;
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

using Index = Eigen::Index;

Index at(std::size_t i) {
  return static_cast<Index>(i);
}

// The Hessian of one cell with respect to (x_i, a_j, b_j, p_j), from the derivatives in
// (eta, p), eta = a + b x: d eta / d(x, a, b) = (b, 1, x) and d2 eta / dx db = 1.
struct CellHessian {
  double xx, xa, xb, xp, aa, ab, ap, bb, bp, pp;
};

CellHessian cell_hessian(const CellDerivatives& d, double x, double b) {
  const double e = d.eta_eta, m = d.eta_p;
  return {e * b * b, e * b, e * b * x + d.eta, m * b, e, e * x, m, e * x * x, m * x, d.p_p};
}

// Prior curvatures: positions N(0, sd^2), intercepts and discriminations N(0, item_sd^2),
// precision Gamma(shape, rate).
double position_prior_precision(const IdealPointOptions& o) {
  return 1 / (o.position_sd * o.position_sd);
}
double item_prior_precision(const IdealPointOptions& o) {
  return 1 / (o.item_sd * o.item_sd);
}
double precision_prior_curvature(const IdealPointOptions& o, double p) {
  return (o.precision_shape - 1) / (p * p);
}

}  // namespace

CellDerivatives cell_derivatives(std::uint8_t category, double eta, double p) {
  // The vote's interval (l, u) of the standardised latent utility: thresholds 0 and 1 at
  // t = (threshold - eta) sqrt(p). log P = log[Phi(u) - Phi(l)]; with lambda_t = phi(t) / P
  // (zero for an infinite bound) and K_n = l^n lambda_l - u^n lambda_u, D = lambda_l -
  // lambda_u, the chain rule through dt/d eta = -sqrt(p), dt/dp = t / (2p) gives the
  // expressions below (the same as Louis's identity on the truncated moments: D = E Z,
  // 1 + K1 = E Z^2, 2D + K2 = E Z^3, 3 + 3 K1 + K3 = E Z^4).
  const double s = std::sqrt(p);
  const double zero = -eta * s, one = (1 - eta) * s;
  const double log_prob = log_category_probability(category, zero, one);
  double l = 0, u = 0;
  bool has_l = true, has_u = true;
  switch (category) {
    case kNo:
      has_l = false;
      u = zero;
      break;
    case kAbstain:
      l = zero;
      u = one;
      break;
    default:
      l = one;
      has_u = false;
  }
  // phi(t) / P through logarithms, so that neither underflows far in a tail.
  auto ratio = [&](double t) { return std::exp(-0.5 * t * t - kLogSqrt2Pi - log_prob); };
  const double rl = has_l ? ratio(l) : 0, ru = has_u ? ratio(u) : 0;
  const double k1 = l * rl - u * ru;
  const double k2 = l * l * rl - u * u * ru;
  const double k3 = l * l * l * rl - u * u * u * ru;
  const double diff = rl - ru;
  CellDerivatives d;
  d.eta = s * diff;
  d.p = -k1 / (2 * p);
  d.eta_eta = p * (k1 - diff * diff);
  d.eta_p = (diff + k1 * diff - k2) / (2 * s);
  d.p_p = (k3 + k1 - k1 * k1) / (4 * p * p);
  return d;
}

Eigen::VectorXd log_posterior_gradient(const SessionVotes& votes, const std::vector<double>& x,
                                       const ItemParameters& items,
                                       const IdealPointOptions& options) {
  const std::size_t n = votes.state_count(), m = votes.item_count();
  Eigen::VectorXd g = Eigen::VectorXd::Zero(at(n + 3 * m));
  const double px = position_prior_precision(options), pa = item_prior_precision(options);
  for (std::size_t i = 0; i < n; ++i) g(at(i)) = -px * x[i];
  for (std::size_t j = 0; j < m; ++j) {
    const double a = items.intercept[j], b = items.discrimination[j], p = items.precision[j];
    const Index q = at(n + 3 * j);
    g(q) = -pa * a;
    g(q + 1) = -pa * b;
    g(q + 2) = (options.precision_shape - 1) / p - options.precision_rate;
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const std::uint32_t i = votes.cell_state[c];
      const CellDerivatives d = cell_derivatives(votes.cell_category[c], a + b * x[i], p);
      g(at(i)) += d.eta * b;
      g(q) += d.eta;
      g(q + 1) += d.eta * x[i];
      g(q + 2) += d.p;
    }
  }
  return g;
}

Eigen::MatrixXd log_posterior_hessian(const SessionVotes& votes, const std::vector<double>& x,
                                      const ItemParameters& items, const IdealPointOptions& options,
                                      bool position_prior) {
  const std::size_t n = votes.state_count(), m = votes.item_count();
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(at(n + 3 * m), at(n + 3 * m));
  const double px = position_prior_precision(options), pa = item_prior_precision(options);
  if (position_prior) h.diagonal().head(at(n)).setConstant(-px);
  for (std::size_t j = 0; j < m; ++j) {
    const double a = items.intercept[j], b = items.discrimination[j], p = items.precision[j];
    const Index q = at(n + 3 * j);
    h(q, q) -= pa;
    h(q + 1, q + 1) -= pa;
    h(q + 2, q + 2) -= precision_prior_curvature(options, p);
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const std::uint32_t i = votes.cell_state[c];
      const Index r = at(i);
      const CellHessian e =
          cell_hessian(cell_derivatives(votes.cell_category[c], a + b * x[i], p), x[i], b);
      h(r, r) += e.xx;
      const double cross[3] = {e.xa, e.xb, e.xp};
      for (Index t = 0; t < 3; ++t) {
        h(r, q + t) += cross[t];
        h(q + t, r) += cross[t];
      }
      h(q, q) += e.aa;
      h(q + 1, q + 1) += e.bb;
      h(q + 2, q + 2) += e.pp;
      h(q, q + 1) += e.ab;
      h(q + 1, q) += e.ab;
      h(q, q + 2) += e.ap;
      h(q + 2, q) += e.ap;
      h(q + 1, q + 2) += e.bp;
      h(q + 2, q + 1) += e.bp;
    }
  }
  return h;
}

namespace {

// An occurrence of a shared item in a session, not eliminated there: its cross information
// with the session's positions (states x 3, a zero row where a state did not vote on it) and
// its own 3x3 information from the session's cells, without the prior (the group carries it
// once).
struct BorderItem {
  std::size_t item = 0;
  Eigen::MatrixXd cross;
  Eigen::Matrix3d info;
};

// A session's items eliminated: W (states x 3 items) with W_j = C_j L_j^-T, C_j the positions'
// cross information with item j and J_jj = L_j L_j^T its own, so that the positions' Schur
// complement is J_xx - W W^T; an item whose 3x3 block is not positive definite keeps p fixed
// (L_j's third row and W_j's third column unit and zero), or is held fixed altogether. The
// occurrences of shared items are kept in `border` instead (their W_j zero, L_j the identity).
struct Eliminated {
  Eigen::VectorXd diagonal;  ///< J_xx, diagonal (one position per cell)
  Eigen::MatrixXd w;
  std::vector<Eigen::Matrix3d> lower;
  std::vector<BorderItem> border;
  std::size_t singular = 0;
};

Eliminated eliminate_items(const SessionVotes& votes, const std::vector<double>& x,
                           const ItemParameters& items, const IdealPointOptions& options,
                           const std::vector<char>* shared = nullptr) {
  const std::size_t n = votes.state_count(), m = votes.item_count();
  const double pa = item_prior_precision(options);
  Eliminated out;
  out.diagonal = Eigen::VectorXd::Zero(at(n));
  out.w = Eigen::MatrixXd::Zero(at(n), at(3 * m));
  out.lower.assign(m, Eigen::Matrix3d::Identity());
  Eigen::Matrix<double, Eigen::Dynamic, 3> cross;
  for (std::size_t j = 0; j < m; ++j) {
    const double a = items.intercept[j], b = items.discrimination[j], p = items.precision[j];
    const std::size_t first = votes.item_begin[j];
    const std::size_t count = votes.item_begin[j + 1] - first;
    const bool on_border = shared != nullptr && (*shared)[j] != 0;
    Eigen::Matrix3d info = Eigen::Matrix3d::Zero();
    if (!on_border) {
      info(0, 0) = pa;
      info(1, 1) = pa;
      info(2, 2) = precision_prior_curvature(options, p);
    }
    cross.resize(at(count), 3);
    for (std::size_t c = first; c < first + count; ++c) {
      const std::uint32_t i = votes.cell_state[c];
      const CellHessian e =
          cell_hessian(cell_derivatives(votes.cell_category[c], a + b * x[i], p), x[i], b);
      out.diagonal(at(i)) -= e.xx;
      cross.row(at(c - first)) << -e.xa, -e.xb, -e.xp;
      info(0, 0) -= e.aa;
      info(1, 1) -= e.bb;
      info(2, 2) -= e.pp;
      info(0, 1) -= e.ab;
      info(0, 2) -= e.ap;
      info(1, 2) -= e.bp;
    }
    if (on_border) {
      BorderItem& item = out.border.emplace_back();
      item.item = j;
      item.info = info.selfadjointView<Eigen::Upper>();
      item.cross = Eigen::MatrixXd::Zero(at(n), 3);
      for (std::size_t c = first; c < first + count; ++c)
        item.cross.row(at(votes.cell_state[c])) = cross.row(at(c - first));
      continue;
    }
    Eigen::Matrix3d& lower = out.lower[j];
    Eigen::LLT<Eigen::Matrix3d> llt(info.selfadjointView<Eigen::Upper>());
    if (llt.info() == Eigen::Success) {
      lower = llt.matrixL();
    } else {
      // Not at a maximum in p: keep p fixed ((a, b) alone), or the item fixed altogether.
      ++out.singular;
      cross.col(2).setZero();
      const Eigen::Matrix2d ab = info.topLeftCorner<2, 2>().selfadjointView<Eigen::Upper>();
      Eigen::LLT<Eigen::Matrix2d> llt2(ab);
      if (llt2.info() != Eigen::Success) continue;
      lower.topLeftCorner<2, 2>() = llt2.matrixL();
    }
    for (std::size_t c = first; c < first + count; ++c) {
      const Eigen::Vector3d v =
          lower.triangularView<Eigen::Lower>().solve(cross.row(at(c - first)).transpose());
      out.w.block<1, 3>(at(votes.cell_state[c]), at(3 * j)) = v.transpose();
    }
  }
  return out;
}

Eigen::MatrixXd schur_of(const Eliminated& e) {
  Eigen::MatrixXd s = e.diagonal.asDiagonal();
  s.selfadjointView<Eigen::Lower>().rankUpdate(e.w, -1.0);
  s.triangularView<Eigen::StrictlyUpper>() = s.transpose();
  return s;
}

// The items' half of solving H z = g, columns of `g` in the gradient's order (positions, then
// a, b, p per item). reduce: g_x - sum_j C_j J_jj^-1 g_j, the positions' right-hand side;
// the items' L_j^-1 g_j are kept in `scaled`. complete: z_j = L_j^-T (L_j^-1 g_j - W_j^T z_x).
Eigen::MatrixXd reduce(const Eliminated& e, const Eigen::MatrixXd& g, Eigen::MatrixXd& scaled) {
  const Index n = e.w.rows();
  scaled.resize(e.w.cols(), g.cols());
  for (std::size_t j = 0; j < e.lower.size(); ++j) {
    scaled.middleRows<3>(at(3 * j)) =
        e.lower[j].triangularView<Eigen::Lower>().solve(g.middleRows<3>(n + at(3 * j)));
  }
  return g.topRows(n) - e.w * scaled;
}

Eigen::MatrixXd complete(const Eliminated& e, const Eigen::MatrixXd& zx,
                         const Eigen::MatrixXd& scaled) {
  Eigen::MatrixXd z(zx.rows() + e.w.cols(), zx.cols());
  z.topRows(zx.rows()) = zx;
  const Eigen::MatrixXd t = scaled - e.w.transpose() * zx;
  for (std::size_t j = 0; j < e.lower.size(); ++j) {
    z.middleRows<3>(zx.rows() + at(3 * j)) =
        e.lower[j].transpose().triangularView<Eigen::Upper>().solve(t.middleRows<3>(at(3 * j)));
  }
  return z;
}

// The location and scale the priors fix (the likelihood cannot see them: x -> x + c, a -> a -
// b c and x -> s x, b -> b / s), as the constraints the mode satisfies: f_loc = px sum x -
// pa sum a b = 0 and f_scale = px sum x^2 - pa sum b^2 = 0 (align_scale()). Their gradients,
// one column each, in the gradient's order; the positions' part is left to the caller.
// One item's rows q, q + 1 (a, b); gauge_items() every item of a session after n positions.
void gauge_item(double a, double b, const IdealPointOptions& options, Index q, Index loc_col,
                Index scale_col, Eigen::MatrixXd& g) {
  const double pa = item_prior_precision(options);
  g(q, loc_col) = -pa * b;
  g(q + 1, loc_col) = -pa * a;
  g(q + 1, scale_col) = -2 * pa * b;
}

void gauge_items(const ItemParameters& items, const IdealPointOptions& options, Index n,
                 Index loc_col, Index scale_col, Eigen::MatrixXd& g) {
  for (std::size_t j = 0; j < items.size(); ++j) {
    gauge_item(items.intercept[j], items.discrimination[j], options, n + at(3 * j), loc_col,
               scale_col, g);
  }
}

// diag(Z_x (G^T Z)^-1 Z_x^T): what fixing the constraints G^T theta takes off the variances,
// Z = H^-1 G. Zero when G^T Z is not positive definite (a session without items).
Eigen::VectorXd gauge_correction(const Eigen::MatrixXd& zx, const Eigen::MatrixXd& gz) {
  Eigen::LLT<Eigen::MatrixXd> llt(gz);
  if (llt.info() != Eigen::Success) return Eigen::VectorXd::Zero(zx.rows());
  const Eigen::MatrixXd half = llt.matrixL().solve(zx.transpose());
  return half.colwise().squaredNorm().transpose();
}

}  // namespace

Eigen::MatrixXd position_information(const SessionVotes& votes, const std::vector<double>& x,
                                     const ItemParameters& items, const IdealPointOptions& options,
                                     std::size_t* singular_items) {
  const Eliminated e = eliminate_items(votes, x, items, options);
  if (singular_items != nullptr) *singular_items = e.singular;
  return schur_of(e);
}

std::vector<double> session_standard_errors(const SessionVotes& votes, const std::vector<double>& x,
                                            const ItemParameters& items,
                                            const IdealPointOptions& options, bool fixed_scale) {
  const std::size_t n = votes.state_count();
  const Eliminated e = eliminate_items(votes, x, items, options);
  Eigen::MatrixXd s = schur_of(e);
  const double px = position_prior_precision(options);
  s.diagonal().array() += px;
  std::vector<double> se(n, kNaN);
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  if (llt.info() != Eigen::Success) return se;
  const Eigen::MatrixXd inverse_l =
      llt.matrixL().solve(Eigen::MatrixXd::Identity(s.rows(), s.cols()));
  Eigen::VectorXd variance = inverse_l.colwise().squaredNorm().transpose();
  if (fixed_scale && votes.item_count() > 0) {
    Eigen::MatrixXd g = Eigen::MatrixXd::Zero(at(n + 3 * votes.item_count()), 2);
    for (std::size_t i = 0; i < n; ++i) {
      if (votes.state_votes[i] > 0) g(at(i), 0) = px;
      g(at(i), 1) = 2 * px * x[i];
    }
    gauge_items(items, options, at(n), 0, 1, g);
    Eigen::MatrixXd scaled;
    const Eigen::MatrixXd zx = llt.solve(reduce(e, g, scaled));
    const Eigen::MatrixXd z = complete(e, zx, scaled);
    variance -= gauge_correction(zx, g.transpose() * z);
  }
  for (std::size_t i = 0; i < n; ++i) se[i] = std::sqrt(std::max(variance(at(i)), 0.0));
  return se;
}

namespace {

Eigen::MatrixXd inverse_of(const Eigen::MatrixXd& s) {
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  if (llt.info() != Eigen::Success)
    throw Error("ideal points: the information of the positions is not positive definite");
  return llt.solve(Eigen::MatrixXd::Identity(s.rows(), s.cols()));
}

constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
constexpr std::uint32_t kAbsent = std::numeric_limits<std::uint32_t>::max();

// Every country's first and last session, and its position in every block.
struct Blocks {
  std::vector<std::size_t> first, last;
  std::vector<std::vector<std::uint32_t>> position;  ///< [session][country]
};

Blocks blocks_of(const std::vector<SessionVotes>& sessions, std::size_t countries,
                 PositionSystem& system) {
  Blocks b;
  const std::size_t k_count = sessions.size();
  b.first.assign(countries, kNone);
  b.last.assign(countries, kNone);
  for (std::size_t k = 0; k < k_count; ++k) {
    for (std::size_t c : sessions[k].states) {
      if (b.first[c] == kNone) b.first[c] = k;
      b.last[c] = k;
    }
  }
  system.block.resize(k_count);
  system.absent.assign(k_count, {});
  system.link.assign(k_count, {});
  b.position.resize(k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    b.position[k].assign(countries, kAbsent);
    const auto& states = sessions[k].states;
    for (std::size_t i = 0; i < states.size(); ++i)
      b.position[k][states[i]] = static_cast<std::uint32_t>(i);
    for (std::size_t c = 0; c < countries; ++c) {
      if (b.first[c] == kNone || b.first[c] > k || b.last[c] < k) continue;
      if (b.position[k][c] != kAbsent) continue;
      b.position[k][c] = static_cast<std::uint32_t>(states.size() + system.absent[k].size());
      system.absent[k].push_back(c);
    }
  }
  return b;
}

double walk_weight(const std::vector<SessionVotes>& sessions, std::size_t k1, std::size_t k2,
                   const IdealPointOptions& options) {
  const double gap = sessions[k2].session - sessions[k1].session;
  return 1 / (options.omega * options.omega * std::max(gap, 1.0));
}

// `shared` (null: none) marks the occurrences of shared items, which stay on the border.
PositionSystem system_of(const std::vector<SessionVotes>& sessions, const Blocks& b,
                         std::vector<Eliminated>& eliminated, const DynamicEstimate& fit,
                         const IdealPointOptions& options, std::size_t threads,
                         const std::vector<std::vector<char>>* shared = nullptr) {
  PositionSystem system;
  blocks_of(sessions, b.first.size(), system);
  eliminated.resize(sessions.size());
  parallel_for(
      sessions.size(),
      [&](std::size_t k) {
        eliminated[k] = eliminate_items(sessions[k], fit.x[k], fit.items[k], options,
                                        shared != nullptr ? &(*shared)[k] : nullptr);
        const std::size_t n = sessions[k].state_count();
        const std::size_t size = n + system.absent[k].size();
        Eigen::MatrixXd& block = system.block[k];
        block = Eigen::MatrixXd::Zero(at(size), at(size));
        block.topLeftCorner(at(n), at(n)) = schur_of(eliminated[k]);
      },
      threads);
  const double px = position_prior_precision(options);
  const bool every = prior_on_every_position(options);
  for (std::size_t c = 0; c < b.first.size(); ++c) {
    if (b.first[c] == kNone) continue;
    for (std::size_t k = b.first[c]; k <= (every ? b.last[c] : b.first[c]); ++k) {
      const std::uint32_t i = b.position[k][c];
      if (i < sessions[k].state_count()) system.block[k](i, i) += px;  // not on a gap's node
    }
    for (std::size_t k = b.first[c]; k < b.last[c]; ++k) {
      const double w = walk_weight(sessions, k, k + 1, options);
      const std::uint32_t from = b.position[k][c], to = b.position[k + 1][c];
      system.block[k](from, from) += w;
      system.block[k + 1](to, to) += w;
      system.link[k].push_back({from, to, w});
    }
  }
  return system;
}

// Block LDL of a block-tridiagonal system: the inverses of the pivots D_k = A_k - C_k-1^T
// D_k-1^-1 C_k-1, C's entries -w at the links' pairs.
std::vector<Eigen::MatrixXd> pivot_inverses(const PositionSystem& system) {
  const std::size_t k_count = system.block.size();
  std::vector<Eigen::MatrixXd> inverse(k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    Eigen::MatrixXd d = system.block[k];
    if (k > 0) {
      for (const auto& p : system.link[k - 1]) {
        for (const auto& q : system.link[k - 1])
          d(p.to, q.to) -= p.weight * q.weight * inverse[k - 1](p.from, q.from);
      }
    }
    inverse[k] = inverse_of(d);
  }
  return inverse;
}

// Solves the system for right-hand sides r[k] (block k's rows) with its pivots' inverses.
void block_solve(const PositionSystem& system, const std::vector<Eigen::MatrixXd>& inverse,
                 std::vector<Eigen::MatrixXd>& r) {
  const std::size_t k_count = system.block.size();
  for (std::size_t k = 1; k < k_count; ++k) {
    const Eigen::MatrixXd y = inverse[k - 1] * r[k - 1];
    for (const auto& l : system.link[k - 1]) r[k].row(l.to) += l.weight * y.row(l.from);
  }
  r[k_count - 1] = inverse[k_count - 1] * r[k_count - 1];
  for (std::size_t k = k_count - 1; k-- > 0;) {
    for (const auto& l : system.link[k]) r[k].row(l.from) += l.weight * r[k + 1].row(l.to);
    r[k] = inverse[k] * r[k];
  }
}

}  // namespace

PositionSystem dynamic_system(const std::vector<SessionVotes>& sessions, std::size_t countries,
                              const DynamicEstimate& fit, const IdealPointOptions& options,
                              std::size_t threads) {
  PositionSystem scratch;
  const Blocks b = blocks_of(sessions, countries, scratch);
  std::vector<Eliminated> eliminated;
  return system_of(sessions, b, eliminated, fit, options, threads);
}

namespace {

std::vector<Eigen::VectorXd> inverse_diagonal(const PositionSystem& system,
                                              const std::vector<Eigen::MatrixXd>& inverse) {
  const std::size_t k_count = system.block.size();
  std::vector<Eigen::VectorXd> out(k_count);
  if (k_count == 0) return out;
  // Backward: Sigma_K = D_K^-1; Sigma_k = D_k^-1 + G Sigma_k+1 G^T, G = D_k^-1 C_k.
  Eigen::MatrixXd sigma = inverse[k_count - 1];
  out[k_count - 1] = sigma.diagonal();
  for (std::size_t k = k_count - 1; k-- > 0;) {
    const auto& links = system.link[k];
    const auto count = at(links.size());
    Eigen::MatrixXd g(inverse[k].rows(), count);
    Eigen::MatrixXd next(count, count);
    for (Index t = 0; t < count; ++t) {
      const auto& p = links[static_cast<std::size_t>(t)];
      g.col(t) = inverse[k].col(p.from) * p.weight;
      for (Index r = 0; r < count; ++r)
        next(r, t) = sigma(links[static_cast<std::size_t>(r)].to, p.to);
    }
    sigma = inverse[k];
    sigma.noalias() += g * next * g.transpose();
    out[k] = sigma.diagonal();
  }
  return out;
}

}  // namespace

std::vector<Eigen::VectorXd> inverse_diagonal(const PositionSystem& system) {
  return inverse_diagonal(system, pivot_inverses(system));
}

namespace {

// The bridged model's border: the shared items' parameters, (a, b, p) of group g at rows 3g to
// 3g + 2, coupled to the positions of every session the group was voted in (the occurrences'
// BorderItem). With U = A^-1 B (A the block-tridiagonal positions' system, B the coupling),
// S = C - B^T U is the border's Schur complement (C its own information, block diagonal, each
// group's prior once), and
//   diag(Sigma_xx) = diag(A^-1) + diag(U S^-1 U^T).
struct Border {
  std::vector<std::vector<char>> shared;        ///< [session][item]: on the border
  std::vector<std::vector<std::size_t>> group;  ///< [session][item]: its group
  std::vector<Eigen::MatrixXd> u;               ///< [session] rows of A^-1 B
  Eigen::LLT<Eigen::MatrixXd> schur;            ///< S
  std::size_t groups = 0;
};

Border border_of(const std::vector<SessionVotes>& sessions, const ItemSharing& sharing) {
  Border out;
  out.groups = sharing.groups.size();
  out.shared.resize(sessions.size());
  out.group.resize(sessions.size());
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    out.shared[k].assign(sessions[k].item_count(), 0);
    out.group[k].assign(sessions[k].item_count(), 0);
  }
  for (std::size_t g = 0; g < sharing.groups.size(); ++g) {
    for (const auto& [k, j] : sharing.groups[g]) {
      out.shared[k][j] = 1;
      out.group[k][j] = g;
    }
  }
  return out;
}

// B^T r over the occurrences: rows 3g..3g+2 of the result, r[k] block k's rows.
Eigen::MatrixXd border_product(const Border& border, const std::vector<Eliminated>& eliminated,
                               const std::vector<Eigen::MatrixXd>& r, Index cols) {
  Eigen::MatrixXd out = Eigen::MatrixXd::Zero(at(3 * border.groups), cols);
  for (std::size_t k = 0; k < eliminated.size(); ++k) {
    for (const BorderItem& o : eliminated[k].border) {
      out.middleRows<3>(at(3 * border.group[k][o.item])).noalias() +=
          o.cross.transpose() * r[k].topRows(o.cross.rows());
    }
  }
  return out;
}

// Builds U and factors S; adds diag(U S^-1 U^T) to the positions' variances. False when S is
// not positive definite.
bool add_border(const std::vector<SessionVotes>& sessions, const ItemSharing& sharing,
                const DynamicEstimate& fit, const IdealPointOptions& options,
                const PositionSystem& system, const std::vector<Eigen::MatrixXd>& inverse,
                const std::vector<Eliminated>& eliminated, std::size_t threads, Border& border,
                std::vector<Eigen::VectorXd>& variance) {
  const Index m = at(3 * border.groups);
  const double pa = item_prior_precision(options);
  Eigen::MatrixXd s = Eigen::MatrixXd::Zero(m, m);
  border.u.resize(sessions.size());
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    border.u[k] = Eigen::MatrixXd::Zero(system.block[k].rows(), m);
    for (const BorderItem& o : eliminated[k].border) {
      const Index q = at(3 * border.group[k][o.item]);
      border.u[k].middleCols<3>(q).topRows(o.cross.rows()) = o.cross;
      s.block<3, 3>(q, q) += o.info;
    }
  }
  for (std::size_t g = 0; g < sharing.groups.size(); ++g) {
    const auto [k, j] = sharing.groups[g].front();
    const Index q = at(3 * g);
    s(q, q) += pa;
    s(q + 1, q + 1) += pa;
    s(q + 2, q + 2) += precision_prior_curvature(options, fit.items[k].precision[j]);
  }
  block_solve(system, inverse, border.u);
  s -= border_product(border, eliminated, border.u, m);
  border.schur.compute(0.5 * (s + s.transpose()));
  if (border.schur.info() != Eigen::Success) return false;
  parallel_for(
      sessions.size(),
      [&](std::size_t k) {
        const Index n = at(sessions[k].state_count());
        const Eigen::MatrixXd half =
            border.schur.matrixL().solve(border.u[k].topRows(n).transpose());
        variance[k].head(n) += half.colwise().squaredNorm().transpose();
      },
      threads);
  return true;
}

}  // namespace

std::vector<std::vector<double>> dynamic_standard_errors(const std::vector<SessionVotes>& sessions,
                                                         std::size_t countries,
                                                         const DynamicEstimate& fit,
                                                         const IdealPointOptions& options,
                                                         std::size_t threads, bool fixed_scale,
                                                         const ItemSharing& sharing) {
  const std::size_t k_count = sessions.size();
  std::vector<std::vector<double>> se(k_count);
  for (std::size_t k = 0; k < k_count; ++k) se[k].assign(sessions[k].state_count(), kNaN);
  if (k_count == 0) return se;
  PositionSystem scratch;
  const Blocks b = blocks_of(sessions, countries, scratch);
  Border border = border_of(sessions, sharing);
  const bool bordered = border.groups > 0;
  std::vector<Eliminated> eliminated;
  const PositionSystem system = system_of(sessions, b, eliminated, fit, options, threads,
                                          bordered ? &border.shared : nullptr);
  std::vector<Eigen::VectorXd> variance;
  std::vector<Eigen::MatrixXd> inverse;
  try {
    inverse = pivot_inverses(system);
    variance = inverse_diagonal(system, inverse);
  } catch (const Error&) {
    return se;
  }
  if (bordered && !add_border(sessions, sharing, fit, options, system, inverse, eliminated, threads,
                              border, variance))
    return se;
  if (fixed_scale) {
    // The constraints of align_paths(): the location of each component of sessions joined by
    // shared items (column q; without shared items every session is one) and the common
    // scale (column Q), f_q = sum over the component's positions of (P x) - pa sum_j a_j b_j
    // and f_Q = x^T P x - pa sum b^2, P the paths' prior precision (the prior at a state's
    // first session or at every one, the walk between its consecutive sessions) and the
    // items' sums over the items whose prior counts (a shared group once). Their gradients per
    // session in the gradient's order, the shared groups' in `border_g`.
    std::vector<std::size_t> component;
    const std::size_t components = components_of(sharing, k_count, component);
    const Index cols = at(components + 1);
    const double px = position_prior_precision(options);
    const bool every = prior_on_every_position(options);
    std::vector<Eigen::MatrixXd> g(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
      const Index n = at(sessions[k].state_count());
      g[k] = Eigen::MatrixXd::Zero(n + at(3 * sessions[k].item_count()), cols);
      gauge_items(fit.items[k], options, n, at(component[k]), cols - 1, g[k]);
      for (const BorderItem& o : eliminated[k].border)
        g[k].middleRows<3>(n + at(3 * o.item)).setZero();
    }
    Eigen::MatrixXd border_g = Eigen::MatrixXd::Zero(at(3 * border.groups), cols);
    for (std::size_t q = 0; q < sharing.groups.size(); ++q) {
      const auto [k, j] = sharing.groups[q].front();
      gauge_item(fit.items[k].intercept[j], fit.items[k].discrimination[j], options, at(3 * q),
                 at(component[k]), cols - 1, border_g);
    }
    for (std::size_t c = 0; c < countries; ++c) {
      if (b.first[c] == kNone) continue;
      std::size_t prev = kNone;
      for (std::size_t k = b.first[c]; k <= b.last[c]; ++k) {
        const std::uint32_t i = b.position[k][c];
        if (i >= sessions[k].state_count()) continue;  // absent here
        const double xi = fit.x[k][i];
        const Index col = at(component[k]);
        if (prev == kNone || every) {
          g[k](i, col) += px;
          g[k](i, cols - 1) += 2 * px * xi;
        }
        if (prev != kNone) {
          const std::uint32_t ip = b.position[prev][c];
          const Index col_prev = at(component[prev]);
          const double w = walk_weight(sessions, prev, k, options), d = xi - fit.x[prev][ip];
          // P's link: +w on both diagonals, -w off; rows of session k and of session prev.
          g[k](i, col) += w;
          g[prev](ip, col) -= w;
          g[prev](ip, col_prev) += w;
          g[k](i, col_prev) -= w;
          g[k](i, cols - 1) += 2 * w * d;
          g[prev](ip, cols - 1) -= 2 * w * d;
        }
        prev = k;
      }
    }
    // Z = H^-1 G: the local items eliminated (reduce), A^-1 by the block sweeps, the border
    // by its Schur complement (z_border = S^-1 (g_border - B^T A^-1 g_x), z_x = A^-1 g_x -
    // U z_border), the local items back (complete).
    std::vector<Eigen::MatrixXd> scaled(k_count), r(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
      r[k] = Eigen::MatrixXd::Zero(system.block[k].rows(), cols);
      r[k].topRows(at(sessions[k].state_count())) = reduce(eliminated[k], g[k], scaled[k]);
    }
    block_solve(system, inverse, r);
    Eigen::MatrixXd gz = Eigen::MatrixXd::Zero(cols, cols);
    if (bordered) {
      const Eigen::MatrixXd z_border =
          border.schur.solve(border_g - border_product(border, eliminated, r, cols));
      for (std::size_t k = 0; k < k_count; ++k) r[k].noalias() -= border.u[k] * z_border;
      gz += border_g.transpose() * z_border;
    }
    std::vector<Eigen::MatrixXd> zx(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
      zx[k] = r[k].topRows(at(sessions[k].state_count()));
      gz += g[k].transpose() * complete(eliminated[k], zx[k], scaled[k]);
    }
    gz = 0.5 * (gz + gz.transpose());
    Eigen::LLT<Eigen::MatrixXd> llt(gz);
    if (llt.info() == Eigen::Success) {
      for (std::size_t k = 0; k < k_count; ++k) {
        const Eigen::MatrixXd half = llt.matrixL().solve(zx[k].transpose());
        variance[k].head(zx[k].rows()) -= half.colwise().squaredNorm().transpose();
      }
    }
  }
  for (std::size_t k = 0; k < k_count; ++k) {
    for (std::size_t i = 0; i < se[k].size(); ++i)
      se[k][i] = std::sqrt(std::max(variance[k](at(i)), 0.0));
  }
  return se;
}

}  // namespace softpower::alignment::model
