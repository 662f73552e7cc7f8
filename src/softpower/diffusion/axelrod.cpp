#include "softpower/diffusion/axelrod.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include "softpower/core/error.hpp"
#include "softpower/core/progress.hpp"

namespace softpower::diffusion {

namespace {

__extension__ using Wide = unsigned __int128;

constexpr std::uint64_t kNever = std::numeric_limits<std::uint64_t>::max();
// How often long runs look at the cancellation flag: every 2^18 attempts (random sequential,
// a few ms) or 2^12 changes (active bonds), so that cancelling takes effect well within a
// second even on a busy machine (issue 13; checking is one relaxed load).
constexpr std::uint64_t kCancelEveryAttempts = std::uint64_t{1} << 18;
constexpr std::uint64_t kCancelEveryChanges = std::uint64_t{1} << 12;
// The active-bond engine weighs agents by 1/degree in fixed point (2^40 / degree), so that its
// running sum of weights is an exact integer, free of floating-point drift.
constexpr int kWeightBits = 40;
constexpr int kMaxFeatures = 4096;

std::uint64_t saturating_add(std::uint64_t a, std::uint64_t b) {
  return a > kNever - b ? kNever : a + b;
}

// Traits are kept as rows of `stride` entries (F rounded up to a power of two when F ≤ 16), so
// that with one-byte traits an agent's row never straddles two cache lines.
int row_stride(int f) {
  if (f > 16) return f;
  int s = 1;
  while (s < f) s *= 2;
  return s;
}

// Number of equal entries of two rows; kF > 0 fixes F at compile time so the loop unrolls.
template <int kF, class T>
inline int overlap_of(const T* a, const T* b, int f) {
  const int m = kF > 0 ? kF : f;
  int same = 0;
  for (int x = 0; x < m; ++x) same += a[x] == b[x] ? 1 : 0;
  return same;
}

inline bool is_active(int overlap, int f) {
  return overlap > 0 && overlap < f;
}

template <class T>
Regions regions_of(const Graph& g, const T* t, int f, int stride) {
  const int n = g.size();
  // Union–find with path halving and union by size.
  std::vector<int> parent(n);
  std::vector<int> size(n, 1);
  std::iota(parent.begin(), parent.end(), 0);
  const auto root = [&parent](int x) {
    while (parent[x] != x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (int i = 0; i < n; ++i) {
    for (const int j : g.of(i)) {
      if (j < i || overlap_of<0>(t + static_cast<std::size_t>(i) * stride,
                                 t + static_cast<std::size_t>(j) * stride, f) != f) {
        continue;
      }
      int a = root(i);
      int b = root(j);
      if (a == b) continue;
      if (size[a] < size[b]) std::swap(a, b);
      parent[b] = a;
      size[a] += size[b];
    }
  }
  Regions r;
  r.label.assign(n, -1);
  std::vector<int> label_of_root(n, -1);
  for (int i = 0; i < n; ++i) {
    const int x = root(i);
    if (label_of_root[x] < 0) {
      label_of_root[x] = r.count++;
      r.largest = std::max(r.largest, size[x]);
    }
    r.label[i] = label_of_root[x];
  }
  return r;
}

template <class T>
std::int64_t count_active(const Graph& g, const T* t, int f, int stride) {
  std::int64_t active = 0;
  for (int i = 0; i < g.size(); ++i) {
    for (const int j : g.of(i)) {
      if (j < i) continue;
      const int o = overlap_of<0>(t + static_cast<std::size_t>(i) * stride,
                                  t + static_cast<std::size_t>(j) * stride, f);
      active += is_active(o, f) ? 1 : 0;
    }
  }
  return active;
}

bool is_regular(const Graph& g) {
  for (int i = 1; i < g.size(); ++i) {
    if (g.degree(i) != g.degree(0)) return false;
  }
  return true;
}

// What both engines share: the traits, the clock, the counters, the series and the
// cancellation check.
template <class T>
struct Run {
  const Graph& g;
  const AxelrodParams& params;
  Progress* progress;
  int f;
  int stride;
  std::vector<T> t;  // N rows of `stride` traits, F of them used
  AxelrodResult result;
  std::uint64_t limit = kNever;       // max_events, or never
  std::uint64_t next_point = kNever;  // time of the next series point

  Run(const Graph& graph, const Culture& c, const AxelrodParams& p, Progress* pr)
      : g(graph), params(p), progress(pr), f(c.features), stride(row_stride(c.features)) {
    t.assign(static_cast<std::size_t>(c.agents) * stride, 0);
    for (int i = 0; i < c.agents; ++i) std::copy_n(c.agent(i), f, row(i));
    if (p.max_events > 0) limit = p.max_events;
  }

  T* row(std::size_t i) { return t.data() + i * stride; }
  void copy_to(Culture& c) const {
    for (int i = 0; i < c.agents; ++i) {
      std::copy_n(t.data() + static_cast<std::size_t>(i) * stride, f, c.agent(i));
    }
  }
  Regions regions() const { return regions_of(g, t.data(), f, stride); }
  std::int64_t active() const { return count_active(g, t.data(), f, stride); }

  // The series point at time `events` (for the active-bond engine, a time between two of its
  // changes, when the state is the one it holds).
  void record(std::uint64_t events, std::int64_t active) {
    AxelrodPoint point;
    point.events = events;
    point.accepted = result.accepted;
    point.active_bonds = active;
    if (params.checkpoint_regions) {
      const Regions r = regions();
      point.regions = r.count;
      point.largest = r.largest;
    }
    result.series.push_back(point);
    next_point = saturating_add(events, params.checkpoint_every);
  }

  void check_cancelled() const {
    if (progress != nullptr && progress->cancelled()) throw Error("axelrod: cancelled");
  }
};

// The original dynamics (Axelrod 1997): each attempt picks an agent uniformly, then one of its
// neighbours uniformly; if they share 0 < o < F features, the agent copies the neighbour's
// trait on a uniformly chosen differing feature with probability o/F. Two 64-bit draws per
// attempt: the first picks the agent, the high half of the second × degree the neighbour, and
// its low half is a fresh uniform for the o/F test (Lemire's multiply-shift, no division).
// The draws do not depend on the state, so they are made kAhead attempts early and the memory
// they will touch is prefetched: the agent's neighbour row and traits kAhead attempts ahead,
// the neighbour's traits kAhead/2 ahead. Same law, same stream for a seed, several times the
// speed on a lattice too big for the caches.
//
// With `hand_over` (the automatic algorithm) it returns true, leaving the rest of the run to
// the active-bond engine, as soon as the share of attempts that changed something over the
// last window of max(16 N, 1024) attempts falls below params.hand_over_below: past that point
// most attempts are wasted and the active-bond engine is faster. The decision looks only at the
// past, so by the Markov property the run keeps the law of the original dynamics.
template <class T, int kF, bool kRegular>
bool random_sequential(Run<T>& run, Rng& rng, bool hand_over) {
  const Graph& g = run.g;
  const int f = kF > 0 ? kF : run.f;
  const std::size_t stride = run.stride;
  const auto n = static_cast<std::uint64_t>(g.size());
  const int* offsets = g.offsets.data();
  const int* neighbours = g.neighbours.data();
  const std::size_t d = kRegular && n > 0 ? g.degree(0) : 0;
  T* t = run.t.data();
  AxelrodResult& result = run.result;
  // Accept iff the low half < threshold[o] = 2^64 · o/F; zero for inactive bonds (o = 0 or F).
  std::vector<std::uint64_t> threshold(static_cast<std::size_t>(f) + 1, 0);
  for (int o = 1; o < f; ++o) {
    threshold[o] = static_cast<std::uint64_t>((static_cast<Wide>(o) << 64) / f);
  }
  std::int64_t active = run.active();
  if (active == 0 || n == 0) {
    result.absorbed = true;
    return false;
  }

  constexpr std::uint32_t kIsolated = std::numeric_limits<std::uint32_t>::max();
  constexpr std::size_t kAhead = 16;  // a power of two
  struct Draw {
    std::uint32_t agent;
    std::uint32_t neighbour;
    std::uint64_t bits;  // the second draw; after pick(), its low half
  };
  std::array<Draw, kAhead> ring{};
  const auto draw = [&](Draw& a) {
    a.agent = static_cast<std::uint32_t>(Rng::scale(rng.next(), n));
    a.bits = rng.next();
    __builtin_prefetch(kRegular ? neighbours + a.agent * d : offsets + a.agent);
    __builtin_prefetch(t + a.agent * stride);
  };
  const auto pick = [&](Draw& a) {
    std::size_t base = 0;
    std::uint64_t degree = d;
    if constexpr (kRegular) {
      base = a.agent * d;
    } else {
      base = offsets[a.agent];
      degree = offsets[a.agent + 1] - base;
      if (degree == 0) {  // an isolated agent meets no one
        a.neighbour = kIsolated;
        return;
      }
    }
    const Wide product = static_cast<Wide>(a.bits) * degree;
    a.neighbour =
        static_cast<std::uint32_t>(neighbours[base + static_cast<std::size_t>(product >> 64)]);
    a.bits = static_cast<std::uint64_t>(product);
    // All neighbours' traits (up to 8): the neighbour's for the overlap, the others for the
    // update of the active-bond count should the agent change (a third of attempts, once
    // regions form on a lattice).
    for (std::size_t s = base; s < base + std::min<std::uint64_t>(degree, 8); ++s) {
      __builtin_prefetch(t + static_cast<std::size_t>(neighbours[s]) * stride);
    }
  };
  for (Draw& a : ring) draw(a);
  for (std::size_t k = 0; k < kAhead / 2; ++k) pick(ring[k]);

  run.check_cancelled();
  const std::uint64_t window = std::max<std::uint64_t>(16 * n, 1024);
  std::uint64_t window_end = hand_over ? saturating_add(result.events, window) : kNever;
  std::uint64_t window_accepted = result.accepted;
  std::size_t slot = 0;
  while (result.events < run.limit) {
    const std::uint64_t stop =
        std::min({run.limit, run.next_point, window_end, result.events + kCancelEveryAttempts});
    std::uint64_t events = result.events;
    while (events < stop) {
      ++events;
      const Draw now = ring[slot];
      pick(ring[(slot + kAhead / 2) % kAhead]);
      draw(ring[slot]);
      slot = (slot + 1) % kAhead;
      if constexpr (!kRegular) {
        if (now.neighbour == kIsolated) continue;
      }
      T* a = t + now.agent * stride;
      const T* b = t + now.neighbour * stride;
      const int o = overlap_of<kF>(a, b, f);
      if (now.bits >= threshold[o]) continue;
      // The agent copies the neighbour on the which-th feature where they differ.
      auto which = static_cast<int>(rng.below(static_cast<std::uint64_t>(f - o)));
      int x = 0;
      while (a[x] == b[x] || which-- > 0) ++x;
      const T old_trait = a[x];
      const T new_trait = b[x];
      a[x] = new_trait;
      ++result.accepted;
      // Only bonds to neighbours holding the old or the new trait on x change overlap.
      const std::size_t first = kRegular ? now.agent * d : offsets[now.agent];
      const std::size_t last = kRegular ? first + d : offsets[now.agent + 1];
      for (std::size_t s = first; s < last; ++s) {
        const T* c = t + static_cast<std::size_t>(neighbours[s]) * stride;
        if (c[x] != old_trait && c[x] != new_trait) continue;
        const int after = overlap_of<kF>(a, c, f);
        const int before = after - (c[x] == new_trait ? 1 : 0) + (c[x] == old_trait ? 1 : 0);
        active += (is_active(after, f) ? 1 : 0) - (is_active(before, f) ? 1 : 0);
      }
      if (active == 0) break;
    }
    result.events = events;
    if (active == 0) break;
    if (events == run.next_point) run.record(events, active);
    run.check_cancelled();
    if (events == window_end) {
      const auto changed = static_cast<double>(result.accepted - window_accepted);
      if (changed < run.params.hand_over_below * static_cast<double>(window)) return true;
      window_end = saturating_add(events, window);
      window_accepted = result.accepted;
    }
  }
  result.absorbed = active == 0;
  result.active_bonds = active;
  return false;
}

// Rejection-free dynamics with the same law (docs/diffusion-axelrod.md). In the original
// dynamics an attempt changes something through the directed bond i → j (i copies j) with
// probability p_ij = o_ij / (F · N · deg i) when 0 < o_ij < F, else 0. Between changes the
// state is fixed, so attempts are independent trials: the number of attempts up to and
// including the next change is geometric with success probability Q = Σ p_ij, and the change
// is i → j with probability p_ij / Q.
//
// The active bonds are kept in one indexable set per overlap o = 1 … F−1 (array + position
// index), so a bond is drawn with probability ∝ o by picking a level ∝ o · its size, then a
// bond of the level uniformly. On a regular graph (deg i = d for all i) that is already ∝ p_ij
// summed over both directions, and each direction is equally likely. Otherwise the bond is kept
// with probability (1/deg i + 1/deg j) / max over bonds (rejection, only for the degrees), then
// oriented i → j with probability (1/deg i) / (1/deg i + 1/deg j): overall ∝ p_ij. Q is
// 2 Σ o / (F N d) on a regular graph, W / (2^40 F N) otherwise, with
// W = Σ_active o_ij (2^40/deg i + 2^40/deg j) kept exactly in integers.
//
// With `hand_back` (the automatic algorithm) it returns true, leaving the run to the
// random-sequential engine, when Q, the share of attempts that would change something, rises
// above params.hand_back_above after at least as many changes as there are bonds (so that
// rebuilding the bond sets, O(E), is paid for). Again a decision on the present state only.
template <class T, bool kRegular>
bool active_bonds_engine(Run<T>& run, Rng& rng, bool hand_back) {
  const Graph& g = run.g;
  const int f = run.f;
  const std::size_t stride = run.stride;
  const int n = g.size();
  const int* offsets = g.offsets.data();
  const int* neighbours = g.neighbours.data();
  T* t = run.t.data();
  AxelrodResult& result = run.result;

  // Bonds: each undirected edge once, with the bond of every slot of the compressed rows.
  std::vector<std::pair<int, int>> ends;  // the agents of each bond
  std::vector<int> slot_bond(g.neighbours.size(), -1);
  for (int i = 0; i < n; ++i) {
    for (int s = offsets[i]; s < offsets[i + 1]; ++s) {
      const int j = neighbours[s];
      if (j < i) continue;
      const int bond = static_cast<int>(ends.size());
      ends.emplace_back(i, j);
      slot_bond[s] = bond;
      const int* back = std::find(neighbours + offsets[j], neighbours + offsets[j + 1], i);
      slot_bond[back - neighbours] = bond;
    }
  }
  const auto bonds = static_cast<int>(ends.size());
  std::vector<std::uint64_t> weight(n, 0);  // 2^40 / degree
  for (int i = 0; i < n; ++i) {
    if (g.degree(i) > 0) weight[i] = (std::uint64_t{1} << kWeightBits) / g.degree(i);
  }
  const auto bond_weight = [&](int b) { return weight[ends[b].first] + weight[ends[b].second]; };
  std::uint64_t heaviest = 1;  // largest bond weight 2^40 (1/deg i + 1/deg j)
  for (int b = 0; b < bonds; ++b) heaviest = std::max(heaviest, bond_weight(b));

  std::vector<std::uint16_t> overlap(bonds);
  std::vector<int> position(bonds, -1);    // index in its level, or −1
  std::vector<std::vector<int>> level(f);  // level[o]: the active bonds of overlap o
  std::uint64_t mass = 0;                  // Σ_active o
  Wide total = 0;                          // W (irregular graphs)
  std::int64_t active = 0;
  const auto insert = [&](int b, int o) {
    position[b] = static_cast<int>(level[o].size());
    level[o].push_back(b);
    mass += o;
    ++active;
    if constexpr (!kRegular) total += static_cast<Wide>(o) * bond_weight(b);
  };
  const auto erase = [&](int b, int o) {
    const int moved = level[o].back();
    level[o][position[b]] = moved;
    position[moved] = position[b];
    level[o].pop_back();
    position[b] = -1;
    mass -= o;
    --active;
    if constexpr (!kRegular) total -= static_cast<Wide>(o) * bond_weight(b);
  };
  for (int b = 0; b < bonds; ++b) {
    const int o = overlap_of<0>(t + ends[b].first * stride, t + ends[b].second * stride, f);
    overlap[b] = static_cast<std::uint16_t>(o);
    if (is_active(o, f)) insert(b, o);
  }
  const double regular_q =
      kRegular && bonds > 0 ? 2.0 / (static_cast<double>(f) * n * g.degree(0)) : 0.0;
  const double irregular_q =
      1.0 / (std::ldexp(1.0, kWeightBits) * f * static_cast<double>(std::max(n, 1)));

  const std::uint64_t hand_back_after =
      hand_back ? saturating_add(result.accepted, static_cast<std::uint64_t>(bonds)) : kNever;
  while (active > 0) {
    if (result.accepted % kCancelEveryChanges == 0) run.check_cancelled();
    // Attempts up to and including the next change: 1 + floor(ln U / ln(1 − Q)), U in (0, 1].
    const double q =
        kRegular ? static_cast<double>(mass) * regular_q : static_cast<double>(total) * irregular_q;
    if (result.accepted >= hand_back_after && q > run.params.hand_back_above) return true;
    const double u = static_cast<double>((rng.next() >> 11) + 1) * 0x1.0p-53;
    const double extra = std::floor(std::log(u) / std::log1p(-q));
    const std::uint64_t gap =
        extra >= 1.8e19 ? kNever : saturating_add(static_cast<std::uint64_t>(extra), 1);
    const std::uint64_t when = saturating_add(result.events, gap);
    while (run.next_point < when && run.next_point <= run.limit) {
      run.record(run.next_point, active);
    }
    if (when > run.limit) {
      result.events = run.limit;
      break;
    }
    result.events = when;

    // Which change: a bond ∝ its overlap, then (irregular graphs) kept ∝ its degree weight.
    int bond = 0;
    int o = 1;
    while (true) {
      std::uint64_t r = rng.below(mass);
      o = 1;
      while (r >= static_cast<std::uint64_t>(o) * level[o].size()) {
        r -= static_cast<std::uint64_t>(o) * level[o].size();
        ++o;
      }
      bond = level[o][rng.below(level[o].size())];
      if (kRegular || rng.below(heaviest) < bond_weight(bond)) break;
    }
    auto [i, j] = ends[bond];
    const bool i_copies =
        kRegular ? (rng.next() >> 63) != 0 : rng.below(bond_weight(bond)) < weight[i];
    if (!i_copies) std::swap(i, j);
    T* a = t + i * stride;
    const T* b = t + j * stride;
    auto which = static_cast<int>(rng.below(static_cast<std::uint64_t>(f - o)));
    int x = 0;
    while (a[x] == b[x] || which-- > 0) ++x;
    const T old_trait = a[x];
    const T new_trait = b[x];
    a[x] = new_trait;
    ++result.accepted;

    for (int s = offsets[i]; s < offsets[i + 1]; ++s) {
      const T c = t[static_cast<std::size_t>(neighbours[s]) * stride + x];
      const int delta = (c == new_trait ? 1 : 0) - (c == old_trait ? 1 : 0);
      if (delta == 0) continue;
      const int k = slot_bond[s];
      const int before = overlap[k];
      const int after = before + delta;
      overlap[k] = static_cast<std::uint16_t>(after);
      if (is_active(before, f)) erase(k, before);
      if (is_active(after, f)) insert(k, after);
    }
  }
  result.absorbed = active == 0;
  result.active_bonds = active;
  return false;
}

template <class T, int kF>
bool random_sequential_on(Run<T>& run, Rng& rng, bool regular, bool hand_over) {
  return regular ? random_sequential<T, kF, true>(run, rng, hand_over)
                 : random_sequential<T, kF, false>(run, rng, hand_over);
}

template <class T>
AxelrodResult run_with(const Graph& g, Culture& c, const AxelrodParams& params, std::uint64_t seed,
                       Progress* progress) {
  Run<T> run(g, c, params, progress);
  if (params.checkpoint_every > 0) run.record(0, run.active());
  Rng rng(seed);
  const bool regular = is_regular(g);
  // Copy the state back even when cancelled, so `c` is always a state the dynamics reached.
  struct WriteBack {
    const Run<T>& run;
    Culture& c;
    ~WriteBack() { run.copy_to(c); }
  } write_back{run, c};
  // The automatic algorithm passes the run from one engine to the other as they ask.
  const bool automatic = params.algorithm == AxelrodAlgorithm::automatic;
  bool bonds = params.algorithm == AxelrodAlgorithm::active_bonds;
  while (true) {
    bool switch_engine = false;
    if (bonds) {
      switch_engine = regular ? active_bonds_engine<T, true>(run, rng, automatic)
                              : active_bonds_engine<T, false>(run, rng, automatic);
    } else if (c.features == 5) {
      switch_engine = random_sequential_on<T, 5>(run, rng, regular, automatic);
    } else if (c.features == 10) {
      switch_engine = random_sequential_on<T, 10>(run, rng, regular, automatic);
    } else {
      switch_engine = random_sequential_on<T, 0>(run, rng, regular, automatic);
    }
    if (!switch_engine) break;
    bonds = !bonds;
  }
  if (params.checkpoint_every > 0 && run.result.series.back().events != run.result.events) {
    run.record(run.result.events, run.result.active_bonds);
  }
  AxelrodResult result = std::move(run.result);
  const Regions r = run.regions();
  result.regions = r.count;
  result.largest = r.largest;
  return result;
}

}  // namespace

Regions regions(const Graph& g, const Culture& c) {
  if (c.agents != g.size() || c.t.size() != static_cast<std::size_t>(c.agents) * c.features) {
    throw Error("regions: the culture has " + std::to_string(c.agents) + " agents but the graph " +
                std::to_string(g.size()));
  }
  return regions_of(g, c.t.data(), c.features, c.features);
}

std::int64_t active_bonds(const Graph& g, const Culture& c) {
  if (c.agents != g.size() || c.t.size() != static_cast<std::size_t>(c.agents) * c.features) {
    throw Error("active_bonds: the culture has " + std::to_string(c.agents) +
                " agents but the graph " + std::to_string(g.size()));
  }
  return count_active(g, c.t.data(), c.features, c.features);
}

AxelrodResult run_axelrod(const Graph& g, Culture& c, const AxelrodParams& params,
                          std::uint64_t seed, Progress* progress) {
  if (c.agents != g.size()) {
    throw Error("axelrod: the culture has " + std::to_string(c.agents) + " agents but the graph " +
                std::to_string(g.size()));
  }
  if (c.features < 1 || c.features > kMaxFeatures) {
    throw Error("axelrod: features (F) must be in [1, " + std::to_string(kMaxFeatures) + "], got " +
                std::to_string(c.features));
  }
  if (c.t.size() != static_cast<std::size_t>(c.agents) * c.features) {
    throw Error("axelrod: the culture holds " + std::to_string(c.t.size()) +
                " traits, not agents × features = " +
                std::to_string(static_cast<std::size_t>(c.agents) * c.features));
  }
  // Copying only moves traits that exist, so the largest initial trait bounds every later one
  // and the narrowest type that holds it is enough (one byte when q ≤ 256).
  const Trait top = c.t.empty() ? 0 : *std::max_element(c.t.begin(), c.t.end());
  if (top <= std::numeric_limits<std::uint8_t>::max()) {
    return run_with<std::uint8_t>(g, c, params, seed, progress);
  }
  return run_with<std::uint16_t>(g, c, params, seed, progress);
}

std::uint64_t axelrod_memory_estimate(std::uint64_t agents, std::uint64_t slots, int features) {
  return agents * (32 + 4 * static_cast<std::uint64_t>(features)) + slots * 20;
}

AxelrodResult run_axelrod(const Graph& g, const AxelrodParams& params, std::uint64_t seed,
                          Progress* progress) {
  Culture c =
      random_culture(g.size(), params.features, params.traits, params.init, seed_of(seed, 0));
  return run_axelrod(g, c, params, seed_of(seed, 1), progress);
}

}  // namespace softpower::diffusion
