// report.html of an index build: the page, its header and "how this index is built". The
// other sections are in index_html_*.cpp; docs/report.md says how to read each of them.

#include "softpower/report/index_html.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "softpower/report/index_html_parts.hpp"

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

std::string fact(std::string_view label, std::string_view value_html) {
  return "<div><dt>" + escape(label) + "</dt><dd>" + std::string(value_html) + "</dd></div>";
}

// "2026-11-28T10:39:53Z" reads as "2026-11-28 10:39 UTC".
std::string readable_time(const std::string& iso) {
  if (iso.size() < 16 || iso[10] != 'T') return escape(iso);
  return "<time" + attr("datetime", iso) + ">" + escape(iso.substr(0, 10)) + " " +
         escape(iso.substr(11, 5)) + (iso.back() == 'Z' ? " UTC" : "") + "</time>";
}

std::string podium(const IndexView& view) {
  const YearView& year = view.latest();
  std::string items;
  for (std::size_t i = 0; i < year.units.size() && i < 3; ++i) {
    const UnitResult& u = year.units[i];
    const auto score = u.score(view.root_node().code);
    if (!score) break;
    items += fmt::format("<li><span class=\"pos\">{}</span> <strong>{}</strong> {}</li>",
                         html::number(u.rank(view.root_node().code), 0), escape(u.name),
                         html::number(*score, 2));
  }
  if (items.empty()) return "";
  return "<div class=\"podium\"><span>Top of the " + std::to_string(year.year) +
         " ranking</span><ol>" + items + "</ol></div>";
}

std::string facts(const IndexView& view) {
  const Json& index = member(view.results, "index");
  std::string out = fact(view.years.size() == 1 ? "Year" : "Years", years_text(view));
  out += fact("Units ranked", std::to_string(view.latest().ranked(view.root_node().code)));
  out += fact("Indicators", std::to_string(view.indicator_count()));
  if (view.top_level() - 2 <= kMaxLevelFacts) {
    for (int level = view.top_level() - 1; level >= 2; --level) {
      out += fact(view.level_name(level), std::to_string(view.at_level(level).size()));
    }
  } else {
    // A deep framework: its depth and size instead of a fact per level.
    out += fact("Levels", std::to_string(view.top_level()));
    out += fact("Aggregates", std::to_string(view.nodes.size() - view.indicator_count()));
  }
  out += fact("Generated", readable_time(text_of(index, "generated")));
  out += fact("softpower", escape(text_of(index, "softpower_version")));
  return "<dl class=\"facts\">" + out + "</dl>";
}

std::string navigation(const IndexView& view) {
  std::string links = "<a href=\"#ranking\">Ranking</a>";
  if (view.top_level() > 2)
    links += "<a href=\"#pillars\">" + escape(view.level_name(2)) + " scores</a>";
  links +=
      "<a href=\"#levels\">Every level</a><a href=\"#method\">How it is built</a>"
      "<a href=\"#framework\">Framework and weights</a><a href=\"#audit\">Audit</a>";
  return "<nav aria-label=\"Sections\"><div class=\"inner\">" + links + "</div></nav>";
}

// ---- how this index is built ----

std::string parameters(const Json& step) {
  std::string out;
  for (const auto& [key, value] : step.items()) {
    if (key == "step") continue;
    out += "<code>" + escape(key) + " = " + escape(value.dump()) + "</code> ";
  }
  return out.empty() ? "" : "<span class=\"params\">" + out + "</span>";
}

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

std::string direction_note(const IndexView& view) {
  for (std::size_t n : view.at_level(1)) {
    if (number_of(*view.nodes[n].entry, "direction").value_or(1) < 0)
      return "<p>Indicators where a lower value is better are turned round first, so that a "
             "higher score is always better.</p>";
  }
  return "";
}

std::string steps_list(const IndexView& view) {
  std::string items;
  for (const Json& step : member(view.results, "method")) {
    std::string name = text_of(step, "step");
    if (!name.empty())
      name[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(name[0])));
    items += "<li><strong>" + escape(name) + ".</strong> " + step_text(view, step) +
             parameters(step) + "</li>";
  }
  if (items.empty()) return "<p>The method was not recorded in results.json.</p>";
  return "<ol class=\"steps\">" + items + "</ol>";
}

std::string sources_table(const IndexView& view) {
  const Json& datasets = member(view.results, "datasets");
  std::string body;
  for (const Json& d : datasets.is_array() ? datasets : Json::array()) {
    std::string files;
    for (const Json& f : member(d, "files")) {
      if (f.is_string()) files += (files.empty() ? "" : "<br>") + escape(f.get<std::string>());
    }
    // Origins are shown as text, not links: the page makes no request of its own.
    body += "<tr>" +
            element("td", "",
                    "<strong>" + escape(text_of(d, "title")) + "</strong> <span class=\"code\">" +
                        escape(text_of(d, "id")) + "</span>") +
            element("td", attr("class", "origin"), escape(text_of(d, "origin"))) +
            element("td", "", escape(text_of(d, "licence"))) +
            element("td", attr("class", "small"), files) +
            element("td", attr("class", "num"), html::number(number_of(d, "rows_read"), 0)) +
            element("td", attr("class", "num"), html::number(number_of(d, "unmapped_rows"), 0)) +
            "</tr>";
  }
  if (body.empty()) {
    return "<p class=\"muted\">No data provenance was recorded for this build; each indicator's "
           "source is listed under Framework and weights.</p>";
  }
  const std::vector<html::Column> columns = {{"Dataset"},
                                             {"Origin"},
                                             {"Licence"},
                                             {"Files read"},
                                             {"Rows read", "", true},
                                             {"Rows not matched to a unit", "", true}};
  return "<div class=\"scroll\"><table class=\"sources\"><caption>The data this build read, "
         "where it comes from and under which licence.</caption>" +
         html::table_head(columns) + "<tbody>" + body + "</tbody></table></div>";
}

std::string header_html(const IndexView& view) {
  const Json& index = member(view.results, "index");
  const std::string description = text_of(index, "description");
  return "<header class=\"masthead\"><div class=\"inner\"><p class=\"kicker\">Composite index · " +
         years_text(view) + "</p><h1>" + escape(text_of(index, "name")) + "</h1>" +
         (description.empty() ? "" : "<p class=\"lead\">" + escape(description) + "</p>") +
         facts(view) + podium(view) + "</div></header>" + navigation(view);
}

std::string footer_html(const IndexView& view) {
  const Json& index = member(view.results, "index");
  return "<footer><div class=\"inner\">Built by softpower " +
         escape(text_of(index, "softpower_version")) + " from the spec <code>" +
         escape(text_of(index, "spec")) +
         "</code>. Every number on this page is in results.json and audit.json beside it; the "
         "tables after each step are in datasets/.</div></footer>";
}

constexpr std::string_view kStyle = R"css(
.inner,main{max-width:1280px;margin:0 auto;padding:0 28px}
.masthead{background:#14263c;color:#fff;padding:34px 0 26px}
.kicker{text-transform:uppercase;letter-spacing:.09em;font-size:12px;color:#a9c1db;margin:0 0 8px}
.masthead h1{font-size:32px;font-weight:700;letter-spacing:-.01em}
.masthead .lead{color:#d7e2ee;font-size:16px;margin:8px 0 0}
.facts{display:flex;flex-wrap:wrap;margin:22px 0 0;padding:0}
.facts div{padding:2px 24px 2px 0;margin:0 24px 8px 0;border-right:1px solid rgba(255,255,255,.2)}
.facts div:last-child{border-right:0}
.facts dt{font-size:11px;text-transform:uppercase;letter-spacing:.06em;color:#a9c1db}
.facts dd{margin:0;font-size:19px;font-weight:600;font-variant-numeric:tabular-nums}
.podium{display:flex;flex-wrap:wrap;align-items:baseline;gap:6px 18px;margin-top:14px;font-size:14px;color:#d7e2ee}
.podium ol{display:flex;flex-wrap:wrap;gap:6px 22px;margin:0;padding:0;list-style:none}
.podium strong{color:#fff}
.podium .pos{display:inline-block;min-width:1.6em;text-align:center;border-radius:9px;background:rgba(255,255,255,.16);font-size:12px}
nav{position:sticky;top:0;z-index:5;background:rgba(255,255,255,.97);border-bottom:1px solid var(--line)}
nav .inner{display:flex;gap:24px;overflow-x:auto;white-space:nowrap}
nav a{display:block;padding:10px 0 8px;color:var(--ink);text-decoration:none;font-size:14px;font-weight:600;border-bottom:2px solid transparent}
nav a:hover,nav a:focus-visible{border-bottom-color:var(--accent)}
section{scroll-margin-top:48px}
.code{font:11px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;color:var(--muted);letter-spacing:.02em}
.small{font-size:12px}
.sb{display:flex;align-items:center;gap:8px;min-width:118px}
.sb .v{min-width:3.4em;text-align:right;font-variant-numeric:tabular-nums}
.sb .bar{flex:1;min-width:36px}
th.score-col{min-width:120px}
table.ranking td.index .sb{min-width:190px}
table.ranking td.index .v{font-weight:650}
table.ranking td.index .bar{height:9px}
table.ranking td.index .bar>span{background:var(--accent-dark)}
td.rank{font-weight:650;width:3.2em}
td.unit{white-space:nowrap}
td.unit button.expand{font-weight:550;color:var(--ink);text-align:left}
td.unit button.expand::before{color:var(--accent)}
.change .up{color:#1f5b9e}.change .down{color:#a9500f}.change .same{color:var(--muted)}
td.group{white-space:nowrap}
td.group .grp{font-size:11px;color:var(--muted);margin-right:3px}
td.trend{padding-top:2px;padding-bottom:2px}
svg.spark{width:112px;height:28px}
svg.spark .trend{fill:none;stroke:var(--accent);stroke-width:1.6;stroke-linejoin:round}
svg.spark .now{fill:var(--accent-dark)}
tr.unit.hl{background:#fff1e3}
tr.detail>td{background:#f7f9fc;padding:14px 16px 18px;border-bottom:2px solid var(--line)}
.profile{display:grid;grid-template-columns:minmax(400px,1.3fr) minmax(300px,1.2fr) minmax(200px,.8fr);gap:28px}
table.mini{width:100%}
table.mini caption{font-size:13px;font-weight:650;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);padding-bottom:4px}
table.mini th,table.mini td{border:0;padding:2px 6px;font-size:13px}
table.mini th{font-weight:500}
table.mini td.barcell{width:34%}
table.mini td.num{white-space:nowrap}
ol.sw{margin:0 0 14px;padding-left:22px;font-size:13px}
ol.sw li{margin:2px 0}
ul.groups{margin:0;padding-left:18px;font-size:13px}
thead th.band{text-align:center;color:var(--ink);border-bottom:1px solid var(--line);font-weight:650}
table.heatstrip{width:auto}
table.heatstrip th.pillar{white-space:normal;width:92px;min-width:92px;max-width:92px;padding:4px;
text-align:center;line-height:1.25;text-transform:none;letter-spacing:0;font-size:11.5px;color:var(--ink)}
table.heatstrip td.heat{text-align:center;font-size:12.5px;border:1px solid #fff;padding:4px 6px}
table.heatstrip td.heat.missing{background:#f1f3f5;color:var(--muted)}
.legend{display:flex;align-items:center;font-size:12px;color:var(--muted);margin:8px 0 12px}
.legend span{display:inline-block;min-width:46px;text-align:center;padding:2px 4px;color:var(--ink)}
.legend span:first-of-type{margin-left:8px}
figure{margin:0}
figure.chart{margin:26px 0 8px}
figure.chart figcaption{font-size:16px;margin-bottom:4px}
svg.level-chart{width:100%}
.level-chart .tick{font-size:11px;fill:var(--muted);text-anchor:middle}
.level-chart .grid{stroke:#edf0f4}
.level-chart .axis-line{stroke:#c8d0d9}
.level-chart .row-rule{stroke:var(--line)}
.level-chart .row-name{font-size:13px;font-weight:650;fill:var(--ink)}
.level-chart .row-note{font-size:11px;fill:var(--muted)}
.level-chart .dot{fill:var(--accent);fill-opacity:.55;stroke:#fff;stroke-width:.8}
.level-chart .dot.top{fill:var(--accent-dark);fill-opacity:1}
.level-chart .dot.hl{fill:var(--hl);fill-opacity:1;stroke:#1c2633;stroke-width:1.2}
.level-chart .median line{stroke:#1c2633;stroke-dasharray:3 3;stroke-width:1.1}
.level-chart .leader{stroke:#98a3af;stroke-width:.8}
.level-chart .top-label{font-size:11px;font-weight:650;text-anchor:middle;fill:var(--accent-dark)}
ol.steps{padding-left:22px;margin:8px 0 18px}
ol.steps li{margin:0 0 10px;max-width:92ch}
.params{display:block;margin-top:3px}
.params code{margin-right:4px}
table.sources td.origin{word-break:break-all;font-size:13px}
table.tree tr.agg td{background:#f5f7fa}
table.tree tr.agg td.node{color:var(--ink)}
table.tree td.eff .sb{min-width:170px}
table.tree td.source{font-size:13px}
table.tree tr.ind td{font-size:14px}
ul.summary{margin:8px 0 18px;padding-left:20px}
ul.summary li{margin:3px 0}
td.flags{white-space:normal;min-width:220px}
ol.steps details{display:inline}
ol.steps details summary{display:inline;font-weight:400;color:var(--accent)}
ol.steps details p{margin:4px 0 0;font-size:13px;color:var(--muted)}
.heat-maps{display:flex;flex-wrap:wrap;gap:18px 36px;margin:8px 0 18px}
.heat-map-figure figcaption{font-size:13px;font-weight:650}
svg.heat-map .row-label{font-size:11px;text-anchor:end;fill:var(--ink)}
svg.heat-map .col-label{font-size:10.5px;fill:var(--muted)}
svg.heat-map .col-label.parent{font-weight:700;fill:var(--ink)}
svg.heat-map .cell.flagged{stroke:#1c2633;stroke-width:1.8}
svg.heat-map .cell-value{font-size:9.5px;text-anchor:middle;fill:var(--ink);pointer-events:none}
svg.heat-map .cell-value.light{fill:#fff}
details{margin:14px 0}
details summary{cursor:pointer;font-weight:600}
footer{border-top:1px solid var(--line);margin-top:64px;padding:18px 0 40px;color:var(--muted);font-size:13px}
@media (max-width:900px){.profile{grid-template-columns:1fr}.inner,main{padding:0 14px}}
@media print{
  .masthead{background:none;color:var(--ink);padding:0 0 12px}
  .masthead .lead,.kicker,.facts dt,.podium{color:var(--muted)}
  .facts div{border-color:var(--line)}
  .podium strong{color:var(--ink)}
  .inner,main{max-width:none;padding:0}
  .sb,table.ranking td.index .sb,table.tree td.eff .sb,th.score-col{min-width:0}
  th,td{padding:3px 5px}
}
)css";

}  // namespace

}  // namespace index_page

std::string index_report_html(const nlohmann::json& results, const nlohmann::json& audit) {
  using namespace index_page;
  const IndexView view(results, audit);
  std::string body = header_html(view) + "<main>";
  body += ranking_section(view) + pillar_section(view) + level_charts_section(view);
  body +=
      "<section id=\"method\"><h2>How this index is built</h2><p>Every year's data goes "
      "through these steps, in this order. The parameters are the spec's own.</p>" +
      steps_list(view) + direction_note(view) + "<h3>Data sources</h3>" + sources_table(view) +
      "</section>";
  body += framework_section(view) + audit_section(view) + "</main>" + footer_html(view);
  return html::document(
      {text_of(member(results, "index"), "name") + " — index report", std::string(kStyle), body});
}

}  // namespace softpower::report
