#include "softpower/alignment/ideal_points.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>

#include "softpower/alignment/bridges.hpp"
#include "softpower/alignment/ideal_point_model.hpp"
#include "softpower/alignment/ideal_point_se.hpp"
#include "softpower/core/distributed.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/core/random.hpp"
#include "softpower/core/unit_bytes.hpp"

namespace softpower::alignment {

namespace {

using model::DynamicEstimate;
using model::SessionEstimate;
using model::SessionVotes;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void check_options(const IdealPointOptions& o) {
  auto positive = [](double v, const char* name) {
    if (!(v > 0) || !std::isfinite(v))
      throw Error(std::string("ideal points: ") + name + " must be a positive number");
  };
  positive(o.omega, "omega");
  positive(o.position_sd, "the position prior's sd");
  positive(o.item_sd, "the item prior's sd");
  positive(o.precision_rate, "the precision prior's rate");
  positive(o.tolerance, "the tolerance");
  if (!(o.precision_shape >= 1))
    throw Error("ideal points: the precision prior's shape must be at least 1");
  if (o.max_iterations < 1) throw Error("ideal points: max_iterations must be at least 1");
  if (o.bootstrap == 1) throw Error("ideal points: a bootstrap needs at least 2 replicates");
}

// The random stream of one session's replicate depends only on the seed, the session number
// and the replicate, so the static and dynamic bootstraps simulate the same votes.
Rng replicate_rng(std::uint64_t seed, int session, std::size_t replicate) {
  return Rng(seed_of(seed_of(seed, static_cast<std::uint64_t>(session)), replicate));
}

void flip(std::vector<double>& x, model::ItemParameters& items) {
  for (double& v : x) v = -v;
  for (double& b : items.discrimination) b = -b;
}

double correlation(const std::vector<double>& a, const std::vector<double>& b) {
  const double n = static_cast<double>(a.size());
  if (a.size() < 2) return kNaN;
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
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : kNaN;
}

// Local index of a state in a session when it cast a vote on a roll call used.
std::optional<std::size_t> informed_state(const SessionVotes& s, std::size_t country) {
  const auto it = std::find(s.states.begin(), s.states.end(), country);
  if (it == s.states.end()) return std::nullopt;
  const auto i = static_cast<std::size_t>(it - s.states.begin());
  if (s.state_votes[i] == 0) return std::nullopt;
  return i;
}

// Signs of separate session fits: the anchor positive where it voted; elsewhere the sign
// that correlates positively, over the states voting in both, with the nearest session
// (earlier first on ties) that the anchor oriented.
std::vector<std::string> orient_sessions(const std::vector<SessionVotes>& sessions,
                                         std::vector<SessionEstimate>& fits, std::size_t anchor) {
  std::vector<std::string> how(sessions.size(), "none");
  std::vector<std::size_t> anchored;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    const auto a = informed_state(sessions[k], anchor);
    if (sessions[k].item_count() == 0 || !a) continue;
    if (fits[k].x[*a] < 0) flip(fits[k].x, fits[k].items);
    how[k] = "anchor";
    anchored.push_back(k);
  }
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    if (how[k] != "none" || sessions[k].item_count() == 0 || anchored.empty()) continue;
    const auto nearest =
        *std::min_element(anchored.begin(), anchored.end(), [&](std::size_t p, std::size_t q) {
          const int dp = std::abs(sessions[p].session - sessions[k].session);
          const int dq = std::abs(sessions[q].session - sessions[k].session);
          return dp != dq ? dp < dq : p < q;
        });
    std::vector<double> here, there;
    for (std::size_t i = 0; i < sessions[k].state_count(); ++i) {
      const auto j = informed_state(sessions[nearest], sessions[k].states[i]);
      if (sessions[k].state_votes[i] == 0 || !j) continue;
      here.push_back(fits[k].x[i]);
      there.push_back(fits[nearest].x[*j]);
    }
    if (correlation(here, there) < 0) flip(fits[k].x, fits[k].items);
    how[k] = "session " + std::to_string(sessions[nearest].session);
  }
  return how;
}

// The sign of a joint (dynamic) fit: the anchor's mean position positive.
void orient_jointly(const std::vector<SessionVotes>& sessions, DynamicEstimate& fit,
                    std::size_t anchor) {
  double sum = 0;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    if (const auto a = informed_state(sessions[k], anchor)) sum += fit.x[k][*a];
  }
  if (sum >= 0) return;
  for (std::size_t k = 0; k < sessions.size(); ++k) flip(fit.x[k], fit.items[k]);
}

// Bridge group of every roll call (index into the votes' calls), or none.
constexpr std::size_t kNoGroup = std::numeric_limits<std::size_t>::max();

std::vector<std::size_t> group_of_calls(const RollCallVotes& votes) {
  std::vector<std::size_t> group(votes.call_count(), kNoGroup);
  const Bridges bridges = find_bridges(votes);
  for (std::size_t g = 0; g < bridges.groups.size(); ++g)
    for (std::size_t call : bridges.groups[g].calls) group[call] = g;
  return group;
}

// The shared items of the roll calls used: a group's occurrences in the sessions where its
// roll call varies, kept while two sessions remain.
model::ItemSharing sharing_of(const std::vector<SessionVotes>& sessions,
                              const std::vector<std::size_t>& group_of_call) {
  std::map<std::size_t, std::vector<std::pair<std::size_t, std::size_t>>> groups;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    for (std::size_t j = 0; j < sessions[k].item_count(); ++j) {
      const std::size_t g = group_of_call[sessions[k].calls[j]];
      if (g != kNoGroup) groups[g].emplace_back(k, j);
    }
  }
  model::ItemSharing out;
  for (auto& [g, occurrences] : groups) {
    if (occurrences.size() >= 2) out.groups.push_back(std::move(occurrences));
  }
  return out;
}

// One replicate's votes for every session, with the fitted items of the roll calls kept.
struct Replicate {
  std::vector<SessionVotes> sessions;
  std::vector<model::ItemParameters> items;
};

SessionVotes simulated_session(const SessionVotes& s, const std::vector<double>& x,
                               const model::ItemParameters& items, std::uint64_t seed,
                               std::size_t replicate, model::ItemParameters& kept_items) {
  Rng rng = replicate_rng(seed, s.session, replicate);
  const auto categories = model::simulate_categories(s, x, items, rng);
  std::vector<std::size_t> kept;
  SessionVotes out = model::with_categories(s, categories, kept);
  kept_items = items.subset(kept);
  return out;
}

// Sample standard deviation of each position over the replicates.
std::vector<double> spread(const std::vector<std::vector<double>>& replicates) {
  const std::size_t n = replicates.front().size();
  const double r = static_cast<double>(replicates.size());
  std::vector<double> sd(n, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    double mean = 0;
    for (const auto& rep : replicates) mean += rep[i] / r;
    double ss = 0;
    for (const auto& rep : replicates) ss += (rep[i] - mean) * (rep[i] - mean);
    sd[i] = std::sqrt(ss / (r - 1));
  }
  return sd;
}

struct Estimates {
  std::vector<std::vector<double>> x;   ///< [session][local state]
  std::vector<std::vector<double>> se;  ///< same shape; NaN without a bootstrap
  std::size_t unconverged_replicates = 0;
};

void check_cancelled(const Progress& progress) {
  if (progress.cancelled()) throw Error("ideal points: cancelled");
}

// Replicates are refitted to a tolerance ten times looser: half the iterations, and the
// positions move by under 0.005 on the UN sessions, a tenth of a typical standard error.
IdealPointOptions replicate_options(const IdealPointOptions& options) {
  IdealPointOptions o = options;
  o.tolerance = 10 * options.tolerance;
  return o;
}

// A replicate's positions as a unit's bytes (core/unit_bytes: every number bit for bit), after
// whether its fit converged: how a replicate goes from one rank to another and into a
// checkpoint (core/distributed).
std::string encode_replicate(const std::vector<double>& x, bool converged) {
  UnitWriter out;
  out.reserve(8 * (1 + x.size()));
  out.number(std::uint64_t{converged ? 1U : 0U});
  for (const double v : x) out.number(v);
  return out.take();
}

// The positions of replicates gathered as bytes, in unit order, and how many of their fits did
// not converge.
struct Replicates {
  std::vector<std::vector<double>> x;
  std::size_t unconverged = 0;
};

Replicates decode_replicates(const std::vector<std::string>& units, std::size_t positions) {
  Replicates out;
  for (const std::string& bytes : units) {
    // A checkpoint is keyed by the votes and parameters, so other bytes are a damaged file.
    UnitReader in(bytes, "ideal points: a bootstrap replicate's bytes");
    const auto converged = in.number<std::uint64_t>();
    if (converged > 1) in.fail("are not a replicate");
    std::vector<double>& x = out.x.emplace_back(positions);
    for (double& v : x) v = in.number<double>();
    in.finish();
    out.unconverged += converged == 0 ? 1 : 0;
  }
  return out;
}

// Standard errors of separate session fits: every (session, replicate) pair is a unit of
// map_units (unit k·b + r), refitted from the point estimate (a warm start). Returns false on
// ranks other than 0, which computed their share of the units and have no errors to set.
bool bootstrap_sessions(const std::vector<SessionVotes>& sessions,
                        const std::vector<SessionEstimate>& fits, const IdealPointOptions& options,
                        Progress& progress, distributed::Resume* resume, Estimates& out) {
  const std::size_t b = options.bootstrap;
  const std::vector<std::string> units = distributed::map_units(
      sessions.size() * b,
      [&](std::size_t w, Progress& p) {
        check_cancelled(p);
        const std::size_t k = w / b, r = w % b;
        SessionEstimate start;
        start.x = fits[k].x;
        const SessionVotes rep =
            simulated_session(sessions[k], fits[k].x, fits[k].items, options.seed, r, start.items);
        SessionEstimate f = model::fit_session(rep, std::move(start), replicate_options(options));
        if (correlation(f.x, fits[k].x) < 0) flip(f.x, f.items);
        p.advance();
        return encode_replicate(f.x, f.converged);
      },
      progress, "bootstrap replicates", resume);
  if (units.empty()) return false;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    const auto first = units.begin() + static_cast<std::ptrdiff_t>(k * b);
    const Replicates reps = decode_replicates({first, first + static_cast<std::ptrdiff_t>(b)},
                                              sessions[k].state_count());
    out.se[k] = spread(reps.x);
    out.unconverged_replicates += reps.unconverged;
  }
  return true;
}

// Standard errors of the dynamic fit: each replicate is a unit of map_units that simulates every
// session and refits the joint model (single-threaded inside, replicates in parallel). Returns
// false on ranks other than 0, as bootstrap_sessions.
bool bootstrap_dynamic(const std::vector<SessionVotes>& sessions, std::size_t countries,
                       const DynamicEstimate& fit, const IdealPointOptions& options,
                       const std::vector<std::size_t>* group_of_call, Progress& progress,
                       distributed::Resume* resume, Estimates& out) {
  std::vector<double> fitted;
  for (const auto& x : fit.x) fitted.insert(fitted.end(), x.begin(), x.end());
  const std::vector<std::string> units = distributed::map_units(
      options.bootstrap,
      [&](std::size_t r, Progress& p) {
        check_cancelled(p);
        std::vector<SessionVotes> rep(sessions.size());
        DynamicEstimate start;
        start.x = fit.x;
        start.items.resize(sessions.size());
        for (std::size_t k = 0; k < sessions.size(); ++k) {
          rep[k] = simulated_session(sessions[k], fit.x[k], fit.items[k], options.seed, r,
                                     start.items[k]);
        }
        const model::ItemSharing sharing =
            group_of_call != nullptr ? sharing_of(rep, *group_of_call) : model::ItemSharing{};
        DynamicEstimate f = model::fit_dynamic(rep, countries, std::move(start),
                                               replicate_options(options), 1, sharing, &p);
        std::vector<double> x;
        for (const auto& v : f.x) x.insert(x.end(), v.begin(), v.end());
        if (correlation(x, fitted) < 0)
          for (double& v : x) v = -v;
        p.advance();
        return encode_replicate(x, f.converged);
      },
      progress, "bootstrap replicates", resume);
  if (units.empty()) return false;
  const Replicates reps = decode_replicates(units, fitted.size());
  const std::vector<double> sd = spread(reps.x);
  std::size_t at = 0;
  for (std::size_t k = 0; k < sessions.size(); ++k) {
    out.se[k].assign(sd.begin() + static_cast<std::ptrdiff_t>(at),
                     sd.begin() + static_cast<std::ptrdiff_t>(at + fit.x[k].size()));
    at += fit.x[k].size();
  }
  out.unconverged_replicates = reps.unconverged;
  return true;
}

std::size_t anchor_index(const RollCallVotes& votes, const std::string& anchor) {
  const auto a = votes.country_index(anchor);
  if (!a) throw Error("ideal points: the anchor '" + anchor + "' is not among the voting states");
  for (std::size_t r = 0; r < votes.call_count(); ++r) {
    if (is_cast(votes.at(*a, r))) return *a;
  }
  throw Error("ideal points: the anchor '" + anchor + "' cast no vote");
}

}  // namespace

std::string model_name(const IdealPointOptions& options) {
  return options.bridged ? "bridged" : options.dynamic ? "dynamic" : "session";
}

IdealPointResult estimate_ideal_points(const RollCallVotes& votes, const IdealPointOptions& options,
                                       Progress& progress, distributed::Resume* resume) {
  check_options(options);
  const std::size_t anchor = anchor_index(votes, options.anchor);
  const std::vector<SessionVotes> sessions = model::session_votes(votes);
  const std::size_t n = sessions.size();
  const bool joint = options.dynamic || options.bridged;
  std::vector<std::size_t> group_of_call;
  model::ItemSharing sharing;
  if (options.bridged) {
    group_of_call = group_of_calls(votes);
    sharing = sharing_of(sessions, group_of_call);
  }
  // The bootstrap's replicates are a task of their own (core/distributed: this rank's share).
  progress.start("ideal points", n + (joint ? 1 : 0));

  // A bridged fit with bridges starts from separate fits stopped at 100 x tolerance: a third
  // less time, and the same joint mode (on the UN votes within 0.0002 of starting from
  // converged fits). Without bridges it is the dynamic fit, start included.
  IdealPointOptions start_options = options;
  if (!sharing.groups.empty()) start_options.tolerance = 100 * options.tolerance;
  std::vector<SessionEstimate> fits(n);
  parallel_for(
      n,
      [&](std::size_t k) {
        if (progress.cancelled()) return;
        fits[k] = model::fit_session(sessions[k], model::start_values(sessions[k], options),
                                     start_options);
        progress.advance();
      },
      options.threads);
  check_cancelled(progress);
  std::vector<std::string> orientation = orient_sessions(sessions, fits, anchor);

  Estimates est;
  est.se.assign(n, {});
  DynamicEstimate fit;
  if (joint) {
    // The separate, oriented session fits start the joint fit.
    for (auto& f : fits) {
      fit.x.push_back(f.x);
      fit.items.push_back(f.items);
    }
    fit = model::fit_dynamic(sessions, votes.country_count(), std::move(fit), options,
                             options.threads, sharing, &progress);
    orient_jointly(sessions, fit, anchor);
    progress.advance();
    est.x = fit.x;
    for (std::string& how : orientation) how = "joint";
  } else {
    for (const auto& f : fits) est.x.push_back(f.x);
  }
  if (options.bootstrap > 0) {
    const bool root =
        joint ? bootstrap_dynamic(sessions, votes.country_count(), fit, options,
                                  options.bridged ? &group_of_call : nullptr, progress, resume, est)
              : bootstrap_sessions(sessions, fits, options, progress, resume, est);
    if (!root) return {};
  } else if (options.curvature_se) {
    // --- standard errors from the curvature at the mode (issue 19; ideal_point_se.hpp) ---
    if (joint) {
      est.se = model::dynamic_standard_errors(sessions, votes.country_count(), fit, options,
                                              options.threads, true, sharing);
    } else {
      parallel_for(
          n,
          [&](std::size_t k) {
            est.se[k] =
                model::session_standard_errors(sessions[k], fits[k].x, fits[k].items, options);
          },
          options.threads);
    }
    // ---
  }
  progress.finish();

  IdealPointResult result;
  result.model = model_name(options);
  result.dynamic = joint;
  result.anchor = options.anchor;
  result.bootstrap = options.bootstrap;
  result.bootstrap_unconverged = est.unconverged_replicates;
  std::vector<std::size_t> bridged(n, 0);
  std::map<std::pair<int, int>, std::size_t> pairs;
  for (const auto& group : sharing.groups) {
    for (std::size_t q = 0; q < group.size(); ++q) {
      ++bridged[group[q].first];
      for (std::size_t r = q + 1; r < group.size(); ++r)
        ++pairs[{sessions[group[q].first].session, sessions[group[r].first].session}];
    }
  }
  for (const auto& [pair, items] : pairs) result.shared.push_back({pair.first, pair.second, items});
  const bool curvature = options.bootstrap == 0 && options.curvature_se;
  result.standard_errors = options.bootstrap > 0 ? "bootstrap" : curvature ? "curvature" : "none";
  for (std::size_t k = 0; k < n; ++k) {
    const SessionVotes& s = sessions[k];
    SessionFit sf;
    sf.session = s.session;
    sf.year = s.year;
    sf.states = s.state_count();
    sf.items = s.item_count();
    sf.dropped = s.dropped;
    sf.iterations = joint ? fit.iterations : fits[k].iterations;
    sf.converged = joint ? fit.converged : fits[k].converged;
    sf.orientation = orientation[k];
    sf.bridged = bridged[k];
    result.sessions.push_back(std::move(sf));
    for (std::size_t i = 0; i < s.state_count(); ++i) {
      IdealPoint p;
      p.session = s.session;
      p.country = votes.countries()[s.states[i]];
      p.x = est.x[k][i];
      p.votes = s.state_votes[i];
      // Without an informative vote a separate fit is the prior, whose sd is the honest error.
      p.se = options.bootstrap == 0 && !curvature ? kNaN
             : (!joint && s.state_votes[i] == 0)  ? options.position_sd
                                                  : est.se[k][i];
      result.points.push_back(std::move(p));
    }
  }
  return result;
}

}  // namespace softpower::alignment
