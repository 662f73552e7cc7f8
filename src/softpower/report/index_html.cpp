// report.html of an index build: the page, its header and "how this index is built". The
// other sections are in index_html_*.cpp; docs/report.md says how to read each of them.

#include "softpower/report/index_html.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace index_page {

namespace {

using html::attr;
using html::element;
using html::escape;

// The header counts the aggregates of each level below the index up to this many levels.
constexpr int kMaxLevelFacts = 6;

std::string years_text(const IndexView& view) {
  if (view.years.size() == 1) return std::to_string(view.latest().year);
  return fmt::format("{}–{}", view.years.front().year, view.latest().year);
}

templates::Data fact(std::string label, std::string value) {
  return templates::Object{
      {"label", std::move(label)}, {"value", std::move(value)}, {"time", false}};
}

// "2026-11-28T10:39:53Z" reads as "2026-11-28 10:39 UTC".
templates::Data generated_fact(const std::string& iso) {
  templates::Data out = fact("Generated", iso);
  if (iso.size() < 16 || iso[10] != 'T') return out;
  out["time"] = templates::Object{{"iso", iso},
                                  {"day", iso.substr(0, 10)},
                                  {"minute", iso.substr(11, 5)},
                                  {"utc", iso.back() == 'Z'}};
  return out;
}

templates::Data facts(const IndexView& view) {
  const Json& index = member(view.results, "index");
  templates::List out;
  out.push_back(fact(view.years.size() == 1 ? "Year" : "Years", years_text(view)));
  out.push_back(fact("Units ranked", std::to_string(view.latest().ranked(view.root_node().code))));
  out.push_back(fact("Indicators", std::to_string(view.indicator_count())));
  if (view.top_level() - 2 <= kMaxLevelFacts) {
    for (int level = view.top_level() - 1; level >= 2; --level) {
      out.push_back(fact(view.level_name(level), std::to_string(view.at_level(level).size())));
    }
  } else {
    // A deep framework: its depth and size instead of a fact per level.
    out.push_back(fact("Levels", std::to_string(view.top_level())));
    out.push_back(fact("Aggregates", std::to_string(view.nodes.size() - view.indicator_count())));
  }
  out.push_back(generated_fact(text_of(index, "generated")));
  out.push_back(fact("softpower", text_of(index, "softpower_version")));
  return templates::list(std::move(out));
}

templates::Data podium(const IndexView& view) {
  const YearView& year = view.latest();
  templates::List items;
  for (std::size_t i = 0; i < year.units.size() && i < 3; ++i) {
    const UnitResult& u = year.units[i];
    const auto score = u.score(view.root_node().code);
    if (!score) break;
    items.emplace_back(
        templates::Object{{"position", html::number(u.rank(view.root_node().code), 0)},
                          {"name", u.name},
                          {"score", html::number(*score, 2)}});
  }
  if (items.empty()) return templates::Data(false);
  return templates::Object{{"year", std::to_string(year.year)},
                           {"units", templates::list(std::move(items))}};
}

// ---- how this index is built ----

std::string denominate_text(const IndexView& view) {
  std::string list;
  std::size_t count = 0;
  for (std::size_t n : view.at_level(1)) {
    const Node& node = view.nodes[n];
    const std::string by = text_of(*node.entry, "denominator");
    if (by.empty()) continue;
    list += (count++ == 0 ? "" : "; ") + escape(node.name) + " by " + escape(by);
  }
  const std::string how =
      "Indicators measured as totals are divided by a denominator (x / (denominator / scale "
      "factor)), so that large and small units compare fairly.";
  if (count == 0) return how + " No indicator has a denominator.";
  return how +
         fmt::format(" <details><summary>{} indicator{} divided</summary><p>{}.</p></details>",
                     count, count == 1 ? " is" : "s are", list);
}

std::string impute_text(const IndexView& view, const Json& step) {
  const std::string method = text_of(step, "method");
  const std::string group = escape(text_of(step, "group"));
  std::string how =
      "A missing value is filled in by the <code>" + escape(method) + "</code> method.";
  if (method == "none")
    how = "Missing values stay missing; an aggregate uses the components that are present.";
  if (method == "mean") how = "A missing value is replaced by the indicator's mean over all units.";
  if (method == "median")
    how = "A missing value is replaced by the indicator's median over all units.";
  if (method == "group_mean")
    how = "A missing value is replaced by the indicator's mean over the units of the same group (" +
          group + ").";
  if (method == "group_median")
    how =
        "A missing value is replaced by the indicator's median over the units of the same group (" +
        group + ").";
  if (method == "latest") how = "A missing value is replaced by the unit's latest earlier value.";
  if (method == "constant") how = "A missing value is replaced by a constant.";
  if (method == "linear")
    how = "A missing value is interpolated linearly between the unit's values in other years.";
  const auto imputed = number_of(*view.latest().entry, "imputed_values");
  if (imputed)
    how += fmt::format(" {} values were filled in for {}.", *imputed, view.latest().year);
  return how;
}

std::string screen_text(const IndexView& view, const Json& step) {
  const std::string by = text_of(step, "by");
  const auto threshold = number_of(step, "threshold");
  std::string how = "Units with too little data are left out.";
  if (by == "na" && threshold) {
    how = "A unit is left out when fewer than " + html::percent(*threshold, 0) +
          " of its indicator values are present, so that no score rests mostly on guesses.";
  }
  if (by == "zeros") how = "A unit is left out when too many of its values are zero.";
  if (by == "na_and_zeros")
    how = "A unit is left out when too few of its values are present or too many are zero.";
  if (by == "none") how = "No unit is left out for lack of data.";
  std::string out;
  for (const Json& code : member(*view.latest().entry, "screened_out")) {
    if (code.is_string()) out += (out.empty() ? "" : ", ") + escape(code.get<std::string>());
  }
  return how + (out.empty() ? fmt::format(" No unit was left out in {}.", view.latest().year)
                            : fmt::format(" Left out in {}: {}.", view.latest().year, out));
}

std::string treat_text(const IndexView& view, const Json& step) {
  const std::string method = text_of(step, "method");
  const std::string skew = html::number(number_of(step, "skew"), 1);
  const std::string kurtosis = html::number(number_of(step, "kurtosis"), 1);
  std::string how = fmt::format(
      "An indicator with a few extreme values (|skewness| ≥ {} and kurtosis ≥ {}) is treated so "
      "that they do not dominate it",
      skew, kurtosis);
  if (method == "winsorise") {
    how += fmt::format(
        ": its most extreme value is pulled in to the next one, one at a time, up to {} values; "
        "if that is not enough, the original values are {}-transformed instead.",
        html::number(number_of(step, "winmax"), 0), escape(text_of(step, "fallback")));
  } else if (method == "none") {
    how = "Extreme values are left as they are.";
  } else {
    how += ": it is " + escape(method) + "-transformed.";
  }
  std::size_t treated = 0;
  if (view.latest().audit != nullptr) {
    for (const Json& s : member(*view.latest().audit, "indicators"))
      treated += text_of(s, "treatment").empty() ? 0 : 1;
  }
  return how + fmt::format(" {} indicator{} treated in {} (see the audit).", treated,
                           treated == 1 ? " was" : "s were", view.latest().year);
}

std::string normalise_text(const Json& step) {
  const std::string method = text_of(step, "method");
  const Json& range = member(step, "range");
  if (method == "minmax" && range.is_array() && range.size() == 2 && range[0].is_number() &&
      range[1].is_number()) {
    return fmt::format(
        "Each indicator is rescaled so that the lowest unit scores {} and the highest {}: scores "
        "are positions between the worst and the best unit, not absolute levels.",
        html::number(range[0].get<double>(), 0), html::number(range[1].get<double>(), 0));
  }
  if (method == "zscore")
    return "Each indicator is standardised to mean 0 and standard deviation 1.";
  if (method == "rank") return "Each indicator is replaced by the units' ranks.";
  if (method == "prank") return "Each indicator is replaced by percentile ranks.";
  if (method == "borda")
    return "Each indicator is replaced by Borda scores (the number of units below).";
  if (method == "goalposts") return "Each indicator is scaled between fixed goalposts.";
  if (method == "dist2targ") return "Each indicator is measured as the distance to a target.";
  if (method == "dist2max") return "Each indicator is measured as the distance to the best unit.";
  if (method == "dist2ref") return "Each indicator is measured relative to a reference unit.";
  if (method == "fracmax") return "Each indicator is divided by its maximum.";
  if (method == "refmax") {
    return fmt::format(
        "Each indicator is scaled as x × {} / its maximum in {}, so that years compare.",
        html::number(number_of(step, "scale"), 0), html::number(number_of(step, "ref_year"), 0));
  }
  if (method == "none") return "Indicators are used on their own scales.";
  return "Indicators are normalised by the <code>" + escape(method) + "</code> method.";
}

std::string aggregate_text(const Json& step) {
  const std::string method = text_of(step, "method");
  std::string how =
      "Each aggregate combines its components by the <code>" + escape(method) + "</code> method";
  if (method == "arithmetic")
    how =
        "Each aggregate is the weighted arithmetic mean of its components: a strength in one can "
        "make up for a weakness in another";
  if (method == "geometric")
    how =
        "Each aggregate is the weighted geometric mean of its components: a weak component pulls "
        "it down more than an average would";
  if (method == "harmonic")
    how =
        "Each aggregate is the weighted harmonic mean of its components, which lets a strength "
        "make up even less for a weakness than a geometric mean";
  if (method == "generalised")
    how = "Each aggregate is a weighted generalised (power) mean of its components";
  if (method == "copeland")
    how =
        "Each aggregate counts, for every pair of units, in how many components one beats the "
        "other (Copeland)";
  if (method == "outranking")
    how =
        "Each aggregate sums, for every pair of units, the weights of the components in which one "
        "beats the other (outranking)";
  return how +
         ", from the indicators up to the index, with the weights shown under Framework and "
         "weights. Rank 1 is best.";
}

std::string step_text(const IndexView& view, const Json& step) {
  const std::string name = text_of(step, "step");
  if (name == "denominate") return denominate_text(view);
  if (name == "impute") return impute_text(view, step);
  if (name == "screen") return screen_text(view, step);
  if (name == "treat") return treat_text(view, step);
  if (name == "normalise") return normalise_text(step);
  if (name == "aggregate") return aggregate_text(step);
  return "";
}

templates::Data steps(const IndexView& view) {
  templates::List items;
  for (const Json& step : member(view.results, "method")) {
    std::string name = text_of(step, "step");
    if (!name.empty())
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    templates::List parameters;
    for (const auto& [key, value] : step.items()) {
      if (key != "step")
        parameters.emplace_back(templates::Object{{"key", key}, {"value", value.dump()}});
    }
    items.emplace_back(templates::Object{{"name", name},
                                         {"text", step_text(view, step)},
                                         {"has_parameters", !parameters.empty()},
                                         {"parameters", templates::list(std::move(parameters))}});
  }
  return templates::list(std::move(items));
}

bool any_turned(const IndexView& view) {
  for (std::size_t n : view.at_level(1)) {
    if (number_of(*view.nodes[n].entry, "direction").value_or(1) < 0) return true;
  }
  return false;
}

templates::Data sources(const IndexView& view) {
  const Json& datasets = member(view.results, "datasets");
  templates::List rows;
  for (const Json& d : datasets.is_array() ? datasets : Json::array()) {
    templates::List files;
    for (const Json& f : member(d, "files")) {
      if (f.is_string()) {
        files.emplace_back(
            templates::Object{{"file", f.get<std::string>()}, {"first", files.empty()}});
      }
    }
    rows.emplace_back(
        templates::Object{{"title", text_of(d, "title")},
                          {"id", text_of(d, "id")},
                          {"origin", text_of(d, "origin")},
                          {"licence", text_of(d, "licence")},
                          {"files", templates::list(std::move(files))},
                          {"rows_read", html::number(number_of(d, "rows_read"), 0)},
                          {"unmapped", html::number(number_of(d, "unmapped_rows"), 0)}});
  }
  return templates::list(std::move(rows));
}

}  // namespace

}  // namespace index_page

std::string index_report_html(const nlohmann::json& results, const nlohmann::json& audit) {
  using namespace index_page;
  const IndexView view(results, audit);
  const Json& index = member(results, "index");
  const templates::Data method_steps = steps(view);
  const templates::Data datasets = sources(view);
  templates::Data data(
      templates::Object{{"years", years_text(view)},
                        {"name", text_of(index, "name")},
                        {"description", templates::optional(text_of(index, "description"))},
                        {"facts", facts(view)},
                        {"podium", podium(view)},
                        {"pillars", view.top_level() > 2 ? templates::Data(view.level_name(2))
                                                         : templates::Data(false)},
                        {"ranking_section", ranking_section(view)},
                        {"pillar_section", pillar_section(view)},
                        {"level_charts_section", level_charts_section(view)},
                        {"has_steps", !method_steps.list_value().empty()},
                        {"steps", method_steps},
                        {"turned", any_turned(view)},
                        {"has_sources", !datasets.list_value().empty()},
                        {"sources", datasets},
                        {"framework_section", framework_section(view)},
                        {"audit_section", audit_section(view)},
                        {"version", text_of(index, "softpower_version")},
                        {"spec", text_of(index, "spec")}});
  return templates::page("index_report", text_of(index, "name") + " — index report", data);
}

}  // namespace softpower::report
