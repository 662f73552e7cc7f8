#include "softpower/evaluation/bacon.hpp"

#include <algorithm>
#include <map>

#include "softpower/core/error.hpp"
#include "softpower/evaluation/did.hpp"

namespace softpower::evaluation {
namespace {

/// A timing group: the units of one cohort (or the never treated), the share of the sample
/// they are (n_k) and the share of periods they are treated (D̄_k).
struct Timing {
  std::optional<long long> cohort;
  std::vector<std::size_t> units;
  double share = 0;
  double treated_share = 0;
};

/// Mean outcome of a group over the periods with `in_window` and `post` as given.
double cell_mean(const BalancedPanel& panel, const Timing& g, const std::vector<bool>& in_window,
                 const std::vector<bool>& post, bool want_post) {
  double sum = 0;
  double count = 0;
  for (const std::size_t i : g.units) {
    for (std::size_t t = 0; t < panel.n_times(); ++t) {
      if (!in_window[t] || post[t] != want_post) continue;
      sum += panel.y(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(t));
      count += 1;
    }
  }
  return sum / count;
}

/// The 2×2 DiD of `treated` against `control` over the periods `in_window`, post from the
/// treated group's cohort.
double two_by_two(const BalancedPanel& panel, const Timing& treated, const Timing& control,
                  const std::vector<bool>& in_window) {
  std::vector<bool> post(panel.n_times());
  for (std::size_t t = 0; t < panel.n_times(); ++t) post[t] = panel.times[t] >= *treated.cohort;
  return (cell_mean(panel, treated, in_window, post, true) -
          cell_mean(panel, treated, in_window, post, false)) -
         (cell_mean(panel, control, in_window, post, true) -
          cell_mean(panel, control, in_window, post, false));
}

}  // namespace

BaconDecomposition bacon_decomposition(const BalancedPanel& panel) {
  const std::size_t units = panel.n_units();
  const std::size_t times = panel.n_times();
  std::map<long long, Timing> by_cohort;
  Timing never;
  for (std::size_t i = 0; i < units; ++i) {
    // A cohort after the last period was made never treated by balance(); one at or before
    // the first period is always treated.
    Timing& g = panel.cohort[i] ? by_cohort[*panel.cohort[i]] : never;
    g.cohort = panel.cohort[i];
    g.units.push_back(i);
  }
  // Groups from the most treated (earliest) to the never treated.
  std::vector<Timing> groups;
  groups.reserve(by_cohort.size() + 1);
  for (auto& [cohort, g] : by_cohort) groups.push_back(std::move(g));
  if (!never.units.empty()) groups.push_back(std::move(never));
  if (groups.size() < 2) {
    throw Error(Location{"", 0, "treatment"},
                "the Goodman-Bacon decomposition needs at least two timing groups (cohorts or "
                "never treated), but every unit has the same");
  }
  for (Timing& g : groups) {
    g.share = static_cast<double>(g.units.size()) / static_cast<double>(units);
    std::size_t treated = 0;
    for (std::size_t t = 0; t < times; ++t) treated += panel.treated(g.units.front(), t) ? 1 : 0;
    g.treated_share = static_cast<double>(treated) / static_cast<double>(times);
  }
  const Eigen::VectorXd d = two_way_demeaned(treatment_matrix(panel));
  const double variance = d.squaredNorm() / static_cast<double>(d.size());

  BaconDecomposition out;
  out.twfe = twfe(panel).coefficients[0].estimate;
  for (std::size_t a = 0; a < groups.size(); ++a) {
    for (std::size_t b = a + 1; b < groups.size(); ++b) {
      const Timing& k = groups[a];  // treated earlier (larger D̄)
      const Timing& l = groups[b];
      const double dk = k.treated_share;
      const double dl = l.treated_share;
      const double nk = k.share;
      const double nl = l.share;
      const double nkl = nk / (nk + nl);
      const double pair = nkl * (1 - nkl);
      // k treated, l not yet (or never) treated: the periods before l's treatment.
      if (dk < 1 && dk > dl) {
        std::vector<bool> window(times);
        for (std::size_t t = 0; t < times; ++t) window[t] = !panel.treated(l.units.front(), t);
        const double w = (nk + nl) * (1 - dl) * (nk + nl) * (1 - dl) * pair * (dk - dl) / (1 - dl) *
                         (1 - dk) / (1 - dl) / variance;
        out.comparisons.push_back(
            {l.cohort ? "earlier vs later treated" : "treated vs never treated", k.cohort, l.cohort,
             two_by_two(panel, k, l, window), w});
      }
      // l treated, k already treated: the periods from k's treatment on.
      if (dl > 0 && dk > dl) {
        std::vector<bool> window(times);
        for (std::size_t t = 0; t < times; ++t) window[t] = panel.treated(k.units.front(), t);
        const double w =
            (nk + nl) * dk * (nk + nl) * dk * pair * (dl / dk) * (dk - dl) / dk / variance;
        out.comparisons.push_back(
            {dk == 1 ? "treated vs always treated" : "later vs earlier treated", l.cohort, k.cohort,
             two_by_two(panel, l, k, window), w});
      }
    }
  }
  for (const BaconComparison& c : out.comparisons) {
    auto it = std::find_if(out.types.begin(), out.types.end(),
                           [&](const BaconType& t) { return t.type == c.type; });
    if (it == out.types.end()) it = out.types.insert(out.types.end(), BaconType{c.type, 0, 0});
    it->weight += c.weight;
    it->estimate += c.weight * c.estimate;
  }
  for (BaconType& t : out.types) t.estimate /= t.weight;
  return out;
}

}  // namespace softpower::evaluation
