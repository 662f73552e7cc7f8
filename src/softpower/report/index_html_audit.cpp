// The statistical audit of report.html: consistency of each aggregate (Cronbach's alpha,
// first principal component), flagged indicators, flagged correlations with a heat map per
// aggregate, and every indicator's statistics. Thresholds are read from audit.json.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

using html::coord;

// COINr's get_stats() flags an indicator available for fewer than 65% of units (t_avail).
constexpr double kLowAvailability = 0.65;
// The usual reading of Cronbach's alpha since Nunnally (1978).
constexpr double kConsistentAlpha = 0.7;

struct Thresholds {
  double weak, collinear, skew, kurtosis;
};

Thresholds thresholds(const IndexView& view) {
  const Json& t = member(view.audit, "thresholds");
  return {number_of(t, "weak").value_or(0.3), number_of(t, "collinear").value_or(0.9),
          number_of(t, "skew").value_or(2.0), number_of(t, "kurtosis").value_or(3.5)};
}

const Json& audit_list(const YearView& year, std::string_view key) {
  static const Json none = Json::array();
  if (year.audit == nullptr) return none;
  const Json& list = member(*year.audit, key);
  return list.is_array() ? list : none;
}

// "0.5" for the data-sort of a number, "" for none.
std::string sort_key(std::optional<double> v) {
  return v ? html::plain(*v) : "";
}

// The first kMaxTableRows items of `list` that `keep` accepts, each a row of template `name`
// made by `row`, written into the page where the table's slot stands.
template <typename Keep, typename Row>
templates::Data table_rows(templates::Slots& slots, const Json& list, Keep keep,
                           std::string_view name, Row row) {
  return slots.add([&list, keep, name, row](Sink& out) {
    std::size_t shown = 0;
    for (const Json& item : list) {
      if (!keep(item)) continue;
      if (++shown > kMaxTableRows) break;
      templates::render(out, name, row(item));
    }
  });
}

// ---- indicators ----

bool low_availability(const Json& s) {
  return number_of(s, "availability").value_or(1) < kLowAvailability;
}

// The share of units with a value in the data, and after the impute step where it filled any:
// an indicator read from another year is used though none of its values are of the index year.
std::string availability_text(const Json& s) {
  const double observed = number_of(s, "availability").value_or(0);
  std::string text = html::percent(observed, 0);
  const auto imputed = number_of(s, "availability_imputed");
  if (imputed && *imputed != observed)
    text += " (" + html::percent(*imputed, 0) + " after imputation)";
  return text;
}

bool flagged(const Json& s) {
  return s.value("skew_kurtosis_outlier", false) || low_availability(s) ||
         number_of(s, "iqr_outliers").value_or(0) > 0 || !text_of(s, "treatment").empty();
}

// How the treat step changed an indicator, for templates/index_treatment.mustache.
templates::Data treatment(const Json& s) {
  const std::string method = text_of(s, "treatment");
  const auto points = number_of(s, "treated_points").value_or(0);
  const bool known = method == "winsorise" || method == "log" || method == "boxcox";
  return templates::Object{
      {"winsorise", method == "winsorise"},
      {"points", fmt::format("{}", points)},
      {"one_point", points == 1},
      {"log", method == "log"},
      {"boxcox", method == "boxcox"},
      {"other", known ? templates::Data(false) : templates::optional(method)},
      {"treated", !method.empty()},
      {"none_needed", method.empty() && s.value("skew_kurtosis_outlier", false)},
      {"none", method.empty() && !s.value("skew_kurtosis_outlier", false)},
      {"skew", html::number(number_of(s, "treated_skew"), 2)},
      {"kurtosis", html::number(number_of(s, "treated_kurtosis"), 2)}};
}

// A flagged indicator's row (templates/index_audit_indicator.mustache).
templates::Data indicator_flag_row(const IndexView& view, const Json& s, const Thresholds& t) {
  const std::string code = text_of(s, "code");
  const Node* node = view.node(code);
  const auto availability = number_of(s, "availability");
  const auto iqr = number_of(s, "iqr_outliers").value_or(0);
  return templates::Object{
      {"name", view.name_of(code)},
      {"code", code},
      {"parent", node != nullptr ? view.name_of(node->parent) : std::string()},
      {"available_sort", sort_key(availability)},
      {"available", availability_text(s)},
      {"skew_sort", sort_key(number_of(s, "skew"))},
      {"skew", html::number(number_of(s, "skew"), 2)},
      {"kurtosis_sort", sort_key(number_of(s, "kurtosis"))},
      {"kurtosis", html::number(number_of(s, "kurtosis"), 2)},
      {"outlier", s.value("skew_kurtosis_outlier", false)},
      {"most_skew", html::number(t.skew, 1)},
      {"most_kurtosis", html::number(t.kurtosis, 1)},
      {"low", low_availability(s)},
      {"low_share", html::percent(kLowAvailability, 0)},
      {"iqr", iqr > 0 ? templates::Data(fmt::format("{}", iqr)) : templates::Data(false)},
      {"one_iqr", iqr == 1},
      {"treatment", treatment(s)}};
}

templates::Data indicator_flag_table(const IndexView& view, const YearView& year,
                                     const Thresholds& t, templates::Slots& slots) {
  std::size_t count = 0;
  for (const Json& s : audit_list(year, "indicators")) count += flagged(s) ? 1 : 0;
  const templates::Data rows =
      table_rows(slots, audit_list(year, "indicators"), flagged, "index_audit_indicator",
                 [&view, t](const Json& s) { return indicator_flag_row(view, s, t); });
  return templates::Object{{"flagged", count > 0},
                           {"count", std::to_string(count)},
                           {"skew", html::number(t.skew, 1)},
                           {"kurtosis", html::number(t.kurtosis, 1)},
                           {"rows", rows},
                           {"left_out", rows_left_out(count, "flagged indicators", "audit.json")}};
}

// An indicator's statistics (templates/index_audit_statistics.mustache): the numbers in
// column order.
templates::Data statistics_row(const IndexView& view, const Json& s) {
  templates::List cells;
  auto cell = [&](std::optional<double> v, std::string shown) {
    cells.emplace_back(templates::Object{{"sort", sort_key(v)}, {"shown", std::move(shown)}});
  };
  auto stat = [&](std::string_view key) {
    const auto v = number_of(s, key);
    cell(v, v ? html::significant(*v, 4) : std::string(html::kMissing));
  };
  const std::string code = text_of(s, "code");
  stat("n");
  cell(number_of(s, "availability"), availability_text(s));
  for (const char* key : {"min", "max", "mean", "median", "sd"}) stat(key);
  cell(number_of(s, "skew"), html::number(number_of(s, "skew"), 2));
  cell(number_of(s, "kurtosis"), html::number(number_of(s, "kurtosis"), 2));
  stat("iqr_outliers");
  templates::Data out =
      templates::Object{{"name", view.name_of(code)}, {"code", code}, {"treatment", treatment(s)}};
  // Lists moved in (a list in the object above would be copied whole, twice).
  out["cells"] = templates::list(std::move(cells));
  return out;
}

templates::Data statistics_table(const IndexView& view, const YearView& year,
                                 templates::Slots& slots) {
  const templates::Data rows = table_rows(
      slots, audit_list(year, "indicators"), [](const Json&) { return true; },
      "index_audit_statistics", [&view](const Json& s) { return statistics_row(view, s); });
  return templates::Object{{"rows", rows},
                           {"left_out", rows_left_out(audit_list(year, "indicators").size(),
                                                      "indicators", "audit.json")}};
}

// ---- correlations ----

// Two decimals, keeping the sign of a small negative correlation so it matches its flag.
std::string correlation(std::optional<double> r) {
  if (r && *r < 0 && *r > -0.005) return "−0.00";
  return html::number(r, 2);
}

// In a heat-map cell the leading zero goes, as correlation tables usually print: −.62, .44.
std::string cell_correlation(double r) {
  std::string text = correlation(r);
  const auto zero = text.find("0.");
  if (zero != std::string::npos && (zero == 0 || text.compare(0, zero, "−") == 0))
    text.erase(zero, 1);
  return text;
}

// A flagged pair's row (templates/index_audit_correlation.mustache).
templates::Data correlation_row(const IndexView& view, const Json& c, const Thresholds& t) {
  const std::string relation = text_of(c, "relation");
  templates::List flags;
  for (const Json& f : member(c, "flags")) {
    const std::string flag = f.is_string() ? f.get<std::string>() : "";
    const bool known = flag == "negative" || flag == "weak" || flag == "collinear";
    flags.emplace_back(templates::Object{{"negative", flag == "negative"},
                                         {"weak", flag == "weak"},
                                         {"collinear", flag == "collinear"},
                                         {"other", !known},
                                         {"flag", flag}});
  }
  const std::string a = text_of(c, "a"), b = text_of(c, "b");
  return templates::Object{
      {"a_name", view.name_of(a)},
      {"a", a},
      {"b_name", view.name_of(b)},
      {"b", b},
      {"parent", relation == "parent"},
      {"ancestor", relation == "ancestor"},
      {"sibling", relation == "sibling"},
      {"relation", relation == "parent" || relation == "ancestor" || relation == "sibling"
                       ? templates::Data(false)
                       : templates::optional(relation)},
      {"pearson_sort", sort_key(number_of(c, "pearson"))},
      {"pearson", correlation(number_of(c, "pearson"))},
      {"spearman_sort", sort_key(number_of(c, "spearman"))},
      {"spearman", correlation(number_of(c, "spearman"))},
      {"flags", templates::list(std::move(flags))},
      {"weak_below", html::number(t.weak, 2)},
      {"collinear_above", html::number(t.collinear, 2)}};
}

templates::Data correlation_flag_table(const IndexView& view, const YearView& year,
                                       const Thresholds& t, templates::Slots& slots) {
  std::size_t count = 0;
  for (const Json& c : audit_list(year, "correlations"))
    count += member(c, "flags").empty() ? 0 : 1;
  const templates::Data rows = table_rows(
      slots, audit_list(year, "correlations"),
      [](const Json& c) { return !member(c, "flags").empty(); }, "index_audit_correlation",
      [&view, t](const Json& c) { return correlation_row(view, c, t); });
  return templates::Object{{"flagged", count > 0},
                           {"count", std::to_string(count)},
                           {"pairs", std::to_string(audit_list(year, "correlations").size())},
                           {"weak", html::number(t.weak, 2)},
                           {"collinear", html::number(t.collinear, 2)},
                           {"rows", rows},
                           {"left_out", rows_left_out(count, "flagged pairs", "audit.json")}};
}

using Pairs = std::map<std::pair<std::string, std::string>, const Json*>;

// The pairs the heat maps of `drawn` aggregates (node indices) show: between two of their
// components and of a component with its aggregate.
Pairs correlation_pairs(const IndexView& view, const YearView& year,
                        const std::vector<std::size_t>& drawn) {
  std::vector<bool> is_drawn(view.nodes.size(), false);
  for (std::size_t n : drawn) is_drawn[n] = true;
  auto drawn_parent = [&](const std::string& code) {
    const Node* node = view.node(code);
    const Node* parent = node != nullptr ? view.node(node->parent) : nullptr;
    return parent != nullptr && is_drawn[static_cast<std::size_t>(parent - view.nodes.data())];
  };
  Pairs pairs;
  for (const Json& c : audit_list(year, "correlations")) {
    const std::string a = text_of(c, "a"), b = text_of(c, "b");
    if (!drawn_parent(a)) continue;  // (siblings and parents both have a's parent drawn)
    pairs[{a, b}] = &c;
    pairs[{b, a}] = &c;
  }
  return pairs;
}

// Aggregates whose audit left their pairs of components out (more than the audit's bound).
std::set<std::string, std::less<>> without_pairs(const YearView& year) {
  std::set<std::string, std::less<>> out;
  for (const Json& g : audit_list(year, "aggregates")) {
    if (number_of(g, "sibling_pairs_left_out").value_or(0) > 0) out.insert(text_of(g, "code"));
  }
  return out;
}

// A cell of a grid: the pair's correlations, colour and flags, at x, y.
templates::Data heat_map_cell(const IndexView& view, const Pairs& pairs, const std::string& a,
                              const std::string& b, double x, double y, double size) {
  auto it = pairs.find({a, b});
  const Json* c = it == pairs.end() ? nullptr : it->second;
  const auto r = c != nullptr ? number_of(*c, "pearson") : std::nullopt;
  templates::List flags;
  if (c != nullptr) {
    for (const Json& f : member(*c, "flags"))
      flags.emplace_back(templates::Object{{"flag", f.is_string() ? f.get<std::string>() : ""}});
  }
  templates::Data value(false);
  if (r && size >= 24) {
    value = templates::Object{{"x", coord(x + size / 2 - 0.75)},
                              {"y", coord(y + size / 2 + 3.5)},
                              {"r", cell_correlation(*r)},
                              {"light", std::abs(*r) > 0.6}};
  }
  return templates::Object{
      {"x", coord(x)},
      {"y", coord(y)},
      {"side", coord(std::max(size - 1.5, 0.0))},
      {"fill", r ? html::diverging_colour(*r) : "#eceff3"},
      {"flagged", !flags.empty()},
      {"a", view.name_of(a)},
      {"b", view.name_of(b)},
      {"pearson", correlation(r)},
      {"spearman", correlation(c != nullptr ? number_of(*c, "spearman") : std::nullopt)},
      {"flags", templates::list(std::move(flags))},
      {"value", value}};
}

// The children of one aggregate against each other (lower triangle) and against it, for
// templates/index_audit_heat_map.mustache: the grid's geometry, labels and cells.
templates::Data heat_map(const IndexView& view, const Node& parent, const Pairs& pairs) {
  const std::size_t k = parent.children.size();
  const double size = k <= 8 ? 30 : std::max(14.0, 240.0 / static_cast<double>(k));
  constexpr double left = 150, top = 58;
  const double parent_x = left + static_cast<double>(k) * size + 8;
  const double width = parent_x + size + 24, height = top + static_cast<double>(k) * size + 4;
  templates::List rows;
  for (std::size_t i = 0; i < k; ++i) {
    const Node& a = view.nodes[parent.children[i]];
    const double y = top + static_cast<double>(i) * size;
    templates::List cells;
    for (std::size_t j = 0; j < i; ++j) {
      cells.push_back(heat_map_cell(view, pairs, a.code, view.nodes[parent.children[j]].code,
                                    left + static_cast<double>(j) * size, y, size));
    }
    cells.push_back(heat_map_cell(view, pairs, a.code, parent.code, parent_x, y, size));
    rows.emplace_back(
        templates::Object{{"label_x", coord(left - 6)},
                          {"label_y", coord(y + size / 2 + 4)},
                          {"label", a.name.size() > 22 ? a.code : a.name},
                          {"code_x", coord(left + (static_cast<double>(i) + 0.5) * size)},
                          {"code", a.code},
                          {"cells", templates::list(std::move(cells))}});
  }
  templates::Data out =
      templates::Object{{"name", parent.name},      {"level", view.level_name(parent.level)},
                        {"width", coord(width)},    {"height", coord(height)},
                        {"code_y", coord(top - 6)}, {"parent_x", coord(parent_x + size / 2)},
                        {"parent", parent.code}};
  // Lists moved in (a list in the object above would be copied whole, twice).
  out["rows"] = templates::list(std::move(rows));
  return out;
}

templates::Data heat_maps(const IndexView& view, const YearView& year, templates::Slots& slots) {
  const auto left_out = without_pairs(year);
  std::vector<long> parent(view.nodes.size(), -1);
  std::vector<int> level(view.nodes.size());
  std::vector<bool> wide(view.nodes.size(), false);
  for (std::size_t n = 0; n < view.nodes.size(); ++n) {
    if (const Node* p = view.node(view.nodes[n].parent))
      parent[n] = static_cast<long>(p - view.nodes.data());
    level[n] = view.nodes[n].level;
    wide[n] = left_out.count(view.nodes[n].code) != 0;
  }
  const std::vector<std::size_t> drawn = heat_map_aggregates(parent, level, wide, view.root);
  std::size_t too_wide = 0, drawable = 0;
  for (std::size_t n : view.tree_order()) {
    const Node& node = view.nodes[n];
    if (node.level < 2 || node.children.size() < 2) continue;
    ++(wide[n] ? too_wide : drawable);
  }
  const std::size_t not_drawn = drawable - drawn.size();
  const auto pairs = std::make_shared<const Pairs>(correlation_pairs(view, year, drawn));
  const templates::Data maps = slots.add([&view, drawn, pairs](Sink& out) {
    for (std::size_t n : drawn) {
      const Node& node = view.nodes[n];
      templates::render(out, "index_audit_heat_map", heat_map(view, node, *pairs));
    }
  });
  templates::List legend;
  for (double r : {-1.0, -0.5, 0.0, 0.5, 1.0}) {
    legend.emplace_back(templates::Object{{"colour", html::diverging_colour(r)},
                                          {"dark", std::abs(r) > 0.6},
                                          {"value", html::number(r, 1)}});
  }
  return templates::Object{{"legend", templates::list(std::move(legend))},
                           {"maps", maps},
                           {"too_wide", too_wide > 0 ? templates::Data(std::to_string(too_wide))
                                                     : templates::Data(false)},
                           {"one_too_wide", too_wide == 1},
                           {"not_drawn", not_drawn > 0 ? templates::Data(std::to_string(not_drawn))
                                                       : templates::Data(false)},
                           {"most_drawn", std::to_string(kMaxHeatMaps)}};
}

// ---- aggregates ----

// An aggregate's row (templates/index_audit_aggregate.mustache).
templates::Data consistency_row(const IndexView& view, const Json& g) {
  const std::string code = text_of(g, "code");
  const Node* node = view.node(code);
  const std::size_t k = node != nullptr ? node->children.size() : 0;
  const auto alpha = number_of(g, "cronbach_alpha");
  const auto share = number_of(g, "pca_first_share");
  const auto complete = number_of(g, "complete_units");
  templates::Data first(false);
  if (share) {
    first = templates::Object{{"share", html::percent(*share, 0)},
                              {"bar", fmt::format("{:.1f}", 100 * std::clamp(*share, 0.0, 1.0))}};
  }
  return templates::Object{
      {"name", view.name_of(code)},
      {"code", code},
      {"level", node != nullptr ? view.level_name(node->level) : std::string()},
      {"components", std::to_string(k)},
      {"components_sort", html::plain(static_cast<double>(k))},
      {"complete_sort", sort_key(complete)},
      {"complete", html::number(complete, 0)},
      {"alpha_sort", sort_key(alpha)},
      {"alpha", html::number(alpha, 2)},
      {"not_computed", !alpha},
      {"consistent", alpha && *alpha >= kConsistentAlpha},
      {"low", alpha && *alpha >= 0 && *alpha < kConsistentAlpha},
      {"negative", alpha && *alpha < 0},
      {"first_sort", sort_key(share)},
      {"first", first},
      {"equal", k > 0 ? html::percent(1.0 / static_cast<double>(k), 0) : "—"}};
}

templates::Data consistency_table(const IndexView& view, const YearView& year,
                                  templates::Slots& slots) {
  const templates::Data rows = table_rows(
      slots, audit_list(year, "aggregates"), [](const Json&) { return true; },
      "index_audit_aggregate", [&view](const Json& g) { return consistency_row(view, g); });
  return templates::Object{{"recorded", !audit_list(year, "aggregates").empty()},
                           {"rows", rows},
                           {"left_out", rows_left_out(audit_list(year, "aggregates").size(),
                                                      "aggregates", "audit.json")}};
}

// The summary's counts for templates/index_audit.mustache.
void add_summary(templates::Data& data, const YearView& year) {
  std::size_t outliers = 0, treated = 0, low = 0, flagged_pairs = 0, consistent = 0, aggregates = 0;
  std::map<std::string, std::size_t> by_flag;
  for (const Json& s : audit_list(year, "indicators")) {
    outliers += s.value("skew_kurtosis_outlier", false) ? 1 : 0;
    treated += text_of(s, "treatment").empty() ? 0 : 1;
    low += low_availability(s) ? 1 : 0;
  }
  for (const Json& c : audit_list(year, "correlations")) {
    flagged_pairs += member(c, "flags").empty() ? 0 : 1;
    for (const Json& f : member(c, "flags")) ++by_flag[f.is_string() ? f.get<std::string>() : ""];
  }
  for (const Json& g : audit_list(year, "aggregates")) {
    ++aggregates;
    consistent += number_of(g, "cronbach_alpha").value_or(-1) >= kConsistentAlpha ? 1 : 0;
  }
  templates::List kinds;
  for (const auto& [flag, n] : by_flag) {
    kinds.emplace_back(
        templates::Object{{"count", std::to_string(n)}, {"flag", flag}, {"first", kinds.empty()}});
  }
  const Json& left = member(*year.audit, "left_out");
  const auto siblings = number_of(left, "sibling_pairs");
  const auto ancestors = number_of(left, "ancestor_pairs");
  data["outliers"] = std::to_string(outliers);
  data["indicators"] = std::to_string(audit_list(year, "indicators").size());
  data["treated"] = std::to_string(treated);
  data["low"] = std::to_string(low);
  data["one_low"] = low == 1;
  data["low_share"] = html::percent(kLowAvailability, 0);
  data["flagged_pairs"] = std::to_string(flagged_pairs);
  data["one_pair"] = flagged_pairs == 1;
  data["any_kind"] = !kinds.empty();
  data["kinds"] = templates::list(std::move(kinds));
  data["consistent"] = std::to_string(consistent);
  data["aggregates"] = std::to_string(aggregates);
  data["siblings"] = siblings && *siblings > 0 ? templates::Data(html::number(*siblings, 0))
                                               : templates::Data(false);
  data["siblings_up_to"] = html::number(number_of(left, "siblings_correlated_up_to"), 0);
  data["ancestors"] = ancestors && *ancestors > 0 ? templates::Data(html::number(*ancestors, 0))
                                                  : templates::Data(false);
  data["ancestors_up_to"] = html::number(number_of(left, "ancestors_correlated_up_to"), 0);
}

}  // namespace

void audit_section(const IndexView& view, Sink& out) {
  const YearView& year = view.latest();
  templates::Data data(
      templates::Object{{"year", std::to_string(year.year)}, {"audited", year.audit != nullptr}});
  if (year.audit == nullptr) {
    templates::render(out, "index_audit", data);
    return;
  }
  const Thresholds t = thresholds(view);
  add_summary(data, year);
  // The tables' rows are written into the page as it reaches them (template slots).
  templates::Slots slots;
  data["consistency"] = consistency_table(view, year, slots);
  data["indicator_flags"] = indicator_flag_table(view, year, t, slots);
  data["correlation_flags"] = correlation_flag_table(view, year, t, slots);
  data["heat_maps"] = heat_maps(view, year, slots);
  data["statistics"] = statistics_table(view, year, slots);
  templates::render(out, "index_audit", data, slots);
}

}  // namespace softpower::report::index_page
