// The read-only view of results.json and audit.json that the sections of report.html draw.

#include <algorithm>
#include <cmath>
#include <functional>
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
  const std::vector<std::size_t> nodes = view.at_level(level);
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
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    if (n == root) continue;
    const auto parent = std::find_if(nodes.begin(), nodes.end(),
                                     [&](const Node& p) { return p.code == nodes[n].parent; });
    if (parent != nodes.end()) parent->children.push_back(n);
  }
  for (const Json& entry : array_at(results, "years")) {
    YearView y;
    y.year = static_cast<int>(number_of(entry, "year").value_or(0));
    y.entry = &entry;
    y.audit = audit_for(audit, y.year);
    y.units = ranked_units(entry, root_node().code);
    for (std::size_t i = 0; i < y.units.size(); ++i) y.position.emplace(y.units[i].code, i);
    years.push_back(std::move(y));
  }
  if (years.empty())
    throw Error(Location{"results.json", 0, "years"}, "no year of results to report");
  std::function<void(std::size_t)> visit = [&](std::size_t n) {
    tree_order_.push_back(n);
    for (std::size_t c : nodes[n].children) visit(c);
  };
  visit(root);
  group_attributes_ = ranked_group_attributes(results, latest());
  const auto range = normalised_range(results);
  for (int level = 1; level <= top_level(); ++level) {
    domains_.push_back(level_domain(*this, level, range));
  }
}

const Node* IndexView::node(std::string_view code) const {
  for (const Node& n : nodes) {
    if (n.code == code) return &n;
  }
  return nullptr;
}

std::string IndexView::name_of(std::string_view code) const {
  const Node* n = node(code);
  return n != nullptr ? n->name : std::string(code);
}

std::vector<std::size_t> IndexView::at_level(int level) const {
  std::vector<std::size_t> out;
  for (std::size_t n : tree_order()) {
    if (nodes[n].level == level) out.push_back(n);
  }
  return out;
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
  if (level < 1 || level > static_cast<int>(domains_.size())) return {0, 1};
  return domains_[static_cast<std::size_t>(level - 1)];
}

}  // namespace softpower::report::index_page
