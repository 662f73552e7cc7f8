// The dynamic variant of the ordinal ideal-point model: positions linked across sessions by a
// random walk, as in Martin and Quinn (2002) and emIRT's dynIRT (Imai, Lo and Olmsted 2016),
// here with the ordinal items of the session model. The E-step and the item M-step are the
// session model's; the position M-step maximises over each state's whole path at once.

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <utility>

#include "softpower/alignment/ideal_point_model.hpp"
#include "softpower/alignment/ideal_point_squarem.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"

namespace softpower::alignment::model {

namespace {

// A state's positions: the sessions (by index into the session list) it voted in, ascending,
// and its local index in each.
struct Track {
  std::vector<std::pair<std::size_t, std::uint32_t>> nodes;
};

std::vector<Track> tracks_of(const std::vector<SessionVotes>& sessions, std::size_t countries) {
  std::vector<Track> tracks(countries);
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    for (std::size_t i = 0; i < sessions[k].state_count(); ++i)
      tracks[sessions[k].states[i]].nodes.emplace_back(k, static_cast<std::uint32_t>(i));
  }
  return tracks;
}

// Weight of the random-walk link between a track's nodes t and t + 1: 1 / (omega^2 gap).
double link_weight(const Track& track, std::size_t t, const std::vector<SessionVotes>& sessions,
                   const IdealPointOptions& options) {
  const double gap =
      sessions[track.nodes[t + 1].first].session - sessions[track.nodes[t].first].session;
  return 1 / (options.omega * options.omega * std::max(gap, 1.0));
}

// The mode of a state's path given its per-session evidence: the posterior precision is
// tridiagonal (evidence on the diagonal, the random walk linking neighbours), so the path is
// the solution of one tridiagonal system (Thomas's algorithm: stable for this symmetric
// positive-definite matrix). Its solution equals the Kalman smoother's mean.
void solve_path(const Track& track, const std::vector<SessionVotes>& sessions,
                const std::vector<std::vector<double>>& precision,
                const std::vector<std::vector<double>>& information,
                const IdealPointOptions& options, std::vector<std::vector<double>>& x,
                std::vector<double>& diagonal, std::vector<double>& link,
                std::vector<double>& rhs) {
  const std::size_t n = track.nodes.size();
  if (n == 0) return;
  diagonal.assign(n, 0.0);
  link.assign(n, 0.0);  // link[t] couples node t and t + 1 (the off-diagonal is -link[t])
  rhs.assign(n, 0.0);
  for (std::size_t t = 0; t < n; ++t) {
    const auto [k, i] = track.nodes[t];
    diagonal[t] = precision[k][i];
    rhs[t] = information[k][i];
    if (t + 1 < n) {
      link[t] = link_weight(track, t, sessions, options);
      diagonal[t] += link[t];
    }
    if (t > 0) diagonal[t] += link[t - 1];
  }
  // The prior N(0, position_sd^2) holds at the state's first session only, the walk doing the
  // rest (Martin and Quinn 2002), or at every session (every_position_prior()).
  const double px = 1 / (options.position_sd * options.position_sd);
  for (std::size_t t = 0; t < (prior_on_every_position(options) ? n : 1); ++t) diagonal[t] += px;
  // Forward elimination, then back substitution; link[t] becomes the eliminated coefficient.
  for (std::size_t t = 0; t < n; ++t) {
    if (t > 0) {
      diagonal[t] -= link[t - 1] * link[t - 1] / diagonal[t - 1];
      rhs[t] += link[t - 1] * rhs[t - 1] / diagonal[t - 1];
    }
  }
  double next = rhs[n - 1] / diagonal[n - 1];
  x[track.nodes[n - 1].first][track.nodes[n - 1].second] = next;
  for (std::size_t t = n - 1; t-- > 0;) {
    next = (rhs[t] + link[t] * next) / diagonal[t];
    x[track.nodes[t].first][track.nodes[t].second] = next;
  }
}

// Positions and item parameters of every session together, for SQUAREM: all positions,
// then each session's a, b and log p.
struct Layout {
  std::vector<std::size_t> x_at, items_at;  ///< offsets per session
  std::size_t size = 0;
};

Layout layout_of(const std::vector<SessionVotes>& sessions) {
  Layout l;
  for (const auto& s : sessions) {
    l.x_at.push_back(l.size);
    l.size += s.state_count();
  }
  for (const auto& s : sessions) {
    l.items_at.push_back(l.size);
    l.size += 3 * s.item_count();
  }
  return l;
}

std::vector<double> pack(const DynamicEstimate& fit, const Layout& l) {
  std::vector<double> theta(l.size);
  for (std::size_t k = 0; k < fit.x.size(); ++k) {
    std::copy(fit.x[k].begin(), fit.x[k].end(),
              theta.begin() + static_cast<std::ptrdiff_t>(l.x_at[k]));
    const ItemParameters& it = fit.items[k];
    const std::size_t j = it.size();
    for (std::size_t q = 0; q < j; ++q) {
      theta[l.items_at[k] + q] = it.intercept[q];
      theta[l.items_at[k] + j + q] = it.discrimination[q];
      theta[l.items_at[k] + 2 * j + q] = std::log(it.precision[q]);
    }
  }
  return theta;
}

void unpack(const std::vector<double>& theta, const Layout& l, DynamicEstimate& fit) {
  for (std::size_t k = 0; k < fit.x.size(); ++k) {
    for (std::size_t i = 0; i < fit.x[k].size(); ++i) fit.x[k][i] = theta[l.x_at[k] + i];
    ItemParameters& it = fit.items[k];
    const std::size_t j = it.size();
    for (std::size_t q = 0; q < j; ++q) {
      it.intercept[q] = theta[l.items_at[k] + q];
      it.discrimination[q] = theta[l.items_at[k] + j + q];
      it.precision[q] = std::exp(theta[l.items_at[k] + 2 * j + q]);
    }
  }
}

// The log prior of every path: N(0, position_sd^2) at a state's first session (or at every
// session), then the walk.
double log_path_prior(const std::vector<Track>& tracks, const std::vector<SessionVotes>& sessions,
                      const std::vector<std::vector<double>>& x, const IdealPointOptions& options) {
  const double px = 1 / (options.position_sd * options.position_sd);
  double sum = 0;
  for (const Track& track : tracks) {
    if (track.nodes.empty()) continue;
    const auto [k0, i0] = track.nodes.front();
    sum -= 0.5 * px * x[k0][i0] * x[k0][i0];
    if (prior_on_every_position(options)) {
      for (std::size_t t = 1; t < track.nodes.size(); ++t) {
        const double v = x[track.nodes[t].first][track.nodes[t].second];
        sum -= 0.5 * px * v * v;
      }
    }
    for (std::size_t t = 0; t + 1 < track.nodes.size(); ++t) {
      const double d = x[track.nodes[t + 1].first][track.nodes[t + 1].second] -
                       x[track.nodes[t].first][track.nodes[t].second];
      sum -= 0.5 * link_weight(track, t, sessions, options) * d * d;
    }
  }
  return sum;
}

// The dynamic counterpart of align_scale(). Shifting every position of session k by c_k (and
// each of its intercepts by -b_j c_k) leaves the likelihood unchanged and moves only the
// priors, a quadratic in c: the shifts of all sessions solve one small linear system. Without
// this step EM would pass a change of location from session to session one link per
// iteration. Then one common scale s (x -> s x, b -> b / s), solved exactly as well.
//
// Bridged model: a session's shift moves the intercepts of its shared items, which the other
// sessions of the group see as well, so the sessions joined by shared items (a component,
// `component[k]`) shift together: the system is summed over each component's sessions.
// `counted` (null: all) marks the items whose prior a session carries.
void align_paths(const std::vector<Track>& tracks, const std::vector<SessionVotes>& sessions,
                 const IdealPointOptions& options, const std::vector<std::size_t>& component,
                 std::size_t components, const std::vector<std::vector<char>>* counted,
                 DynamicEstimate& fit) {
  const double px = 1 / (options.position_sd * options.position_sd);
  const double pa = 1 / (options.item_sd * options.item_sd);
  const auto n = static_cast<Eigen::Index>(sessions.size());
  Eigen::MatrixXd h = Eigen::MatrixXd::Zero(n, n);
  Eigen::VectorXd g = Eigen::VectorXd::Zero(n);
  for (const Track& track : tracks) {
    if (track.nodes.empty()) continue;
    const auto [k0, i0] = track.nodes.front();
    h(static_cast<Eigen::Index>(k0), static_cast<Eigen::Index>(k0)) += px;
    g(static_cast<Eigen::Index>(k0)) += px * fit.x[k0][i0];
    if (prior_on_every_position(options)) {
      for (std::size_t t = 1; t < track.nodes.size(); ++t) {
        const auto [k, i] = track.nodes[t];
        h(static_cast<Eigen::Index>(k), static_cast<Eigen::Index>(k)) += px;
        g(static_cast<Eigen::Index>(k)) += px * fit.x[k][i];
      }
    }
    for (std::size_t t = 0; t + 1 < track.nodes.size(); ++t) {
      const auto k1 = static_cast<Eigen::Index>(track.nodes[t].first);
      const auto k2 = static_cast<Eigen::Index>(track.nodes[t + 1].first);
      const double w = link_weight(track, t, sessions, options);
      const double d = fit.x[track.nodes[t + 1].first][track.nodes[t + 1].second] -
                       fit.x[track.nodes[t].first][track.nodes[t].second];
      h(k1, k1) += w;
      h(k2, k2) += w;
      h(k1, k2) -= w;
      h(k2, k1) -= w;
      g(k2) += w * d;
      g(k1) -= w * d;
    }
  }
  double sbb_all = 0;
  for (Eigen::Index k = 0; k < n; ++k) {
    const ItemParameters& it = fit.items[static_cast<std::size_t>(k)];
    for (std::size_t j = 0; j < it.size(); ++j) {
      if (counted != nullptr && (*counted)[static_cast<std::size_t>(k)][j] == 0) continue;
      h(k, k) += pa * it.discrimination[j] * it.discrimination[j];
      g(k) -= pa * it.intercept[j] * it.discrimination[j];
      sbb_all += it.discrimination[j] * it.discrimination[j];
    }
  }
  Eigen::VectorXd c;
  if (components == sessions.size()) {
    c = h.ldlt().solve(-g);
  } else {
    // c = P c_component, P the sessions' membership: solve P'HP c_component = -P'g.
    const auto m = static_cast<Eigen::Index>(components);
    Eigen::MatrixXd hc = Eigen::MatrixXd::Zero(m, m);
    Eigen::VectorXd gc = Eigen::VectorXd::Zero(m);
    for (Eigen::Index k1 = 0; k1 < n; ++k1) {
      const auto q1 = static_cast<Eigen::Index>(component[static_cast<std::size_t>(k1)]);
      gc(q1) += g(k1);
      for (Eigen::Index k2 = 0; k2 < n; ++k2)
        hc(q1, static_cast<Eigen::Index>(component[static_cast<std::size_t>(k2)])) += h(k1, k2);
    }
    const Eigen::VectorXd cc = hc.ldlt().solve(-gc);
    c.resize(n);
    for (Eigen::Index k = 0; k < n; ++k)
      c(k) = cc(static_cast<Eigen::Index>(component[static_cast<std::size_t>(k)]));
  }
  if (!c.allFinite()) return;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    const double ck = c(static_cast<Eigen::Index>(k));
    for (double& v : fit.x[k]) v += ck;
    ItemParameters& it = fit.items[k];
    for (std::size_t j = 0; j < it.size(); ++j) it.intercept[j] -= it.discrimination[j] * ck;
  }
  // -log prior of the paths is quadratic in the positions: s^2 times its value at s = 1.
  const double path = -2 * log_path_prior(tracks, sessions, fit.x, options);
  if (path < 1e-300 || sbb_all < 1e-300) return;
  const double s = std::pow(pa * sbb_all / path, 0.25);
  for (auto& x : fit.x)
    for (double& v : x) v *= s;
  for (ItemParameters& it : fit.items)
    for (double& b : it.discrimination) b /= s;
}

// Sums of every session's items, then each shared group's sums added over its occurrences
// (in session order, so the result does not depend on the threads) and given to each.
void pool(const ItemSharing& sharing, std::vector<std::vector<ItemSums>>& sums) {
  for (const auto& group : sharing.groups) {
    ItemSums total{};
    for (const auto& [k, j] : group)
      for (std::size_t q = 0; q < total.size(); ++q) total[q] += sums[k][j][q];
    for (const auto& [k, j] : group) sums[k][j] = total;
  }
}

}  // namespace

bool prior_on_every_position(const IdealPointOptions& options) {
  return options.bridged || options.prior_every_session;
}

std::size_t components_of(const ItemSharing& sharing, std::size_t sessions,
                          std::vector<std::size_t>& component) {
  std::vector<std::size_t> parent(sessions);
  for (std::size_t k = 0; k < sessions; ++k) parent[k] = k;
  auto root = [&](std::size_t k) {
    while (parent[k] != k) k = parent[k] = parent[parent[k]];
    return k;
  };
  for (const auto& group : sharing.groups) {
    for (std::size_t q = 1; q < group.size(); ++q) {
      const std::size_t r1 = root(group.front().first), r2 = root(group[q].first);
      if (r1 != r2) parent[std::max(r1, r2)] = std::min(r1, r2);
    }
  }
  component.assign(sessions, 0);
  std::vector<std::size_t> index(sessions, sessions);
  std::size_t count = 0;
  for (std::size_t k = 0; k < sessions; ++k) {
    const std::size_t r = root(k);
    if (index[r] == sessions) index[r] = count++;
    component[k] = index[r];
  }
  return count;
}

DynamicEstimate fit_dynamic(const std::vector<SessionVotes>& sessions, std::size_t countries,
                            DynamicEstimate start, const IdealPointOptions& options,
                            std::size_t threads, const ItemSharing& sharing,
                            const Progress* progress) {
  DynamicEstimate fit = std::move(start);
  const std::vector<Track> tracks = tracks_of(sessions, countries);
  const std::size_t n_sessions = sessions.size();
  const Layout layout = layout_of(sessions);
  const bool shared = !sharing.groups.empty();
  // Which items carry their prior: all but the later occurrences of a shared group.
  std::vector<std::vector<char>> with_prior(n_sessions);
  for (std::size_t k = 0; k < n_sessions; ++k) with_prior[k].assign(sessions[k].item_count(), 1);
  for (const auto& group : sharing.groups)
    for (std::size_t q = 1; q < group.size(); ++q) with_prior[group[q].first][group[q].second] = 0;
  const std::vector<std::vector<char>>* counted = shared ? &with_prior : nullptr;
  std::vector<std::size_t> component;
  const std::size_t components = components_of(sharing, n_sessions, component);
  std::vector<Expectations> e(n_sessions);
  std::vector<std::vector<double>> precision(n_sessions), information(n_sessions);
  std::vector<std::vector<ItemSums>> sums(n_sessions);
  std::vector<double> session_log_posterior(n_sessions);
  auto log_posterior_of = [&](const DynamicEstimate& at) {
    parallel_for(
        n_sessions,
        [&](std::size_t k) {
          session_log_posterior[k] =
              log_likelihood(sessions[k], at.x[k], at.items[k]) +
              log_item_prior(at.items[k], options, shared ? &with_prior[k] : nullptr);
        },
        threads);
    // Summed in session order, so the value does not depend on the threads.
    double sum = log_path_prior(tracks, sessions, at.x, options);
    for (double v : session_log_posterior) sum += v;
    return sum;
  };
  auto solve_paths = [&] {
    parallel_for(
        tracks.size(),
        [&](std::size_t c) {
          thread_local std::vector<double> diagonal, link, rhs;
          solve_path(tracks[c], sessions, precision, information, options, fit.x, diagonal, link,
                     rhs);
        },
        threads);
  };
  auto each_session = [&](const auto& work) { parallel_for(n_sessions, work, threads); };
  // The item M-step given positions and moments (update_items()), pooled over shared items.
  auto update_all_items = [&] {
    each_session([&](std::size_t k) { regression_sums(sessions[k], fit.x[k], e[k], sums[k]); });
    pool(sharing, sums);
    each_session([&](std::size_t k) {
      solve_regression(sums[k], options, fit.items[k]);
      residual_sums(sessions[k], fit.x[k], e[k], fit.items[k], sums[k]);
    });
    pool(sharing, sums);
    each_session([&](std::size_t k) { solve_precision(sums[k], options, fit.items[k]); });
  };
  // One ECME iteration, as the session model's ecme_step() (its item half ecme_items(), with
  // shared items pooled between the sums and their solution), with the position step solving
  // every path at once; and the plain EM iteration that SQUAREM falls back on.
  auto step = [&](const std::vector<double>& theta) {
    if (progress != nullptr && progress->cancelled()) throw Error("ideal points: cancelled");
    unpack(theta, layout, fit);
    each_session([&](std::size_t k) { expect(sessions[k], fit.x[k], fit.items[k], e[k]); });
    update_all_items();
    each_session([&](std::size_t k) {
      expect(sessions[k], fit.x[k], fit.items[k], e[k]);
      newton_sums(sessions[k], fit.x[k], e[k], options, fit.items[k], &with_prior[k], sums[k]);
    });
    pool(sharing, sums);
    each_session([&](std::size_t k) {
      solve_newton(sums[k], fit.items[k]);
      expect(sessions[k], fit.x[k], fit.items[k], e[k]);
      position_evidence(sessions[k], fit.x[k], fit.items[k], e[k], true, precision[k],
                        information[k]);
    });
    solve_paths();
    align_paths(tracks, sessions, options, component, components, counted, fit);
    return pack(fit, layout);
  };
  auto safe_step = [&](const std::vector<double>& theta) {
    unpack(theta, layout, fit);
    each_session([&](std::size_t k) {
      expect(sessions[k], fit.x[k], fit.items[k], e[k]);
      position_evidence(sessions[k], fit.x[k], fit.items[k], e[k], false, precision[k],
                        information[k]);
    });
    solve_paths();
    update_all_items();
    align_paths(tracks, sessions, options, component, components, counted, fit);
    return pack(fit, layout);
  };
  auto objective = [&](const std::vector<double>& theta) {
    unpack(theta, layout, fit);
    return log_posterior_of(fit);
  };
  // Converged when no position, intercept or discrimination moves by more than the
  // tolerance (relative to 1 + its size) in one EM step.
  auto change = [&](const std::vector<double>& before, const std::vector<double>& after) {
    const std::size_t positions = layout.items_at.empty() ? layout.size : layout.items_at.front();
    double largest = parameter_change(before.data(), after.data(), positions);
    for (std::size_t k = 0; k < n_sessions; ++k) {
      const std::size_t at = layout.items_at[k];
      largest = std::max(largest, parameter_change(before.data() + at, after.data() + at,
                                                   2 * sessions[k].item_count()));
    }
    return largest;
  };
  // Shared items start from the separate fits' own values: one plain EM step pools them, so
  // that SQUAREM climbs from a point of the bridged model.
  std::vector<double> theta = pack(fit, layout);
  if (shared) theta = safe_step(theta);
  const SquaremResult r = squarem(std::move(theta), options.max_iterations - (shared ? 1 : 0),
                                  options.tolerance, step, safe_step, objective, change);
  unpack(r.parameters, layout, fit);
  fit.iterations = r.evaluations + (shared ? 1 : 0);
  fit.converged = r.converged;
  return fit;
}

}  // namespace softpower::alignment::model
