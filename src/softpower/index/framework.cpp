#include "softpower/index/framework.hpp"

#include <algorithm>
#include <map>

#include "softpower/core/error.hpp"

namespace softpower::index {

Framework Framework::from_spec(const Spec& spec) {
  // Levels of aggregates: one more than their children's, computed bottom-up.
  std::map<std::string, int> level;
  std::map<std::string, std::vector<std::string>> children;
  for (const auto& i : spec.indicators) {
    level[i.code] = 1;
    children[i.parent].push_back(i.code);
  }
  for (const auto& a : spec.aggregates) {
    if (!a.parent.empty()) children[a.parent].push_back(a.code);
  }
  std::map<std::string, const AggregateSpec*> by_code;
  for (const auto& a : spec.aggregates) by_code[a.code] = &a;
  bool changed = true;
  while (changed) {
    changed = false;
    for (const auto& a : spec.aggregates) {
      if (level.count(a.code)) continue;
      const auto& kids = children[a.code];
      if (kids.empty()) {
        throw Error(Location{spec.file, a.line, "aggregate.code"},
                    "aggregate '" + a.code + "' has no children");
      }
      if (!std::all_of(kids.begin(), kids.end(),
                       [&](const std::string& c) { return level.count(c) > 0; }))
        continue;
      const int l = level[kids.front()];
      for (const auto& c : kids) {
        if (level[c] != l) {
          throw Error(Location{spec.file, a.line, "aggregate.code"},
                      "aggregate '" + a.code + "' mixes children of level " + std::to_string(l) +
                          " ('" + kids.front() + "') and level " + std::to_string(level[c]) +
                          " ('" + c + "')");
        }
      }
      level[a.code] = l + 1;
      changed = true;
    }
  }

  Framework f;
  std::map<std::string, int> index;
  for (const auto& i : spec.indicators) {
    Node n;
    n.code = i.code;
    n.name = i.name;
    n.level = 1;
    n.weight = i.weight;
    n.is_indicator = true;
    index[n.code] = static_cast<int>(f.nodes_.size());
    f.nodes_.push_back(std::move(n));
  }
  f.indicators_ = f.nodes_.size();
  std::vector<const AggregateSpec*> aggregates;
  for (const auto& a : spec.aggregates) aggregates.push_back(&a);
  std::stable_sort(aggregates.begin(), aggregates.end(),
                   [&](const AggregateSpec* x, const AggregateSpec* y) {
                     return level[x->code] < level[y->code];
                   });
  for (const AggregateSpec* a : aggregates) {
    Node n;
    n.code = a->code;
    n.name = a->name;
    n.level = level[a->code];
    n.weight = a->weight;
    index[n.code] = static_cast<int>(f.nodes_.size());
    f.top_level_ = std::max(f.top_level_, n.level);
    f.nodes_.push_back(std::move(n));
  }
  for (const auto& i : spec.indicators) f.nodes_[index[i.code]].parent = index[i.parent];
  for (const auto& a : spec.aggregates) {
    if (!a.parent.empty()) f.nodes_[index[a.code]].parent = index[a.parent];
  }
  for (std::size_t n = 0; n < f.nodes_.size(); ++n) {
    if (f.nodes_[n].parent >= 0) {
      f.nodes_[static_cast<std::size_t>(f.nodes_[n].parent)].children.push_back(
          static_cast<int>(n));
    }
  }
  return f;
}

std::optional<int> Framework::find(const std::string& code) const {
  for (std::size_t n = 0; n < nodes_.size(); ++n) {
    if (nodes_[n].code == code) return static_cast<int>(n);
  }
  return std::nullopt;
}

std::vector<int> Framework::level(int l) const {
  std::vector<int> out;
  for (std::size_t n = 0; n < nodes_.size(); ++n) {
    if (nodes_[n].level == l) out.push_back(static_cast<int>(n));
  }
  return out;
}

std::vector<double> Framework::declared_weights() const {
  std::vector<double> w;
  for (const auto& n : nodes_) w.push_back(n.weight);
  return w;
}

std::vector<double> Framework::effective_weights(const std::vector<double>& weights) const {
  std::vector<double> out(nodes_.size(), 1.0);
  for (std::size_t n = nodes_.size(); n-- > 0;) {
    const Node& node = nodes_[n];
    if (node.parent < 0) continue;
    const Node& parent = nodes_[static_cast<std::size_t>(node.parent)];
    double sum = 0;
    for (int c : parent.children) sum += weights[static_cast<std::size_t>(c)];
    out[n] = (sum > 0 ? weights[n] / sum : 0) * out[static_cast<std::size_t>(node.parent)];
  }
  return out;
}

}  // namespace softpower::index
