#include "softpower/diffusion/graph.hpp"

#include <algorithm>
#include <string>
#include <unordered_set>

#include "softpower/core/error.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/diffusion/culture.hpp"

namespace softpower::diffusion {

namespace {

// Compressed rows from a list of undirected edges that is already simple (no loops, no
// repeats); rows keep the order in which edges were listed.
Graph from_simple_edges(int n, const std::vector<std::pair<int, int>>& edges) {
  Graph g;
  g.offsets.assign(static_cast<std::size_t>(n) + 1, 0);
  for (const auto& [a, b] : edges) {
    ++g.offsets[a + 1];
    ++g.offsets[b + 1];
  }
  for (int i = 0; i < n; ++i) g.offsets[i + 1] += g.offsets[i];
  g.neighbours.resize(g.offsets[n]);
  std::vector<int> fill(g.offsets.begin(), g.offsets.end() - 1);
  for (const auto& [a, b] : edges) {
    g.neighbours[fill[a]++] = b;
    g.neighbours[fill[b]++] = a;
  }
  return g;
}

// Every 65,536 steps: throws when the work was cancelled.
void check_cancelled(const Progress* progress, std::uint64_t step) {
  if (progress != nullptr && (step & 0xFFFFU) == 0 && progress->cancelled())
    throw Error("simulate: cancelled");
}

std::uint64_t edge_key(int a, int b) {
  const auto lo = static_cast<std::uint64_t>(std::min(a, b));
  const auto hi = static_cast<std::uint64_t>(std::max(a, b));
  return (hi << 32) | lo;
}

}  // namespace

Graph lattice(int side, int neighbours, bool periodic) {
  if (neighbours != 4 && neighbours != 8) {
    throw Error("lattice: neighbours must be 4 or 8, got " + std::to_string(neighbours));
  }
  if (side < 1 || (periodic && side < 3) || side > 46340) {
    throw Error("lattice: side must be in [" + std::string(periodic ? "3" : "1") +
                ", 46340], got " + std::to_string(side));
  }
  // Offsets in a fixed order: the 4 von Neumann neighbours first, then the diagonals.
  static constexpr int kRow[8] = {-1, 0, 0, 1, -1, -1, 1, 1};
  static constexpr int kColumn[8] = {0, -1, 1, 0, -1, 1, -1, 1};
  const int n = side * side;
  Graph g;
  g.offsets.reserve(static_cast<std::size_t>(n) + 1);
  g.neighbours.reserve(static_cast<std::size_t>(n) * neighbours);
  g.offsets.push_back(0);
  for (int r = 0; r < side; ++r) {
    for (int c = 0; c < side; ++c) {
      for (int k = 0; k < neighbours; ++k) {
        int rr = r + kRow[k];
        int cc = c + kColumn[k];
        if (periodic) {
          rr = (rr + side) % side;
          cc = (cc + side) % side;
        } else if (rr < 0 || rr >= side || cc < 0 || cc >= side) {
          continue;
        }
        g.neighbours.push_back(rr * side + cc);
      }
      g.offsets.push_back(static_cast<int>(g.neighbours.size()));
    }
  }
  return g;
}

Graph small_world(int n, int k, double rewire, std::uint64_t seed, const Progress* progress) {
  if (n < 1) throw Error("small_world: n must be ≥ 1, got " + std::to_string(n));
  if (k < 0 || k % 2 != 0 || (k > 0 && k >= n - 1)) {
    throw Error("small_world: k must be even and in [0, n − 1), got k = " + std::to_string(k) +
                " for n = " + std::to_string(n));
  }
  if (!(rewire >= 0.0 && rewire <= 1.0)) {
    throw Error("small_world: rewire must be in [0, 1], got " + std::to_string(rewire));
  }
  std::vector<std::pair<int, int>> edges;
  std::unordered_set<std::uint64_t> present;
  edges.reserve(static_cast<std::size_t>(n) * k / 2);
  for (int s = 1; s <= k / 2; ++s) {
    for (int i = 0; i < n; ++i) {
      check_cancelled(progress, static_cast<std::uint64_t>(i));
      edges.emplace_back(i, (i + s) % n);
      present.insert(edge_key(i, (i + s) % n));
    }
  }
  // Watts–Strogatz order: lap s = 1 around the ring, then s = 2, …; each edge keeps its
  // first end i and moves its other end with probability `rewire`.
  Rng rng(seed);
  std::uint64_t step = 0;
  for (auto& [i, j] : edges) {
    check_cancelled(progress, ++step);
    if (rng.uniform() >= rewire) continue;
    int target = 0;
    // k < n − 1 leaves i at least one agent it is not joined to, so this ends.
    do {
      target = static_cast<int>(rng.below(static_cast<std::uint64_t>(n)));
    } while (target == i || present.count(edge_key(i, target)) != 0);
    present.erase(edge_key(i, j));
    present.insert(edge_key(i, target));
    j = target;
  }
  return from_simple_edges(n, edges);
}

Graph scale_free(int n, int m, std::uint64_t seed, const Progress* progress) {
  if (m < 1 || m >= n) {
    throw Error("scale_free: m must be in [1, n), got m = " + std::to_string(m) +
                " for n = " + std::to_string(n));
  }
  std::vector<std::pair<int, int>> edges;
  // Each edge puts both its ends here, so a uniform pick is a pick proportional to degree.
  std::vector<int> ends;
  for (int a = 0; a <= m; ++a) {
    for (int b = a + 1; b <= m; ++b) {
      edges.emplace_back(a, b);
      ends.push_back(a);
      ends.push_back(b);
    }
  }
  Rng rng(seed);
  std::vector<int> chosen;
  for (int v = m + 1; v < n; ++v) {
    check_cancelled(progress, static_cast<std::uint64_t>(v));
    chosen.clear();
    while (static_cast<int>(chosen.size()) < m) {
      const int u = ends[rng.below(ends.size())];
      if (std::find(chosen.begin(), chosen.end(), u) == chosen.end()) chosen.push_back(u);
    }
    for (const int u : chosen) {
      edges.emplace_back(v, u);
      ends.push_back(v);
      ends.push_back(u);
    }
  }
  return from_simple_edges(n, edges);
}

Graph from_edges(int n, const std::vector<std::pair<int, int>>& edges, const Progress* progress) {
  if (n < 0) throw Error("from_edges: n must be ≥ 0, got " + std::to_string(n));
  std::vector<std::pair<int, int>> simple;
  std::unordered_set<std::uint64_t> present;
  for (std::size_t e = 0; e < edges.size(); ++e) {
    check_cancelled(progress, e);
    const auto [a, b] = edges[e];
    if (a < 0 || a >= n || b < 0 || b >= n) {
      throw Error("from_edges: edge " + std::to_string(e) + " (" + std::to_string(a) + ", " +
                  std::to_string(b) + ") names an agent outside [0, " + std::to_string(n) + ")");
    }
    if (a == b || !present.insert(edge_key(a, b)).second) continue;
    simple.emplace_back(a, b);
  }
  return from_simple_edges(n, simple);
}

}  // namespace softpower::diffusion
