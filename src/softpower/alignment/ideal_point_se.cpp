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

// A session's items eliminated: W (states x 3 items) with W_j = C_j L_j^-T, C_j the positions'
// cross information with item j and J_jj = L_j L_j^T its own, so that the positions' Schur
// complement is J_xx - W W^T; an item whose 3x3 block is not positive definite keeps p fixed
// (L_j's third row and W_j's third column unit and zero), or is held fixed altogether.
struct Eliminated {
  Eigen::VectorXd diagonal;  ///< J_xx, diagonal (one position per cell)
  Eigen::MatrixXd w;
  std::vector<Eigen::Matrix3d> lower;
  std::size_t singular = 0;
};

Eliminated eliminate_items(const SessionVotes& votes, const std::vector<double>& x,
                           const ItemParameters& items, const IdealPointOptions& options) {
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
    Eigen::Matrix3d info = Eigen::Matrix3d::Zero();
    info(0, 0) = pa;
    info(1, 1) = pa;
    info(2, 2) = precision_prior_curvature(options, p);
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
void gauge_items(const ItemParameters& items, const IdealPointOptions& options, Index n,
                 Index loc_col, Index scale_col, Eigen::MatrixXd& g) {
  const double pa = item_prior_precision(options);
  for (std::size_t j = 0; j < items.size(); ++j) {
    const Index q = n + at(3 * j);
    g(q, loc_col) = -pa * items.discrimination[j];
    g(q + 1, loc_col) = -pa * items.intercept[j];
    g(q + 1, scale_col) = -2 * pa * items.discrimination[j];
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

PositionSystem system_of(const std::vector<SessionVotes>& sessions, const Blocks& b,
                         std::vector<Eliminated>& eliminated, const DynamicEstimate& fit,
                         const IdealPointOptions& options, std::size_t threads) {
  PositionSystem system;
  blocks_of(sessions, b.first.size(), system);
  eliminated.resize(sessions.size());
  parallel_for(
      sessions.size(),
      [&](std::size_t k) {
        eliminated[k] = eliminate_items(sessions[k], fit.x[k], fit.items[k], options);
        const std::size_t n = sessions[k].state_count();
        const std::size_t size = n + system.absent[k].size();
        Eigen::MatrixXd& block = system.block[k];
        block = Eigen::MatrixXd::Zero(at(size), at(size));
        block.topLeftCorner(at(n), at(n)) = schur_of(eliminated[k]);
      },
      threads);
  const double px = position_prior_precision(options);
  for (std::size_t c = 0; c < b.first.size(); ++c) {
    if (b.first[c] == kNone) continue;
    const std::uint32_t p0 = b.position[b.first[c]][c];
    system.block[b.first[c]](p0, p0) += px;
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

std::vector<std::vector<double>> dynamic_standard_errors(const std::vector<SessionVotes>& sessions,
                                                         std::size_t countries,
                                                         const DynamicEstimate& fit,
                                                         const IdealPointOptions& options,
                                                         std::size_t threads, bool fixed_scale) {
  const std::size_t k_count = sessions.size();
  std::vector<std::vector<double>> se(k_count);
  for (std::size_t k = 0; k < k_count; ++k) se[k].assign(sessions[k].state_count(), kNaN);
  if (k_count == 0) return se;
  PositionSystem scratch;
  const Blocks b = blocks_of(sessions, countries, scratch);
  std::vector<Eliminated> eliminated;
  const PositionSystem system = system_of(sessions, b, eliminated, fit, options, threads);
  std::vector<Eigen::VectorXd> variance;
  std::vector<Eigen::MatrixXd> inverse;
  try {
    inverse = pivot_inverses(system);
    variance = inverse_diagonal(system, inverse);
  } catch (const Error&) {
    return se;
  }
  if (fixed_scale) {
    // The constraints of align_paths(): each session's location (column k) and the common
    // scale (column K), f_k = sum over session k's positions of (Q x) - pa sum_j a_j b_j and
    // f_K = x^T Q x - pa sum b^2, Q the paths' prior precision (first prior and walk between a
    // state's consecutive sessions). Their gradients per session in the gradient's order.
    const Index cols = at(k_count + 1);
    const double px = position_prior_precision(options);
    std::vector<Eigen::MatrixXd> g(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
      g[k] =
          Eigen::MatrixXd::Zero(at(sessions[k].state_count() + 3 * sessions[k].item_count()), cols);
      gauge_items(fit.items[k], options, at(sessions[k].state_count()), at(k), cols - 1, g[k]);
    }
    for (std::size_t c = 0; c < countries; ++c) {
      if (b.first[c] == kNone) continue;
      std::size_t prev = kNone;
      for (std::size_t k = b.first[c]; k <= b.last[c]; ++k) {
        const std::uint32_t i = b.position[k][c];
        if (i >= sessions[k].state_count()) continue;  // absent here
        const double xi = fit.x[k][i];
        if (prev == kNone) {
          g[k](i, at(k)) += px;
          g[k](i, cols - 1) += 2 * px * xi;
        } else {
          const std::uint32_t ip = b.position[prev][c];
          const double w = walk_weight(sessions, prev, k, options), d = xi - fit.x[prev][ip];
          // Q's link: +w on both diagonals, -w off; rows of session k and of session prev.
          g[k](i, at(k)) += w;
          g[prev](ip, at(k)) -= w;
          g[prev](ip, at(prev)) += w;
          g[k](i, at(prev)) -= w;
          g[k](i, cols - 1) += 2 * w * d;
          g[prev](ip, cols - 1) -= 2 * w * d;
        }
        prev = k;
      }
    }
    std::vector<Eigen::MatrixXd> scaled(k_count), r(k_count);
    for (std::size_t k = 0; k < k_count; ++k) {
      r[k] = Eigen::MatrixXd::Zero(system.block[k].rows(), cols);
      r[k].topRows(at(sessions[k].state_count())) = reduce(eliminated[k], g[k], scaled[k]);
    }
    block_solve(system, inverse, r);
    Eigen::MatrixXd gz = Eigen::MatrixXd::Zero(cols, cols);
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
