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
  return templates::list(out);
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
  return templates::Object{{"year", std::to_string(year.year)}, {"units", templates::list(items)}};
}

// ---- how this index is built ----

// The method named `value` as flags for the template: one per known method, "other" for any
// other, and the name itself.
templates::Data choice(const std::string& value, std::initializer_list<const char*> known,
                       const std::string& method) {
  templates::Data out(templates::Object{{"method", method}});
  bool matched = false;
  for (const char* name : known) {
    out[name] = value == name;
    matched = matched || value == name;
  }
  out["other"] = !matched;
  return out;
}

templates::Data denominate_data(const IndexView& view) {
  templates::List items;
  for (std::size_t n : view.at_level(1)) {
    const Node& node = view.nodes[n];
    const std::string by = text_of(*node.entry, "denominator");
    if (by.empty()) continue;
    items.emplace_back(
        templates::Object{{"name", node.name}, {"by", by}, {"first", items.empty()}});
  }
  return templates::Object{{"divided", !items.empty()},
                           {"count", std::to_string(items.size())},
                           {"one", items.size() == 1},
                           {"items", templates::list(items)}};
}

templates::Data impute_data(const IndexView& view, const Json& step) {
  const std::string method = text_of(step, "method");
  templates::Data out = choice(
      method,
      {"none", "mean", "median", "group_mean", "group_median", "latest", "constant", "linear"},
      method);
  out["group"] = text_of(step, "group");
  const auto imputed = number_of(*view.latest().entry, "imputed_values");
  out["imputed"] = imputed ? templates::Data(html::plain(*imputed)) : templates::Data(false);
  out["year"] = std::to_string(view.latest().year);
  return out;
}

templates::Data screen_data(const IndexView& view, const Json& step) {
  const std::string by = text_of(step, "by");
  const auto threshold = number_of(step, "threshold");
  // "na" without a threshold says only what every screen does.
  templates::Data out = choice(by == "na" && !threshold ? std::string() : by,
                               {"na", "zeros", "na_and_zeros", "none"}, by);
  out["threshold"] = threshold ? html::percent(*threshold, 0) : std::string();
  std::string left_out;
  for (const Json& code : member(*view.latest().entry, "screened_out")) {
    if (code.is_string()) left_out += (left_out.empty() ? "" : ", ") + code.get<std::string>();
  }
  out["left_out"] = templates::optional(left_out);
  out["year"] = std::to_string(view.latest().year);
  // Units kept or dropped by a rule of the spec, with its reason (e.g. territories).
  for (const char* rule : {"force_in", "force_out"}) {
    std::string units;
    for (const Json& code : member(member(step, rule), "units"))
      if (code.is_string()) units += (units.empty() ? "" : ", ") + code.get<std::string>();
    if (units.empty()) {
      out[rule] = templates::Data(false);
      continue;
    }
    templates::Data forced;
    forced["units"] = units;
    forced["reason"] = templates::optional(text_of(member(step, rule), "reason"));
    out[rule] = std::move(forced);
  }
  return out;
}

templates::Data treat_data(const IndexView& view, const Json& step) {
  const std::string method = text_of(step, "method");
  templates::Data out = choice(method, {"winsorise", "none"}, method);
  out["skew"] = html::number(number_of(step, "skew"), 1);
  out["kurtosis"] = html::number(number_of(step, "kurtosis"), 1);
  out["winmax"] = html::number(number_of(step, "winmax"), 0);
  out["fallback"] = text_of(step, "fallback");
  std::size_t treated = 0;
  if (view.latest().audit != nullptr) {
    for (const Json& s : member(*view.latest().audit, "indicators"))
      treated += text_of(s, "treatment").empty() ? 0 : 1;
  }
  out["treated"] = std::to_string(treated);
  out["one"] = treated == 1;
  out["year"] = std::to_string(view.latest().year);
  return out;
}

templates::Data normalise_data(const Json& step) {
  const std::string method = text_of(step, "method");
  const Json& range = member(step, "range");
  const bool ranged =
      range.is_array() && range.size() == 2 && range[0].is_number() && range[1].is_number();
  // min-max without a range of two numbers is told as an unknown method.
  templates::Data out = choice(method == "minmax" && !ranged ? std::string() : method,
                               {"minmax", "zscore", "rank", "prank", "borda", "goalposts",
                                "dist2targ", "dist2max", "dist2ref", "fracmax", "refmax", "none"},
                               method);
  out["lo"] = ranged ? html::number(range[0].get<double>(), 0) : std::string();
  out["hi"] = ranged ? html::number(range[1].get<double>(), 0) : std::string();
  out["scale"] = html::number(number_of(step, "scale"), 0);
  out["ref_year"] = html::number(number_of(step, "ref_year"), 0);
  return out;
}

templates::Data aggregate_data(const Json& step) {
  const std::string method = text_of(step, "method");
  return choice(method,
                {"arithmetic", "geometric", "harmonic", "generalised", "copeland", "outranking"},
                method);
}

// The step's entry for templates/index_step.mustache: the data of its kind, false for the
// other kinds.
void add_step_data(templates::Data& item, const IndexView& view, const Json& step) {
  const std::string name = text_of(step, "step");
  item["denominate"] = name == "denominate" ? denominate_data(view) : templates::Data(false);
  item["impute"] = name == "impute" ? impute_data(view, step) : templates::Data(false);
  item["screen"] = name == "screen" ? screen_data(view, step) : templates::Data(false);
  item["treat"] = name == "treat" ? treat_data(view, step) : templates::Data(false);
  item["normalise"] = name == "normalise" ? normalise_data(step) : templates::Data(false);
  item["aggregate"] = name == "aggregate" ? aggregate_data(step) : templates::Data(false);
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
    templates::Data item(templates::Object{{"name", name},
                                           {"has_parameters", !parameters.empty()},
                                           {"parameters", templates::list(parameters)}});
    add_step_data(item, view, step);
    items.push_back(std::move(item));
  }
  return templates::list(items);
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
                          {"edition", text_of(d, "edition")},
                          {"origin", text_of(d, "origin")},
                          {"licence", text_of(d, "licence")},
                          {"files", templates::list(files)},
                          {"rows_read", html::number(number_of(d, "rows_read"), 0)},
                          {"unmapped", html::number(number_of(d, "unmapped_rows"), 0)}});
  }
  return templates::list(rows);
}

}  // namespace

}  // namespace index_page

void index_report_html(Sink& out, const nlohmann::json& results, const nlohmann::json& audit) {
  using namespace index_page;
  const IndexView view(results, audit);
  const Json& index = member(results, "index");
  const templates::Data method_steps = steps(view);
  const templates::Data datasets = sources(view);
  // The sections are written into the page where it places them, one after the other.
  templates::Slots slots;
  auto section = [&](auto write) { return slots.add([&view, write](Sink& o) { write(view, o); }); };
  const templates::Data data(
      templates::Object{{"years", years_text(view)},
                        {"name", text_of(index, "name")},
                        {"description", templates::optional(text_of(index, "description"))},
                        {"facts", facts(view)},
                        {"podium", podium(view)},
                        {"pillars", view.top_level() > 2 ? templates::Data(view.level_name(2))
                                                         : templates::Data(false)},
                        {"ranking_section", section(ranking_section)},
                        {"pillar_section", section(pillar_section)},
                        {"level_charts_section", section(level_charts_section)},
                        {"has_steps", !method_steps.list_value().empty()},
                        {"steps", method_steps},
                        {"turned", any_turned(view)},
                        {"has_sources", !datasets.list_value().empty()},
                        {"source_count", std::to_string(datasets.list_value().size())},
                        {"one_source", datasets.list_value().size() == 1},
                        {"sources", datasets},
                        {"framework_section", section(framework_section)},
                        {"audit_section", section(audit_section)},
                        {"version", text_of(index, "softpower_version")},
                        {"spec", text_of(index, "spec")}});
  templates::page(out, "index_report", text_of(index, "name") + " — index report", data, slots);
}

std::string index_report_html(const nlohmann::json& results, const nlohmann::json& audit) {
  Sink out;
  index_report_html(out, results, audit);
  return std::move(out.text);
}

}  // namespace softpower::report
