// The ranking table (one per year, with rank changes, trends and unit profiles) and the
// pillar heat strip of report.html.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

using html::attr;
using html::Column;
using html::element;
using html::escape;

// The aggregates the ranking shows beside the index: the level just below it, when the page
// shows that level (kMaxShownAggregates).
const std::vector<std::size_t>& main_components(const IndexView& view) {
  static const std::vector<std::size_t> none;
  if (view.top_level() <= 2 || !view.shown(view.top_level() - 1)) return none;
  return view.at_level(view.top_level() - 1);
}

// "EurAsia_group" reads as "EurAsia group".
std::string group_label(std::string attribute) {
  std::replace(attribute.begin(), attribute.end(), '_', ' ');
  return attribute;
}

// A level name inside a sentence: "Pillar" reads as "pillar", an acronym ("SDG") stays.
std::string in_sentence(std::string name) {
  if (name.size() > 1 && std::isupper(static_cast<unsigned char>(name[0])) &&
      !std::isupper(static_cast<unsigned char>(name[1])))
    name[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(name[0])));
  return name;
}

std::string sort_key(std::optional<double> v) {
  return v ? html::plain(*v) : "";
}

std::string score_cell(std::optional<double> score, const html::Domain& domain,
                       std::string_view css_class) {
  return element("td", attr("class", css_class) + attr("data-sort", sort_key(score)),
                 score_with_bar(score, domain));
}

// Places gained (positive) or lost since the previous year; "new" for a unit not ranked then.
std::string change_cell(const IndexView& view, const YearView& year, const UnitResult& unit) {
  const YearView* before = view.previous(year);
  const std::string& root = view.root_node().code;
  const auto now = unit.rank(root);
  const UnitResult* then = before != nullptr ? before->find(unit.code) : nullptr;
  const auto was = then != nullptr ? then->rank(root) : std::nullopt;
  if (!now) return element("td", attr("class", "num") + attr("data-sort", ""), "—");
  if (!was) {
    return element("td", attr("class", "num") + attr("data-sort", ""),
                   "<span class=\"chip\" title=\"not ranked in the previous year\">new</span>");
  }
  const double gained = *was - *now;
  const std::string since = before != nullptr ? std::to_string(before->year) : "";
  std::string shown = "<span class=\"same\" title=\"same rank as in " + since + "\">=</span>";
  if (gained > 0) {
    shown = fmt::format("<span class=\"up\" title=\"up {0} since {1}\">▲ {0}</span>",
                        html::number(gained, 0), since);
  } else if (gained < 0) {
    shown = fmt::format("<span class=\"down\" title=\"down {0} since {1}\">▼ {0}</span>",
                        html::number(-gained, 0), since);
  }
  return element("td", attr("class", "num change") + attr("data-sort", html::plain(gained)), shown);
}

// The rank in the index over every year on one scale for all units (rank 1 at the top, the
// most units any year ranked at the bottom): ranks compare across units and years whatever
// the normalisation, and scores stay in the text alternative.
std::string trend_sparkline(const IndexView& view, const UnitResult& unit, const YearView& shown,
                            std::size_t most_ranked) {
  constexpr double width = 112, height = 28, pad = 4;
  const std::string& root = view.root_node().code;
  const double first = view.years.front().year, last = view.years.back().year;
  const html::Domain ranks{1, static_cast<double>(std::max<std::size_t>(most_ranked, 2))};
  std::vector<double> x;
  std::vector<std::optional<double>> y;
  std::string tooltip = unit.name + ", " + view.root_node().name + " rank (score):";
  std::string marker;
  for (const YearView& year : view.years) {
    const double px =
        pad + (last > first ? (year.year - first) / (last - first) : 0.5) * (width - 2 * pad);
    const UnitResult* u = year.find(unit.code);
    const auto rank = u != nullptr ? u->rank(root) : std::nullopt;
    x.push_back(px);
    y.push_back(rank ? std::optional<double>(pad + ranks.share(*rank) * (height - 2 * pad))
                     : std::nullopt);
    tooltip += fmt::format(" {} {} ({});", year.year, html::number(rank, 0),
                           html::number(u != nullptr ? u->score(root) : std::nullopt, 2));
    if (&year == &shown && y.back())
      marker = html::svg_circle(px, *y.back(), 2.6, " class=\"now\"");
  }
  tooltip.pop_back();
  return html::svg_open(width, height, tooltip, "", "spark") +
         html::svg_polyline(x, y, " class=\"trend\"") + marker + html::svg_close();
}

std::size_t most_ranked(const IndexView& view) {
  std::size_t most = 0;
  for (const YearView& year : view.years) most = std::max(most, year.ranked(view.root_node().code));
  return most;
}

// How many ranked units each group of each attribute holds, for "3 of 30 in Europe".
using GroupSizes = std::map<std::string, std::map<std::string, std::size_t>>;

GroupSizes group_sizes(const IndexView& view, const YearView& year) {
  GroupSizes sizes;
  for (const std::string& attribute : view.group_attributes()) {
    for (const UnitResult& u : year.units) {
      const Json& g = member(member(*u.entry, "group_ranks"), attribute);
      if (number_of(g, "rank")) ++sizes[attribute][text_of(g, "group")];
    }
  }
  return sizes;
}

std::size_t group_size(const GroupSizes& sizes, const std::string& attribute,
                       const std::string& group) {
  auto a = sizes.find(attribute);
  if (a == sizes.end()) return 0;
  auto g = a->second.find(group);
  return g == a->second.end() ? 0 : g->second;
}

std::string group_cell(const UnitResult& unit, const std::string& attribute,
                       const GroupSizes& sizes) {
  const Json& g = member(member(*unit.entry, "group_ranks"), attribute);
  const std::string group = text_of(g, "group");
  const auto rank = number_of(g, "rank");
  const std::string tooltip =
      rank ? fmt::format("{} of {} in {} ({})", html::number(*rank, 0),
                         group_size(sizes, attribute, group), group, group_label(attribute))
           : "no rank in " + group_label(attribute);
  return element(
      "td", attr("class", "num group") + attr("data-sort", sort_key(rank)) + attr("title", tooltip),
      "<span class=\"grp\">" + escape(group) + "</span> " + html::number(rank, 0));
}

templates::Data indicator_list(const IndexView& view, const YearView& year, const UnitResult& unit,
                               std::string_view key) {
  templates::List items;
  for (const Json& code : unit.entry->value(std::string(key), Json::array())) {
    if (!code.is_string()) continue;
    const std::string c = code.get<std::string>();
    items.emplace_back(templates::Object{{"name", view.name_of(c)},
                                         {"rank", rank_of(unit.rank(c), year.ranked(c))},
                                         {"score", html::number(unit.score(c), 2)}});
  }
  return templates::Object{{"any", !items.empty()}, {"items", templates::list(items)}};
}

std::string profile_scores(const IndexView& view, const YearView& year, const UnitResult& unit) {
  std::string rows;
  for (std::size_t n : view.tree_order()) {
    const Node& node = view.nodes[n];
    if (node.level < 2 || !view.shown(node.level)) continue;
    const int depth = view.top_level() - node.level;
    rows += fmt::format(
        "<tr><th scope=\"row\" style=\"padding-left:{}px\">{}</th><td class=\"num\">{}</td>"
        "<td class=\"barcell\">{}</td><td class=\"num muted\">{}</td></tr>",
        indent(depth, 6, 14), escape(node.name), html::number(unit.score(node.code), 2),
        unit.score(node.code)
            ? fmt::format("<span class=\"bar\"><span style=\"width:{:.1f}%\"></span></span>",
                          100 * view.score_domain(node.level).share(*unit.score(node.code)))
            : "",
        rank_of(unit.rank(node.code), year.ranked(node.code)));
  }
  if (view.aggregates_not_shown() > 0) {
    rows += fmt::format(
        "<tr><td colspan=\"4\" class=\"muted\">{} aggregates of deeper levels: see results.json "
        "and datasets/Aggregated.csv</td></tr>",
        view.aggregates_not_shown());
  }
  return "<table class=\"mini\"><caption>Scores and ranks</caption><tbody>" + rows +
         "</tbody></table>";
}

templates::Data profile_groups(const IndexView& view, const UnitResult& unit,
                               const GroupSizes& sizes) {
  templates::List items;
  for (const std::string& attribute : view.group_attributes()) {
    const Json& g = member(member(*unit.entry, "group_ranks"), attribute);
    const std::string group = text_of(g, "group");
    items.emplace_back(templates::Object{
        {"attribute", group_label(attribute)},
        {"group", group},
        {"rank", rank_of(number_of(g, "rank"), group_size(sizes, attribute, group))}});
  }
  return templates::list(items);
}

std::string unit_profile(const IndexView& view, const YearView& year, const UnitResult& unit,
                         const GroupSizes& sizes) {
  const templates::Data groups = profile_groups(view, unit, sizes);
  const templates::Data data(
      templates::Object{{"scores", profile_scores(view, year, unit)},
                        {"strengths", indicator_list(view, year, unit, "strengths")},
                        {"weaknesses", indicator_list(view, year, unit, "weaknesses")},
                        {"any_group", !groups.list_value().empty()},
                        {"groups", groups}});
  return templates::render("index_profile", data);
}

std::vector<Column> ranking_columns(const IndexView& view, const YearView& year) {
  std::vector<Column> columns = {{"Rank", "", true, "asc", "ascending", "rank 1 is best", "rank"}};
  if (const YearView* before = view.previous(year)) {
    columns.push_back(
        {"Change", "", true, "desc", "", "places gained since " + std::to_string(before->year)});
  }
  columns.push_back({"Unit", "", false, "asc"});
  columns.push_back({view.root_node().name, "", false, "desc", "", "", "score-col"});
  if (view.years.size() > 1) {
    columns.push_back({"Rank trend", "", false, "", "", "rank in every year of the build"});
  }
  for (std::size_t n : main_components(view)) {
    columns.push_back({view.nodes[n].name, view.level_name(view.top_level() - 1), false, "desc", "",
                       view.nodes[n].code, "score-col"});
  }
  for (const std::string& attribute : view.group_attributes()) {
    columns.push_back({group_label(attribute), "Rank within group", true, "asc"});
  }
  return columns;
}

// What every row of one year's ranking table shares, worked out once per table.
struct RankingTable {
  const YearView& year;
  GroupSizes sizes;
  std::size_t most_ranked;
};

std::string ranking_row(const IndexView& view, const RankingTable& table, const UnitResult& unit,
                        const std::string& profile_id) {
  const YearView& year = table.year;
  const std::string& root = view.root_node().code;
  std::string row =
      element("td", attr("class", "num rank") + attr("data-sort", sort_key(unit.rank(root))),
              html::number(unit.rank(root), 0));
  if (view.previous(year) != nullptr) row += change_cell(view, year, unit);
  std::string name = unit_label(unit);
  if (!profile_id.empty()) {
    name = "<button type=\"button\" class=\"expand\"" + attr("data-expand", profile_id) +
           attr("aria-controls", profile_id) + " aria-expanded=\"false\">" + escape(unit.name) +
           "</button>" +
           (unit.code != unit.name ? " <span class=\"code\">" + escape(unit.code) + "</span>" : "");
  }
  row += element("td", attr("class", "unit") + attr("data-sort", unit.name), name);
  row += score_cell(unit.score(root), view.score_domain(view.top_level()), "score index");
  if (view.years.size() > 1) {
    row +=
        element("td", attr("class", "trend"), trend_sparkline(view, unit, year, table.most_ranked));
  }
  for (std::size_t n : main_components(view)) {
    row += score_cell(unit.score(view.nodes[n].code), view.score_domain(view.top_level() - 1),
                      "score");
  }
  for (const std::string& attribute : view.group_attributes()) {
    row += group_cell(unit, attribute, table.sizes);
  }
  return "<tr class=\"unit mark\"" + attr("data-key", unit.code) +
         attr("data-search", unit.name + " " + unit.code) + ">" + row + "</tr>";
}

// Profiles are written for the latest year only: they are the largest part of the page.
templates::Data ranking_table(const IndexView& view, const YearView& year) {
  const bool profiles = &year == &view.latest();
  const std::vector<Column> columns = ranking_columns(view, year);
  const html::Domain domain = view.score_domain(view.top_level());
  const RankingTable table{year, group_sizes(view, year), most_ranked(view)};
  std::string body;
  for (std::size_t i = 0; i < year.units.size(); ++i) {
    const std::string id = profiles ? fmt::format("profile-{}-{}", year.year, i) : "";
    body += ranking_row(view, table, year.units[i], id);
    if (profiles) {
      body += "<tr class=\"detail\"" + attr("id", id) + " hidden><td" +
              attr("colspan", std::to_string(columns.size())) + ">" +
              unit_profile(view, year, year.units[i], table.sizes) + "</td></tr>";
    }
  }
  return templates::Object{{"year", std::to_string(year.year)},
                           {"latest", profiles},
                           {"ranked", std::to_string(year.ranked(view.root_node().code))},
                           {"lo", html::number(domain.lo, 0)},
                           {"hi", html::number(domain.hi, 0)},
                           {"head", html::table_head(columns)},
                           {"rows", body}};
}

std::string heat_cell(std::optional<double> score, const html::Domain& domain,
                      const std::string& tooltip) {
  if (!score) {
    return element(
        "td", attr("class", "heat missing") + attr("data-sort", "") + attr("title", tooltip), "—");
  }
  const double t = domain.share(*score);
  const std::string style =
      "background:" + html::sequential_colour(t) + (html::dark_background(t) ? ";color:#fff" : "");
  return element("td",
                 attr("class", "heat") + attr("style", style) +
                     attr("data-sort", html::plain(*score)) + attr("title", tooltip),
                 html::number(*score, 1));
}

std::string heat_legend(const html::Domain& domain) {
  std::string swatches;
  for (double v : html::ticks(domain, 5)) {
    const double t = domain.share(v);
    swatches += fmt::format("<span style=\"background:{}{}\">{}</span>", html::sequential_colour(t),
                            html::dark_background(t) ? ";color:#fff" : "", html::number(v, 0));
  }
  return "<div class=\"legend\" aria-hidden=\"true\">Score " + swatches + "</div>";
}

}  // namespace

std::string unit_label(const UnitResult& unit) {
  std::string out = escape(unit.name);
  if (unit.code != unit.name) out += " <span class=\"code\">" + escape(unit.code) + "</span>";
  return out;
}

std::string score_with_bar(std::optional<double> score, const html::Domain& domain) {
  if (!score) return "<div class=\"sb\"><span class=\"v\">—</span><span></span></div>";
  return fmt::format(
      "<div class=\"sb\"><span class=\"v\">{}</span><span class=\"bar\"><span "
      "style=\"width:{:.1f}%\"></span></span></div>",
      html::number(*score, 2), 100 * domain.share(*score));
}

std::string rank_of(std::optional<double> rank, std::size_t of) {
  if (!rank) return std::string(html::kMissing);
  return html::number(*rank, 0) + " of " + std::to_string(of);
}

int indent(int depth, int base, int step) {
  return base + step * std::clamp(depth, 0, kMaxIndent);
}

templates::Data rows_left_out(std::size_t total, std::string_view what, std::string_view where) {
  if (total <= kMaxTableRows) return templates::Data(false);
  return templates::Object{{"shown", std::to_string(kMaxTableRows)},
                           {"total", std::to_string(total)},
                           {"what", std::string(what)},
                           {"where", std::string(where)}};
}

void ranking_section(const IndexView& view, Sink& out) {
  templates::List years, newest_first;
  for (const YearView& year : view.years) years.push_back(ranking_table(view, year));
  for (auto y = view.years.rbegin(); y != view.years.rend(); ++y) {
    newest_first.emplace_back(
        templates::Object{{"year", std::to_string(y->year)}, {"latest", &*y == &view.latest()}});
  }
  const templates::Data data(templates::Object{{"several_years", view.years.size() > 1},
                                               {"index", view.root_node().name},
                                               {"years", templates::list(years)},
                                               {"newest_first", templates::list(newest_first)}});
  templates::render(out, "index_ranking", data);
}

void pillar_section(const IndexView& view, Sink& out) {
  if (view.top_level() <= 2) return;
  const std::string level = view.level_name(2);
  templates::Data data(
      templates::Object{{"level", level},
                        {"shown", view.shown(2)},
                        {"count", std::to_string(view.at_level(2).size())},
                        {"aggregates", std::to_string(view.nodes.size() - view.indicator_count())},
                        {"most_shown", std::to_string(kMaxShownAggregates)}});
  if (!view.shown(2)) {
    templates::render(out, "index_pillars", data);
    return;
  }
  const YearView& year = view.latest();
  const std::vector<std::size_t>& pillars = view.at_level(2);
  const html::Domain domain = view.score_domain(2);
  const bool banded = view.top_level() > 3;
  std::vector<Column> columns = {{"Rank", "", true, "asc", "ascending"},
                                 {"Unit", "", false, "asc"}};
  for (std::size_t n : pillars) {
    const Node& p = view.nodes[n];
    columns.push_back(
        {p.name, banded ? view.name_of(p.parent) : "", true, "desc", "", p.code, "pillar"});
  }
  templates::List units;
  for (const UnitResult& unit : year.units) {
    const auto rank = unit.rank(view.root_node().code);
    std::string cells;
    for (std::size_t n : pillars) {
      const Node& p = view.nodes[n];
      cells += heat_cell(unit.score(p.code), domain,
                         fmt::format("{} — {}: {} (rank {})", unit.name, p.name,
                                     html::number(unit.score(p.code), 2),
                                     rank_of(unit.rank(p.code), year.ranked(p.code))));
    }
    units.emplace_back(templates::Object{{"code", unit.code},
                                         {"name", unit.name},
                                         {"rank_sort", sort_key(rank)},
                                         {"rank", html::number(rank, 0)},
                                         {"label", unit_label(unit)},
                                         {"cells", cells}});
  }
  data["level_in_sentence"] = in_sentence(level);
  data["legend"] = heat_legend(domain);
  data["year"] = std::to_string(year.year);
  data["lo"] = html::number(domain.lo, 0);
  data["hi"] = html::number(domain.hi, 0);
  data["head"] = html::table_head(columns);
  data["units"] = templates::list(units);
  templates::render(out, "index_pillars", data);
}

}  // namespace softpower::report::index_page
