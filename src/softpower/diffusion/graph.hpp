#pragma once
// The networks agents interact on: square lattices, Watts–Strogatz small worlds,
// Barabási–Albert scale-free graphs, or any edge list (e.g. a scenario's population network).
// All are simple undirected graphs (no self loops, no repeated edges).

#include <cstdint>
#include <span>
#include <utility>
#include <vector>

namespace softpower {
class Progress;
}

namespace softpower::diffusion {

/// Undirected graph in compressed rows: neighbours of i are neighbours[offsets[i] .. offsets[i+1]).
/// Every edge {i, j} appears twice, once in each row.
struct Graph {
  std::vector<int> offsets, neighbours;

  int size() const { return offsets.empty() ? 0 : static_cast<int>(offsets.size()) - 1; }
  int degree(int i) const { return offsets[i + 1] - offsets[i]; }
  std::span<const int> of(int i) const {
    return {neighbours.data() + offsets[i], static_cast<std::size_t>(degree(i))};
  }
};

/// side × side square lattice, agent i = row · side + column; `neighbours` 4 (von Neumann)
/// or 8 (Moore). Bounded: agents on the border have fewer neighbours; periodic: a torus
/// (needs side ≥ 3 so that no two neighbours coincide). Rows list neighbours in a fixed order.
Graph lattice(int side, int neighbours /*4 or 8*/, bool periodic);

/// Watts and Strogatz (1998, Nature 393:440): a ring of n agents each joined to its k nearest
/// neighbours (k even, k/2 each side), then each edge (i, i+s), s = 1…k/2, in turn rewired
/// with probability `rewire` to i and a uniform agent that is neither i nor already a
/// neighbour of i. Keeps n·k/2 edges. Needs 2 ≤ k < n − 1 (k = 0 gives no edges).
/// The generators below look at `progress` (when given) every 65,536 steps and throw Error when
/// it is cancelled: a graph of millions of agents takes seconds.
Graph small_world(int n, int k, double rewire, std::uint64_t seed,
                  const Progress* progress = nullptr);

/// Barabási and Albert (1999, Science 286:509): a complete graph on m + 1 agents, then each
/// new agent joined to m distinct existing agents chosen with probability proportional to
/// their degree. m(m+1)/2 + (n − m − 1)·m edges; every degree ≥ m. Needs 1 ≤ m < n.
Graph scale_free(int n, int m, std::uint64_t seed, const Progress* progress = nullptr);

/// A graph on n agents from an edge list, either orientation; drops self loops and repeated
/// edges. Throws Error for an agent outside [0, n).
Graph from_edges(int n, const std::vector<std::pair<int, int>>& edges,
                 const Progress* progress = nullptr);

}  // namespace softpower::diffusion
