// The statistical audit of report.html: consistency of each aggregate (Cronbach's alpha,
// first principal component), flagged indicators, flagged correlations with a heat map per
// aggregate, and every indicator's statistics. Thresholds are read from audit.json.

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

using html::attr;
using html::element;
using html::escape;

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

std::string chip(std::string_view css_class, std::string_view text, std::string_view tooltip = {}) {
  return "<span" + attr("class", "chip " + std::string(css_class)) +
         (tooltip.empty() ? "" : attr("title", tooltip)) + ">" + escape(text) + "</span>";
}

std::string node_label(const IndexView& view, const std::string& code) {
  return escape(view.name_of(code)) + " <span class=\"code\">" + escape(code) + "</span>";
}

std::string sort_cell(std::optional<double> v, std::string shown, std::string_view css = "num") {
  return element("td", attr("class", css) + attr("data-sort", v ? html::plain(*v) : ""), shown);
}

// ---- indicators ----

bool low_availability(const Json& s) {
  return number_of(s, "availability").value_or(1) < kLowAvailability;
}

std::string indicator_flags(const Json& s, const Thresholds& t) {
  std::string out;
  if (s.value("skew_kurtosis_outlier", false)) {
    out += chip("warn", "skew/kurtosis outlier",
                fmt::format("|skew| ≥ {} and kurtosis ≥ {}", html::number(t.skew, 1),
                            html::number(t.kurtosis, 1)));
  }
  if (low_availability(s)) {
    out += chip("warn", "low availability",
                "available for " + html::percent(number_of(s, "availability").value_or(0), 0) +
                    " of units (under " + html::percent(kLowAvailability, 0) + ")");
  }
  const auto iqr = number_of(s, "iqr_outliers").value_or(0);
  if (iqr > 0) {
    out += chip("", fmt::format("{} IQR outlier{}", iqr, iqr == 1 ? "" : "s"),
                "values beyond 1.5 interquartile ranges from the quartiles");
  }
  return out;
}

bool flagged(const Json& s) {
  return s.value("skew_kurtosis_outlier", false) || low_availability(s) ||
         number_of(s, "iqr_outliers").value_or(0) > 0 || !text_of(s, "treatment").empty();
}

std::string treatment_text(const Json& s) {
  const std::string method = text_of(s, "treatment");
  const auto points = number_of(s, "treated_points").value_or(0);
  const std::string after =
      fmt::format("skew {}, kurtosis {}", html::number(number_of(s, "treated_skew"), 2),
                  html::number(number_of(s, "treated_kurtosis"), 2));
  if (method == "winsorise") {
    return fmt::format("winsorised {} point{} → {}", points, points == 1 ? "" : "s", after);
  }
  if (method == "log") return "log-transformed → " + after;
  if (method == "boxcox") return "Box-Cox transformed → " + after;
  if (!method.empty()) return escape(method) + " → " + after;
  if (s.value("skew_kurtosis_outlier", false)) {
    return "none needed at the treat step (" + after + ")";
  }
  return "none";
}

templates::Data indicator_flag_table(const IndexView& view, const YearView& year,
                                     const Thresholds& t) {
  std::string body;
  std::size_t count = 0;
  for (const Json& s : audit_list(year, "indicators")) {
    if (!flagged(s)) continue;
    if (++count > kMaxTableRows) continue;
    const std::string code = text_of(s, "code");
    const Node* node = view.node(code);
    body += "<tr>" + element("td", "", node_label(view, code)) +
            element("td", "", node != nullptr ? escape(view.name_of(node->parent)) : "") +
            sort_cell(number_of(s, "availability"),
                      html::percent(number_of(s, "availability").value_or(0), 0)) +
            sort_cell(number_of(s, "skew"), html::number(number_of(s, "skew"), 2)) +
            sort_cell(number_of(s, "kurtosis"), html::number(number_of(s, "kurtosis"), 2)) +
            element("td", attr("class", "flags"), indicator_flags(s, t)) +
            element("td", "", treatment_text(s)) + "</tr>";
  }
  return templates::Object{{"flagged", count > 0},
                           {"count", std::to_string(count)},
                           {"skew", html::number(t.skew, 1)},
                           {"kurtosis", html::number(t.kurtosis, 1)},
                           {"rows", body},
                           {"left_out", rows_left_out(count, "flagged indicators", "audit.json")}};
}

templates::Data statistics_table(const IndexView& view, const YearView& year) {
  std::string body;
  std::size_t rows = 0;
  for (const Json& s : audit_list(year, "indicators")) {
    if (++rows > kMaxTableRows) break;
    auto stat = [&](std::string_view key) {
      const auto v = number_of(s, key);
      return sort_cell(v, v ? html::significant(*v, 4) : std::string(html::kMissing));
    };
    body += "<tr>" + element("td", "", node_label(view, text_of(s, "code"))) + stat("n") +
            sort_cell(number_of(s, "availability"),
                      html::percent(number_of(s, "availability").value_or(0), 0)) +
            stat("min") + stat("max") + stat("mean") + stat("median") + stat("sd") +
            sort_cell(number_of(s, "skew"), html::number(number_of(s, "skew"), 2)) +
            sort_cell(number_of(s, "kurtosis"), html::number(number_of(s, "kurtosis"), 2)) +
            stat("iqr_outliers") + element("td", "", treatment_text(s)) + "</tr>";
  }
  return templates::Object{{"rows", body},
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

std::string relation_text(const std::string& relation) {
  if (relation == "parent") return "with its parent";
  if (relation == "ancestor") return "with a higher aggregate";
  if (relation == "sibling") return "between siblings";
  return escape(relation);
}

std::string correlation_flags(const Json& c, const Thresholds& t) {
  std::string out;
  for (const Json& f : member(c, "flags")) {
    const std::string flag = f.is_string() ? f.get<std::string>() : "";
    if (flag == "negative")
      out += chip("warn", "negative", "moves against the other");
    else if (flag == "weak")
      out += chip("warn", "weak", "Pearson under " + html::number(t.weak, 2));
    else if (flag == "collinear")
      out += chip("warn", "collinear",
                  "Pearson over " + html::number(t.collinear, 2) + ": double counting");
    else
      out += chip("warn", flag);
  }
  return out;
}

templates::Data correlation_flag_table(const IndexView& view, const YearView& year,
                                       const Thresholds& t) {
  std::string body;
  std::size_t count = 0;
  for (const Json& c : audit_list(year, "correlations")) {
    if (member(c, "flags").empty()) continue;
    if (++count > kMaxTableRows) continue;
    body += "<tr>" + element("td", "", node_label(view, text_of(c, "a"))) +
            element("td", "", node_label(view, text_of(c, "b"))) +
            element("td", attr("class", "nowrap"), relation_text(text_of(c, "relation"))) +
            sort_cell(number_of(c, "pearson"), correlation(number_of(c, "pearson"))) +
            sort_cell(number_of(c, "spearman"), correlation(number_of(c, "spearman"))) +
            element("td", attr("class", "flags"), correlation_flags(c, t)) + "</tr>";
  }
  return templates::Object{{"flagged", count > 0},
                           {"count", std::to_string(count)},
                           {"pairs", std::to_string(audit_list(year, "correlations").size())},
                           {"weak", html::number(t.weak, 2)},
                           {"collinear", html::number(t.collinear, 2)},
                           {"rows", body},
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

std::string heat_map_cell(const IndexView& view, const Pairs& pairs, const std::string& a,
                          const std::string& b, double x, double y, double size) {
  auto it = pairs.find({a, b});
  const Json* c = it == pairs.end() ? nullptr : it->second;
  const auto r = c != nullptr ? number_of(*c, "pearson") : std::nullopt;
  const bool is_flagged = c != nullptr && !member(*c, "flags").empty();
  std::string tooltip = fmt::format(
      "{} and {}: Pearson {}, Spearman {}", view.name_of(a), view.name_of(b), correlation(r),
      correlation(c != nullptr ? number_of(*c, "spearman") : std::nullopt));
  if (is_flagged) {
    for (const Json& f : member(*c, "flags"))
      tooltip += " — " + (f.is_string() ? f.get<std::string>() : "");
  }
  std::string out = html::svg_rect(x, y, size - 1.5, size - 1.5,
                                   attr("fill", r ? html::diverging_colour(*r) : "#eceff3") +
                                       attr("class", is_flagged ? "cell flagged" : "cell"),
                                   tooltip);
  if (r && size >= 24) {
    out += html::svg_text(x + size / 2 - 0.75, y + size / 2 + 3.5, cell_correlation(*r),
                          attr("class", std::abs(*r) > 0.6 ? "cell-value light" : "cell-value"));
  }
  return out;
}

// The children of one aggregate against each other (lower triangle) and against it.
std::string heat_map(const IndexView& view, const Node& parent, const Pairs& pairs) {
  const std::size_t k = parent.children.size();
  const double size = k <= 8 ? 30 : std::max(14.0, 240.0 / static_cast<double>(k));
  constexpr double left = 150, top = 58;
  const double parent_x = left + static_cast<double>(k) * size + 8;
  const double width = parent_x + size + 24, height = top + static_cast<double>(k) * size + 4;
  std::string svg = html::svg_open(
      width, height, "Correlations of the components of " + parent.name,
      "Pearson correlation of each pair of components of " + parent.name + " and of each with " +
          parent.name + "; blue is positive, orange negative.",
      "heat-map");
  for (std::size_t i = 0; i < k; ++i) {
    const Node& a = view.nodes[parent.children[i]];
    const double y = top + static_cast<double>(i) * size;
    svg += html::svg_text(left - 6, y + size / 2 + 4, a.name.size() > 22 ? a.code : a.name,
                          " class=\"row-label\"");
    const double cx = left + (static_cast<double>(i) + 0.5) * size;
    svg += html::svg_text(
        cx, top - 6, a.code,
        " class=\"col-label\"" +
            attr("transform", fmt::format("rotate(-45 {:.1f} {:.1f})", cx, top - 6)));
    for (std::size_t j = 0; j < i; ++j) {
      svg += heat_map_cell(view, pairs, a.code, view.nodes[parent.children[j]].code,
                           left + static_cast<double>(j) * size, y, size);
    }
    svg += heat_map_cell(view, pairs, a.code, parent.code, parent_x, y, size);
  }
  const double px = parent_x + size / 2;
  svg +=
      html::svg_text(px, top - 6, parent.code,
                     " class=\"col-label parent\"" +
                         attr("transform", fmt::format("rotate(-45 {:.1f} {:.1f})", px, top - 6)));
  svg += html::svg_close();
  return "<figure class=\"heat-map-figure\"><figcaption>" + escape(parent.name) +
         " <span class=\"muted\">" + escape(view.level_name(parent.level)) +
         "</span></figcaption>" + svg + "</figure>";
}

templates::Data heat_maps(const IndexView& view, const YearView& year) {
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
  const Pairs pairs = correlation_pairs(view, year, drawn);
  std::string maps;
  for (std::size_t n : drawn) maps += heat_map(view, view.nodes[n], pairs);
  templates::List legend;
  for (double r : {-1.0, -0.5, 0.0, 0.5, 1.0}) {
    legend.emplace_back(templates::Object{{"colour", html::diverging_colour(r)},
                                          {"dark", std::abs(r) > 0.6},
                                          {"value", html::number(r, 1)}});
  }
  return templates::Object{{"legend", templates::list(legend)},
                           {"maps", maps},
                           {"too_wide", too_wide > 0 ? templates::Data(std::to_string(too_wide))
                                                     : templates::Data(false)},
                           {"one_too_wide", too_wide == 1},
                           {"not_drawn", not_drawn > 0 ? templates::Data(std::to_string(not_drawn))
                                                       : templates::Data(false)},
                           {"most_drawn", std::to_string(kMaxHeatMaps)}};
}

// ---- aggregates ----

std::string alpha_reading(std::optional<double> alpha) {
  if (!alpha) return "<span class=\"muted\">not computed</span>";
  if (*alpha >= kConsistentAlpha) return chip("info", "consistent", "alpha ≥ 0.7");
  if (*alpha >= 0)
    return chip("warn", "low consistency",
                "alpha under 0.7: the components measure different things");
  return chip("warn", "negative", "some components pull against the others");
}

templates::Data consistency_table(const IndexView& view, const YearView& year) {
  std::string body;
  std::size_t rows = 0;
  for (const Json& g : audit_list(year, "aggregates")) {
    if (++rows > kMaxTableRows) break;
    const std::string code = text_of(g, "code");
    const Node* node = view.node(code);
    const std::size_t k = node != nullptr ? node->children.size() : 0;
    const auto alpha = number_of(g, "cronbach_alpha");
    const auto share = number_of(g, "pca_first_share");
    std::string pca = std::string(html::kMissing);
    if (share) {
      pca = fmt::format(
          "<div class=\"sb\"><span class=\"v\">{}</span><span class=\"bar\"><span "
          "style=\"width:{:.1f}%\"></span></span></div>",
          html::percent(*share, 0), 100 * std::clamp(*share, 0.0, 1.0));
    }
    body +=
        "<tr>" + element("td", "", node_label(view, code)) +
        element("td", "", node != nullptr ? escape(view.level_name(node->level)) : "") +
        sort_cell(static_cast<double>(k), std::to_string(k)) +
        sort_cell(number_of(g, "complete_units"), html::number(number_of(g, "complete_units"), 0)) +
        sort_cell(alpha, html::number(alpha, 2)) + element("td", "", alpha_reading(alpha)) +
        sort_cell(share, pca, "score") +
        element("td", attr("class", "num muted"),
                k > 0 ? html::percent(1.0 / static_cast<double>(k), 0) : "—") +
        "</tr>";
  }
  return templates::Object{{"recorded", !body.empty()},
                           {"rows", body},
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
  data["kinds"] = templates::list(kinds);
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
  data["consistency"] = consistency_table(view, year);
  data["indicator_flags"] = indicator_flag_table(view, year, t);
  data["correlation_flags"] = correlation_flag_table(view, year, t);
  data["heat_maps"] = heat_maps(view, year);
  data["statistics"] = statistics_table(view, year);
  templates::render(out, "index_audit", data);
}

}  // namespace softpower::report::index_page
