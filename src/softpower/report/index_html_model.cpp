// The read-only view of results.json and audit.json that the sections of report.html draw.

#include <algorithm>
#include <cmath>
#include <limits>

#include "softpower/core/error.hpp"
#include "softpower/report/index_html_parts.hpp"

namespace softpower::report::index_page {

namespace {

const Json& empty_array() {
  static const Json none = Json::array();
  return none;
}

const Json& array_at(const Json& object, std::string_view key) {
  if (!object.is_object()) return empty_array();
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : empty_array();
}

std::optional<double> lookup(const Json* unit, std::string_view table, std::string_view node) {
  if (unit == nullptr || !unit->is_object()) return std::nullopt;
  auto t = unit->find(table);
  if (t == unit->end() || !t->is_object()) return std::nullopt;
  return number_of(*t, node);
}

std::vector<Node> read_framework(const Json& results) {
  std::vector<Node> nodes;
  for (const Json& entry : array_at(results, "framework")) {
    Node n;
    n.code = text_of(entry, "code");
    n.name = text_of(entry, "name");
    if (n.name.empty()) n.name = n.code;
    n.parent = text_of(entry, "parent");
    n.level = static_cast<int>(number_of(entry, "level").value_or(1));
    n.weight = number_of(entry, "weight").value_or(0);
    n.effective_weight = number_of(entry, "effective_weight").value_or(0);
    n.entry = &entry;
    nodes.push_back(std::move(n));
  }
  return nodes;
}

std::vector<UnitResult> ranked_units(const Json& year, const std::string& root) {
  std::vector<UnitResult> units;
  for (const Json& entry : array_at(year, "units")) {
    UnitResult u{&entry, text_of(entry, "code"), text_of(entry, "name")};
    if (u.name.empty()) u.name = u.code;
    units.push_back(std::move(u));
  }
  // Unranked units (no index score) go last so the table never hides them; ties by name.
  const double last = std::numeric_limits<double>::infinity();
  std::stable_sort(units.begin(), units.end(), [&](const UnitResult& a, const UnitResult& b) {
    const double ra = a.rank(root).value_or(last), rb = b.rank(root).value_or(last);
    return ra != rb ? ra < rb : a.name < b.name;
  });
  return units;
}

const Json* audit_for(const Json& audit, int year) {
  for (const Json& entry : array_at(audit, "years")) {
    if (number_of(entry, "year") == static_cast<double>(year)) return &entry;
  }
  return nullptr;
}

// The [lo, hi] of a min-max normalisation step, when the method has one.
std::optional<html::Domain> normalised_range(const Json& results) {
  for (const Json& step : array_at(results, "method")) {
    if (text_of(step, "step") != "normalise") continue;
    const Json& range = array_at(step, "range");
    if (range.size() == 2 && range[0].is_number() && range[1].is_number())
      return html::Domain{range[0].get<double>(), range[1].get<double>()};
  }
  return std::nullopt;
}

html::Domain level_domain(const IndexView& view, int level,
                          const std::optional<html::Domain>& range) {
  double lo = std::numeric_limits<double>::infinity(), hi = -lo;
  const std::vector<std::size_t>& nodes = view.at_level(level);
  for (const YearView& y : view.years) {
    for (const UnitResult& u : y.units) {
      for (std::size_t n : nodes) {
        if (auto s = u.score(view.nodes[n].code)) {
          lo = std::min(lo, *s);
          hi = std::max(hi, *s);
        }
      }
    }
  }
  if (lo > hi) return range.value_or(html::Domain{0, 1});
  const double slack = 1e-9 * (range ? range->hi - range->lo : 1);
  if (range && lo >= range->lo - slack && hi <= range->hi + slack) return *range;
  return html::nice_domain(lo >= 0 ? 0 : lo, hi);
}

// How many units have a rank for each node: one pass over every unit's ranks.
std::vector<std::size_t> ranked_counts(const YearView& year, const CodeIndex& codes,
                                       std::size_t nodes) {
  std::vector<std::size_t> counts(nodes, 0);
  for (const UnitResult& u : year.units) {
    const Json& ranks = member(*u.entry, "ranks");
    if (!ranks.is_object()) continue;
    for (auto it = ranks.begin(); it != ranks.end(); ++it) {
      if (!it->is_number() || std::isnan(it->get<double>())) continue;
      auto c = codes.find(it.key());
      if (c != codes.end()) ++counts[c->second];
    }
  }
  return counts;
}

// The spec's group attributes that units of the year have ranks in.
std::vector<std::string> ranked_group_attributes(const Json& results, const YearView& year) {
  std::vector<std::string> out;
  for (const Json& g : array_at(member(results, "index"), "groups")) {
    if (!g.is_string()) continue;
    const auto attribute = g.get<std::string>();
    if (std::any_of(year.units.begin(), year.units.end(), [&](const UnitResult& u) {
          return member(member(*u.entry, "group_ranks"), attribute).is_object();
        }))
      out.push_back(attribute);
  }
  return out;
}

}  // namespace

const Json& member(const Json& object, std::string_view key) {
  static const Json none;
  if (!object.is_object()) return none;
  auto it = object.find(key);
  return it == object.end() ? none : *it;
}

std::string text_of(const Json& object, std::string_view key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

std::optional<double> number_of(const Json& object, std::string_view key) {
  if (!object.is_object()) return std::nullopt;
  auto it = object.find(key);
  if (it == object.end() || !it->is_number()) return std::nullopt;
  const double v = it->get<double>();
  return std::isnan(v) ? std::nullopt : std::optional<double>(v);
}

std::optional<double> UnitResult::score(std::string_view node) const {
  return lookup(entry, "scores", node);
}

std::optional<double> UnitResult::rank(std::string_view node) const {
  return lookup(entry, "ranks", node);
}

const UnitResult* YearView::find(std::string_view code) const {
  auto it = position.find(code);
  return it == position.end() ? nullptr : &units[it->second];
}

std::size_t YearView::ranked(std::string_view node) const {
  if (codes != nullptr) {
    auto it = codes->find(node);
    if (it != codes->end() && it->second < ranked_by_node.size()) return ranked_by_node[it->second];
  }
  // A code the framework does not know.
  return static_cast<std::size_t>(std::count_if(
      units.begin(), units.end(), [&](const UnitResult& u) { return u.rank(node).has_value(); }));
}

IndexView::IndexView(const Json& results_json, const Json& audit_json)
    : results(results_json), audit(audit_json), nodes(read_framework(results_json)) {
  const auto root_it =
      std::find_if(nodes.begin(), nodes.end(), [](const Node& n) { return n.parent.empty(); });
  if (root_it == nodes.end())
    throw Error(Location{"results.json", 0, "framework"}, "no node without a parent (the index)");
  root = static_cast<std::size_t>(root_it - nodes.begin());
  for (std::size_t n = 0; n < nodes.size(); ++n) index_.emplace(nodes[n].code, n);  // first wins
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    if (n == root) continue;
    auto parent = index_.find(nodes[n].parent);
    if (parent != index_.end()) nodes[parent->second].children.push_back(n);
  }
  for (const Json& entry : array_at(results, "years")) {
    YearView y;
    y.year = static_cast<int>(number_of(entry, "year").value_or(0));
    y.entry = &entry;
    y.audit = audit_for(audit, y.year);
    y.units = ranked_units(entry, root_node().code);
    for (std::size_t i = 0; i < y.units.size(); ++i) y.position.emplace(y.units[i].code, i);
    y.codes = &index_;
    y.ranked_by_node = ranked_counts(y, index_, nodes.size());
    years.push_back(std::move(y));
  }
  if (years.empty())
    throw Error(Location{"results.json", 0, "years"}, "no year of results to report");
  // Depth-first from the root with a stack of its own (a framework may be any depth); a node
  // is visited once even if results.json makes a cycle below the root.
  std::vector<bool> visited(nodes.size(), false);
  std::vector<std::size_t> stack{root};
  while (!stack.empty()) {
    const std::size_t n = stack.back();
    stack.pop_back();
    if (visited[n]) continue;
    visited[n] = true;
    tree_order_.push_back(n);
    levels_[nodes[n].level].push_back(n);
    for (auto c = nodes[n].children.rbegin(); c != nodes[n].children.rend(); ++c)
      stack.push_back(*c);
  }
  std::map<int, std::size_t> per_level;
  for (const auto& [level, members] : levels_) {
    if (level >= 2 && level <= top_level()) per_level[level] = members.size();
  }
  lowest_shown_ = lowest_level_drawn(per_level);
  for (const auto& [level, size] : per_level) {
    if (level < lowest_shown_) aggregates_not_shown_ += size;
  }
  group_attributes_ = ranked_group_attributes(results, latest());
  range_ = normalised_range(results);
  // Only the levels drawn are read (page_results in index_outputs holds only their scores).
  for (const auto& [level, members] : levels_) {
    if (level >= 2 && shown(level) && level <= top_level())
      domains_.emplace(level, level_domain(*this, level, range_));
  }
}

const Node* IndexView::node(std::string_view code) const {
  auto it = index_.find(code);
  return it == index_.end() ? nullptr : &nodes[it->second];
}

std::string IndexView::name_of(std::string_view code) const {
  const Node* n = node(code);
  return n != nullptr ? n->name : std::string(code);
}

const std::vector<std::size_t>& IndexView::at_level(int level) const {
  static const std::vector<std::size_t> none;
  auto it = levels_.find(level);
  return it == levels_.end() ? none : it->second;
}

std::string IndexView::level_name(int level) const {
  const Json& names = array_at(member(results, "index"), "levels");
  const auto i = static_cast<std::size_t>(level - 1);
  if (level >= 1 && i < names.size() && names[i].is_string() &&
      !names[i].get<std::string>().empty())
    return names[i].get<std::string>();
  return "Level " + std::to_string(level);
}

const YearView* IndexView::previous(const YearView& year) const {
  for (std::size_t i = 1; i < years.size(); ++i) {
    if (&years[i] == &year) return &years[i - 1];
  }
  return nullptr;
}

html::Domain IndexView::score_domain(int level) const {
  if (level < 1 || level > top_level()) return {0, 1};
  auto it = domains_.find(level);
  return it != domains_.end() ? it->second : range_.value_or(html::Domain{0, 1});
}

}  // namespace softpower::report::index_page

namespace softpower::report {

std::vector<std::size_t> heat_map_aggregates(const std::vector<long>& parent,
                                             const std::vector<int>& level,
                                             const std::vector<bool>& wide, std::size_t root) {
  const std::size_t n = parent.size();
  std::vector<std::vector<std::size_t>> children(n);
  for (std::size_t c = 0; c < n; ++c) {
    if (c != root && parent[c] >= 0 && static_cast<std::size_t>(parent[c]) < n)
      children[static_cast<std::size_t>(parent[c])].push_back(c);
  }
  std::vector<std::size_t> drawn;
  std::vector<bool> visited(n, false);
  std::vector<std::size_t> stack{root};
  while (!stack.empty() && drawn.size() < kMaxHeatMaps) {
    const std::size_t node = stack.back();
    stack.pop_back();
    if (node >= n || visited[node]) continue;
    visited[node] = true;
    if (level[node] >= 2 && children[node].size() >= 2 && !wide[node]) drawn.push_back(node);
    for (auto c = children[node].rbegin(); c != children[node].rend(); ++c) stack.push_back(*c);
  }
  return drawn;
}

int lowest_level_drawn(const std::map<int, std::size_t>& aggregates_per_level) {
  if (aggregates_per_level.empty()) return 2;
  int lowest = aggregates_per_level.rbegin()->first;  // the index's level: always drawn
  std::size_t drawn = 0;
  for (auto level = aggregates_per_level.rbegin(); level != aggregates_per_level.rend(); ++level) {
    if (level != aggregates_per_level.rbegin() && drawn + level->second > kMaxShownAggregates)
      break;
    drawn += level->second;
    lowest = level->first;
  }
  return lowest;
}

}  // namespace softpower::report
