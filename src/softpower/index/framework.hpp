#pragma once
// The framework tree of an index, built from a spec: indicators (level 1), then aggregates
// level by level up to the single root. An aggregate's level is one more than its children's;
// all children of an aggregate must sit on the same level.

#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "softpower/index/spec.hpp"

namespace softpower::index {

struct Node {
  std::string code, name;
  int level = 1;
  int parent = -1;            ///< node index, -1 for the root
  std::vector<int> children;  ///< node indices
  double weight = 1;          ///< weight within the parent, as declared
  bool is_indicator = false;
  std::size_t line = 0;  ///< where the spec declares it
};

class Framework {
 public:
  /// Throws Error (with the spec's file and line) when levels are inconsistent. Linear in the
  /// number of nodes, whatever the shape of the tree (no recursion: any depth).
  static Framework from_spec(const Spec& spec);

  const std::vector<Node>& nodes() const { return nodes_; }
  std::size_t indicator_count() const { return indicators_; }
  int top_level() const { return top_level_; }
  int root() const { return static_cast<int>(nodes_.size()) - 1; }
  std::optional<int> find(const std::string& code) const;
  /// Node indices on one level, in spec order.
  const std::vector<int>& level(int level) const;
  /// Weight of every node in the root: the product of its weight and its ancestors', each
  /// divided by the sum of its siblings' weights.
  std::vector<double> effective_weights(const std::vector<double>& weights) const;
  std::vector<double> declared_weights() const;

 private:
  std::vector<Node> nodes_;
  std::unordered_map<std::string, int> index_;  ///< code -> node
  std::vector<std::vector<int>> levels_;        ///< level -> nodes, in order
  std::size_t indicators_ = 0;
  int top_level_ = 1;
};

}  // namespace softpower::index
