#include "softpower/index/framework.hpp"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include "softpower/core/error.hpp"

namespace softpower::index {

Framework Framework::from_spec(const Spec& spec) {
  // Indicators first, then aggregates; each code's position in that order.
  const std::size_t n_ind = spec.indicators.size();
  const std::size_t total = n_ind + spec.aggregates.size();
  std::unordered_map<std::string_view, std::size_t> position;
  position.reserve(total);
  for (std::size_t i = 0; i < n_ind; ++i) position.emplace(spec.indicators[i].code, i);
  for (std::size_t a = 0; a < spec.aggregates.size(); ++a)
    position.emplace(spec.aggregates[a].code, n_ind + a);
  auto parent_of = [&](std::size_t k) -> long {
    const std::string& parent =
        k < n_ind ? spec.indicators[k].parent : spec.aggregates[k - n_ind].parent;
    if (parent.empty()) return -1;
    const auto it = position.find(parent);
    if (it == position.end() || it->second < n_ind) {
      throw Error(
          Location{spec.file, k < n_ind ? spec.indicators[k].line : spec.aggregates[k - n_ind].line,
                   "parent"},
          "parent '" + parent + "' is not an [[aggregate]] code");
    }
    return static_cast<long>(it->second);
  };
  std::vector<long> parent(total);
  std::vector<std::vector<std::size_t>> children(total);
  for (std::size_t k = 0; k < total; ++k) {
    parent[k] = parent_of(k);
    if (parent[k] >= 0) children[static_cast<std::size_t>(parent[k])].push_back(k);
  }
  // Levels bottom-up in one pass (Kahn's order): an aggregate is ready when all its children
  // have a level.
  std::vector<int> level(total, 0);
  std::vector<std::size_t> waiting(total, 0);
  std::vector<std::size_t> ready;
  for (std::size_t k = 0; k < total; ++k) {
    waiting[k] = children[k].size();
    if (k < n_ind) {
      level[k] = 1;
      ready.push_back(k);
    } else if (children[k].empty()) {
      throw Error(Location{spec.file, spec.aggregates[k - n_ind].line, "aggregate.code"},
                  "aggregate '" + spec.aggregates[k - n_ind].code + "' has no children");
    }
  }
  for (std::size_t next = 0; next < ready.size(); ++next) {
    const std::size_t k = ready[next];
    if (k >= n_ind) {
      const auto& kids = children[k];
      const int l = level[kids.front()];
      for (std::size_t c : kids) {
        if (level[c] != l) {
          const AggregateSpec& a = spec.aggregates[k - n_ind];
          const auto code = [&](std::size_t x) {
            return x < n_ind ? spec.indicators[x].code : spec.aggregates[x - n_ind].code;
          };
          throw Error(Location{spec.file, a.line, "aggregate.code"},
                      "aggregate '" + a.code + "' mixes children of level " + std::to_string(l) +
                          " ('" + code(kids.front()) + "') and level " + std::to_string(level[c]) +
                          " ('" + code(c) + "')");
        }
      }
      if (l >= kMaxLevels) {
        throw Error(Location{spec.file, spec.aggregates[k - n_ind].line, "aggregate.parent"},
                    "the framework is deeper than " + std::to_string(kMaxLevels) + " levels");
      }
      level[k] = l + 1;
    }
    if (parent[k] >= 0 && --waiting[static_cast<std::size_t>(parent[k])] == 0)
      ready.push_back(static_cast<std::size_t>(parent[k]));
  }
  // Aggregates never reached sit on or above a cycle (parse_spec reports cycles first).
  for (std::size_t k = n_ind; k < total; ++k) {
    if (level[k] == 0) {
      throw Error(Location{spec.file, spec.aggregates[k - n_ind].line, "aggregate.parent"},
                  "the parents of '" + spec.aggregates[k - n_ind].code + "' form a cycle");
    }
  }

  Framework f;
  f.nodes_.reserve(total);
  std::vector<int> index(total);
  for (std::size_t i = 0; i < n_ind; ++i) {
    const IndicatorSpec& ind = spec.indicators[i];
    Node n;
    n.code = ind.code;
    n.name = ind.name;
    n.level = 1;
    n.weight = ind.weight;
    n.is_indicator = true;
    n.line = ind.line;
    index[i] = static_cast<int>(f.nodes_.size());
    f.nodes_.push_back(std::move(n));
  }
  f.indicators_ = f.nodes_.size();
  // Aggregates by level, in spec order within a level (a stable counting sort).
  int top = 1;
  for (std::size_t k = n_ind; k < total; ++k) top = std::max(top, level[k]);
  std::vector<std::vector<std::size_t>> by_level(static_cast<std::size_t>(top) + 1);
  for (std::size_t k = n_ind; k < total; ++k)
    by_level[static_cast<std::size_t>(level[k])].push_back(k);
  for (const auto& on_level : by_level) {
    for (std::size_t k : on_level) {
      const AggregateSpec& a = spec.aggregates[k - n_ind];
      Node n;
      n.code = a.code;
      n.name = a.name;
      n.level = level[k];
      n.weight = a.weight;
      n.line = a.line;
      index[k] = static_cast<int>(f.nodes_.size());
      f.nodes_.push_back(std::move(n));
    }
  }
  f.top_level_ = top;
  for (std::size_t k = 0; k < total; ++k) {
    if (parent[k] >= 0) {
      f.nodes_[static_cast<std::size_t>(index[k])].parent =
          index[static_cast<std::size_t>(parent[k])];
    }
  }
  for (std::size_t n = 0; n < f.nodes_.size(); ++n) {
    if (f.nodes_[n].parent >= 0) {
      f.nodes_[static_cast<std::size_t>(f.nodes_[n].parent)].children.push_back(
          static_cast<int>(n));
    }
  }
  f.levels_.resize(static_cast<std::size_t>(top) + 1);
  f.index_.reserve(f.nodes_.size());
  for (std::size_t n = 0; n < f.nodes_.size(); ++n) {
    f.levels_[static_cast<std::size_t>(f.nodes_[n].level)].push_back(static_cast<int>(n));
    f.index_.emplace(f.nodes_[n].code, static_cast<int>(n));
  }
  return f;
}

std::optional<int> Framework::find(const std::string& code) const {
  const auto it = index_.find(code);
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

const std::vector<int>& Framework::level(int l) const {
  static const std::vector<int> none;
  if (l < 0 || static_cast<std::size_t>(l) >= levels_.size()) return none;
  return levels_[static_cast<std::size_t>(l)];
}

std::vector<double> Framework::declared_weights() const {
  std::vector<double> w;
  for (const auto& n : nodes_) w.push_back(n.weight);
  return w;
}

std::vector<double> Framework::effective_weights(const std::vector<double>& weights) const {
  // Each parent's children's weights summed once, then top-down (a parent comes after its
  // children in node order).
  std::vector<double> sum(nodes_.size(), 0.0);
  for (std::size_t n = 0; n < nodes_.size(); ++n) {
    if (nodes_[n].parent >= 0) sum[static_cast<std::size_t>(nodes_[n].parent)] += weights[n];
  }
  std::vector<double> out(nodes_.size(), 1.0);
  for (std::size_t n = nodes_.size(); n-- > 0;) {
    const Node& node = nodes_[n];
    if (node.parent < 0) continue;
    const auto p = static_cast<std::size_t>(node.parent);
    out[n] = (sum[p] > 0 ? weights[n] / sum[p] : 0) * out[p];
  }
  return out;
}

}  // namespace softpower::index
