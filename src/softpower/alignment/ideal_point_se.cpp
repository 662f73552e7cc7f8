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

Eigen::MatrixXd position_information(const SessionVotes& votes, const std::vector<double>& x,
                                     const ItemParameters& items, const IdealPointOptions& options,
                                     std::size_t* singular_items) {
  const std::size_t n = votes.state_count(), m = votes.item_count();
  const double pa = item_prior_precision(options);
  Eigen::VectorXd diagonal = Eigen::VectorXd::Zero(at(n));
  // Row i of column block j: J_x_i,item_j L_j^-T with J_jj = L_j L_j^T, so that W W^T is the
  // information the positions lose to the items.
  Eigen::MatrixXd w = Eigen::MatrixXd::Zero(at(n), at(3 * m));
  Eigen::Matrix<double, Eigen::Dynamic, 3> cross;
  std::size_t singular = 0;
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
      diagonal(at(i)) -= e.xx;
      cross.row(at(c - first)) << -e.xa, -e.xb, -e.xp;
      info(0, 0) -= e.aa;
      info(1, 1) -= e.bb;
      info(2, 2) -= e.pp;
      info(0, 1) -= e.ab;
      info(0, 2) -= e.ap;
      info(1, 2) -= e.bp;
    }
    Index used = 3;
    Eigen::LLT<Eigen::Matrix3d> llt(info.selfadjointView<Eigen::Upper>());
    Eigen::Matrix3d lower = Eigen::Matrix3d::Zero();
    if (llt.info() == Eigen::Success) {
      lower = llt.matrixL();
    } else {
      // Not at a maximum in p: keep p fixed ((a, b) alone), or the item fixed altogether.
      ++singular;
      const Eigen::Matrix2d ab = info.topLeftCorner<2, 2>().selfadjointView<Eigen::Upper>();
      Eigen::LLT<Eigen::Matrix2d> llt2(ab);
      if (llt2.info() != Eigen::Success) continue;
      lower.topLeftCorner<2, 2>() = llt2.matrixL();
      used = 2;
    }
    for (std::size_t c = first; c < first + count; ++c) {
      const Index r = at(c - first);
      Eigen::Vector3d v = cross.row(r).transpose();
      if (used == 3) {
        v = lower.triangularView<Eigen::Lower>().solve(v);
      } else {
        v.head<2>() = lower.topLeftCorner<2, 2>().triangularView<Eigen::Lower>().solve(
            Eigen::Vector2d(v.head<2>()));
        v(2) = 0;
      }
      w.block<1, 3>(at(votes.cell_state[c]), at(3 * j)) = v.transpose();
    }
  }
  if (singular_items != nullptr) *singular_items = singular;
  Eigen::MatrixXd s = diagonal.asDiagonal();
  s.selfadjointView<Eigen::Lower>().rankUpdate(w, -1.0);
  s.triangularView<Eigen::StrictlyUpper>() = s.transpose();
  return s;
}

namespace {

// sqrt of the diagonal of the inverse of a positive-definite matrix, from its Cholesky factor:
// diag(S^-1) = column sums of squares of L^-1. Empty when S is not positive definite.
Eigen::VectorXd inverse_diagonal_of(const Eigen::MatrixXd& s) {
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  if (llt.info() != Eigen::Success) return {};
  const Eigen::MatrixXd inverse_l =
      llt.matrixL().solve(Eigen::MatrixXd::Identity(s.rows(), s.cols()));
  return inverse_l.colwise().squaredNorm().transpose();
}

Eigen::MatrixXd inverse_of(const Eigen::MatrixXd& s) {
  Eigen::LLT<Eigen::MatrixXd> llt(s);
  if (llt.info() != Eigen::Success)
    throw Error("ideal points: the information of the positions is not positive definite");
  return llt.solve(Eigen::MatrixXd::Identity(s.rows(), s.cols()));
}

}  // namespace

std::vector<double> session_standard_errors(const SessionVotes& votes, const std::vector<double>& x,
                                            const ItemParameters& items,
                                            const IdealPointOptions& options) {
  Eigen::MatrixXd s = position_information(votes, x, items, options);
  s.diagonal().array() += position_prior_precision(options);
  const Eigen::VectorXd d = inverse_diagonal_of(s);
  std::vector<double> se(votes.state_count(), kNaN);
  if (d.size() == 0) return se;
  for (std::size_t i = 0; i < se.size(); ++i) se[i] = std::sqrt(d(at(i)));
  return se;
}

PositionSystem dynamic_system(const std::vector<SessionVotes>& sessions, std::size_t countries,
                              const DynamicEstimate& fit, const IdealPointOptions& options,
                              std::size_t threads) {
  const std::size_t k_count = sessions.size();
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  // Each country's first and last session.
  std::vector<std::size_t> first(countries, kNone), last(countries, kNone);
  for (std::size_t k = 0; k < k_count; ++k) {
    for (std::size_t c : sessions[k].states) {
      if (first[c] == kNone) first[c] = k;
      last[c] = k;
    }
  }
  PositionSystem system;
  system.block.resize(k_count);
  system.absent.resize(k_count);
  system.link.resize(k_count);
  // Position of every alive country in each block: local states first, then the absent.
  std::vector<std::vector<std::uint32_t>> position(k_count);
  for (std::size_t k = 0; k < k_count; ++k) {
    position[k].assign(countries, std::numeric_limits<std::uint32_t>::max());
    const auto& states = sessions[k].states;
    for (std::size_t i = 0; i < states.size(); ++i)
      position[k][states[i]] = static_cast<std::uint32_t>(i);
    for (std::size_t c = 0; c < countries; ++c) {
      if (first[c] == kNone || first[c] > k || last[c] < k) continue;
      if (position[k][c] != std::numeric_limits<std::uint32_t>::max()) continue;
      position[k][c] = static_cast<std::uint32_t>(states.size() + system.absent[k].size());
      system.absent[k].push_back(c);
    }
  }
  parallel_for(
      k_count,
      [&](std::size_t k) {
        const std::size_t n = sessions[k].state_count();
        const std::size_t size = n + system.absent[k].size();
        Eigen::MatrixXd& b = system.block[k];
        b = Eigen::MatrixXd::Zero(at(size), at(size));
        b.topLeftCorner(at(n), at(n)) =
            position_information(sessions[k], fit.x[k], fit.items[k], options);
      },
      threads);
  const double px = position_prior_precision(options);
  for (std::size_t c = 0; c < countries; ++c) {
    if (first[c] == kNone) continue;
    const std::uint32_t p0 = position[first[c]][c];
    system.block[first[c]](p0, p0) += px;
    for (std::size_t k = first[c]; k < last[c]; ++k) {
      const double gap = sessions[k + 1].session - sessions[k].session;
      const double w = 1 / (options.omega * options.omega * std::max(gap, 1.0));
      const std::uint32_t from = position[k][c], to = position[k + 1][c];
      system.block[k](from, from) += w;
      system.block[k + 1](to, to) += w;
      system.link[k].push_back({from, to, w});
    }
  }
  return system;
}

std::vector<Eigen::VectorXd> inverse_diagonal(const PositionSystem& system) {
  const std::size_t k_count = system.block.size();
  std::vector<Eigen::VectorXd> out(k_count);
  if (k_count == 0) return out;
  // Forward: D_k = A_k - C_k-1^T D_k-1^-1 C_k-1, with C's entries -w at the links' pairs.
  std::vector<Eigen::MatrixXd> inverse(k_count);
  inverse[0] = inverse_of(system.block[0]);
  for (std::size_t k = 1; k < k_count; ++k) {
    Eigen::MatrixXd d = system.block[k];
    const auto& links = system.link[k - 1];
    for (const auto& p : links) {
      for (const auto& q : links)
        d(p.to, q.to) -= p.weight * q.weight * inverse[k - 1](p.from, q.from);
    }
    inverse[k] = inverse_of(d);
  }
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

std::vector<std::vector<double>> dynamic_standard_errors(const std::vector<SessionVotes>& sessions,
                                                         std::size_t countries,
                                                         const DynamicEstimate& fit,
                                                         const IdealPointOptions& options,
                                                         std::size_t threads) {
  std::vector<std::vector<double>> se(sessions.size());
  for (std::size_t k = 0; k < sessions.size(); ++k) se[k].assign(sessions[k].state_count(), kNaN);
  std::vector<Eigen::VectorXd> diagonal;
  try {
    diagonal = inverse_diagonal(dynamic_system(sessions, countries, fit, options, threads));
  } catch (const Error&) {
    return se;
  }
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    for (std::size_t i = 0; i < se[k].size(); ++i) se[k][i] = std::sqrt(diagonal[k](at(i)));
  }
  return se;
}

}  // namespace softpower::alignment::model
