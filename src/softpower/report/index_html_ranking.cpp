// The ranking table of the latest year (with rank changes, unit profiles and, for a panel,
// the rank trends and the other years drawn by the page's script from index_html_years) and
// the pillar heat strip of report.html.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

using html::Column;

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

// A score and its bar for templates/index_score_bar.mustache, with its sort key.
templates::Data score_data(std::optional<double> score, const html::Domain& domain) {
  templates::Data bar(false);
  if (score) {
    bar = templates::Object{{"value", html::number(*score, 2)},
                            {"width", fmt::format("{:.1f}", 100 * domain.share(*score))}};
  }
  return templates::Object{{"sort", sort_key(score)}, {"score", bar}};
}

// Places gained (positive) or lost since the previous year; "new" for a unit not ranked then
// (the change of templates/index_ranking_row.mustache).
templates::Data change_data(const IndexView& view, const YearView& year, const UnitResult& unit) {
  const YearView* before = view.previous(year);
  const std::string& root = view.root_node().code;
  const auto now = unit.rank(root);
  const UnitResult* then = before != nullptr ? before->find(unit.code) : nullptr;
  const auto was = then != nullptr ? then->rank(root) : std::nullopt;
  const double gained = now && was ? *was - *now : 0;
  return templates::Object{{"none", !now},
                           {"new", now && !was},
                           {"moved", now && was},
                           {"sort", html::plain(gained)},
                           {"same", gained == 0},
                           {"up", gained > 0},
                           {"down", gained < 0},
                           {"places", html::number(std::abs(gained), 0)},
                           {"since", before != nullptr ? std::to_string(before->year) : ""}};
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

templates::Data group_data(const UnitResult& unit, const std::string& attribute,
                           const GroupSizes& sizes) {
  const Json& g = member(member(*unit.entry, "group_ranks"), attribute);
  const std::string group = text_of(g, "group");
  const auto rank = number_of(g, "rank");
  return templates::Object{{"sort", sort_key(rank)},
                           {"ranked", rank.has_value()},
                           {"rank", html::number(rank, 0)},
                           {"size", std::to_string(group_size(sizes, attribute, group))},
                           {"group", group},
                           {"attribute", group_label(attribute)}};
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
  return templates::Object{{"any", !items.empty()}, {"items", templates::list(std::move(items))}};
}

// What the unit's results rest on beyond observed values (results.json "coverage"), for the
// profile: imputed indicators (how, from which year), missing ones, aggregates scored below or
// left without a score for want of coverage. False when every value was observed.
templates::Data profile_coverage(const IndexView& view, const UnitResult& unit) {
  const Json& cov = member(*unit.entry, "coverage");
  if (!cov.is_object()) return false;
  auto names = [&](const char* key, auto describe) {
    templates::List items;
    const Json list = cov.value(key, Json::array());
    for (std::size_t k = 0; k < list.size(); ++k) {
      const Json& e = list[k];
      const std::string code = e.is_string() ? e.get<std::string>() : text_of(e, "code");
      items.emplace_back(templates::Object{
          {"name", view.name_of(code)}, {"how", describe(e)}, {"last", k + 1 == list.size()}});
    }
    const bool any = !items.empty();
    return templates::Object{{"any", any}, {"items", templates::list(std::move(items))}};
  };
  auto share = [](const Json& e) {
    return html::percent(number_of(e, "coverage").value_or(0), 0) + " of its components, under " +
           html::percent(number_of(e, "min_coverage").value_or(0), 0);
  };
  auto imputed = [&](const Json& e) {
    const std::string by = text_of(e, "by");
    if (e.contains("coverage")) return share(e) + ": the rest filled with the " + by;
    const auto from = number_of(e, "from"), to = number_of(e, "to");
    if (!from) return by;
    std::string years = html::number(from, 0);
    if (to && *to != *from) years += "–" + html::number(to, 0);
    return by + ", " + years;
  };
  return templates::Object{{"imputed", names("imputed", imputed)},
                           {"missing", names("missing", [](const Json&) { return std::string(); })},
                           {"not_scored", names("not_scored", share)}};
}

templates::Data profile_scores(const IndexView& view, const YearView& year,
                               const UnitResult& unit) {
  templates::List rows;
  for (std::size_t n : view.tree_order()) {
    const Node& node = view.nodes[n];
    if (node.level < 2 || !view.shown(node.level)) continue;
    const auto score = unit.score(node.code);
    rows.emplace_back(templates::Object{
        {"indent", std::to_string(indent(view.top_level() - node.level, 6, 14))},
        {"name", node.name},
        {"score", html::number(score, 2)},
        {"bar", score ? templates::Data(fmt::format(
                            "{:.1f}", 100 * view.score_domain(node.level).share(*score)))
                      : templates::Data(false)},
        {"rank", rank_of(unit.rank(node.code), year.ranked(node.code))}});
  }
  return templates::list(std::move(rows));
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
  return templates::list(std::move(items));
}

// The values of templates/index_profile.mustache for a unit.
templates::Data unit_profile(const IndexView& view, const YearView& year, const UnitResult& unit,
                             const GroupSizes& sizes, std::size_t columns) {
  const templates::Data groups = profile_groups(view, unit, sizes);
  templates::Data out = templates::Object{
      {"columns", std::to_string(columns)},
      {"not_shown", view.aggregates_not_shown() > 0
                        ? templates::Data(std::to_string(view.aggregates_not_shown()))
                        : templates::Data(false)},
      {"strengths", indicator_list(view, year, unit, "strengths")},
      {"weaknesses", indicator_list(view, year, unit, "weaknesses")},
      {"coverage", profile_coverage(view, unit)},
      {"any_group", !groups.list_value().empty()},
      {"groups", groups},
      {"trends", view.years.size() > 1 ? templates::Data(templates::Object{
                                             {"code", unit.code},
                                             {"first", std::to_string(view.years.front().year)},
                                             {"last", std::to_string(view.latest().year)}})
                                       : templates::Data(false)}};
  out["scores"] = profile_scores(view, year, unit);  // moved in, not copied
  return out;
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
};

// A unit's row of templates/index_ranking_row.mustache; `profile_id` "" for no profile.
templates::Data ranking_row(const IndexView& view, const RankingTable& table,
                            const UnitResult& unit, const std::string& profile_id,
                            std::size_t columns) {
  const YearView& year = table.year;
  const std::string& root = view.root_node().code;
  templates::List components, groups;
  for (std::size_t n : main_components(view)) {
    components.push_back(
        score_data(unit.score(view.nodes[n].code), view.score_domain(view.top_level() - 1)));
  }
  for (const std::string& attribute : view.group_attributes())
    groups.push_back(group_data(unit, attribute, table.sizes));
  const bool profile = !profile_id.empty();
  templates::Data out = templates::Object{
      {"code", unit.code},
      {"name", unit.name},
      {"show_code", unit.code != unit.name},
      {"rank_sort", sort_key(unit.rank(root))},
      {"rank", html::number(unit.rank(root), 0)},
      {"change",
       view.previous(year) != nullptr ? change_data(view, year, unit) : templates::Data(false)},
      {"profile", profile ? templates::Data(profile_id) : templates::Data(false)},
      {"index", score_data(unit.score(root), view.score_domain(view.top_level()))}};
  // Lists moved in (a list in the object above would be copied whole, twice).
  out["components"] = templates::list(std::move(components));
  out["groups"] = templates::list(std::move(groups));
  // A panel's trend is drawn by the page's script from the years held once.
  out["trend"] = view.years.size() > 1;
  out["detail"] =
      profile ? unit_profile(view, year, unit, table.sizes, columns) : templates::Data(false);
  return out;
}

// Profiles are written for the latest year only: they are the largest part of the page.
templates::Data ranking_table(const IndexView& view, const YearView& year,
                              templates::Slots& slots) {
  const bool profiles = &year == &view.latest();
  const std::vector<Column> columns = ranking_columns(view, year);
  const html::Domain domain = view.score_domain(view.top_level());
  // The rows are written into the page one by one as it reaches them (a template slot).
  const templates::Data rows =
      slots.add([&view, &year, profiles, count = columns.size()](Sink& out) {
        const RankingTable table{year, group_sizes(view, year)};
        for (std::size_t i = 0; i < year.units.size(); ++i) {
          const std::string id = profiles ? fmt::format("profile-{}-{}", year.year, i) : "";
          templates::render(out, "index_ranking_row",
                            ranking_row(view, table, year.units[i], id, count));
        }
      });
  return templates::Object{{"year", std::to_string(year.year)},
                           {"latest", profiles},
                           {"ranked", std::to_string(year.ranked(view.root_node().code))},
                           {"lo", html::number(domain.lo, 0)},
                           {"hi", html::number(domain.hi, 0)},
                           {"head", html::table_head(columns)},
                           {"rows", rows}};
}

// A cell of the heat strip (templates/index_pillar_row.mustache).
templates::Data heat_cell(std::optional<double> score, const html::Domain& domain,
                          const std::string& pillar, std::string rank) {
  const double t = score ? domain.share(*score) : 0;
  return templates::Object{{"missing", !score},
                           {"colour", score ? html::sequential_colour(t) : std::string()},
                           {"dark", score && html::dark_background(t)},
                           {"sort", sort_key(score)},
                           {"value", html::number(score, 1)},
                           {"pillar", pillar},
                           {"score", html::number(score, 2)},
                           {"rank", std::move(rank)}};
}

templates::Data heat_legend(const html::Domain& domain) {
  templates::List swatches;
  for (double v : html::ticks(domain, 5)) {
    const double t = domain.share(v);
    swatches.emplace_back(templates::Object{{"colour", html::sequential_colour(t)},
                                            {"dark", html::dark_background(t)},
                                            {"value", html::number(v, 0)}});
  }
  return templates::list(std::move(swatches));
}

}  // namespace

const std::vector<std::size_t>& main_components(const IndexView& view) {
  static const std::vector<std::size_t> none;
  if (view.top_level() <= 2 || !view.shown(view.top_level() - 1)) return none;
  return view.at_level(view.top_level() - 1);
}

std::string group_label(std::string attribute) {
  std::replace(attribute.begin(), attribute.end(), '_', ' ');
  return attribute;
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
  templates::Slots slots;
  // A panel writes out its latest year only; the page's script ranks the others from the
  // years held once (years_script).
  templates::List years, newest_first;
  if (view.years.size() > 1) {
    years.push_back(ranking_table(view, view.latest(), slots));
  } else {
    for (const YearView& year : view.years) years.push_back(ranking_table(view, year, slots));
  }
  for (auto y = view.years.rbegin(); y != view.years.rend(); ++y) {
    newest_first.emplace_back(
        templates::Object{{"year", std::to_string(y->year)}, {"latest", &*y == &view.latest()}});
  }
  templates::Data data(
      templates::Object{{"several_years", view.years.size() > 1},
                        {"index", view.root_node().name},
                        {"years", templates::list(std::move(years))},
                        {"newest_first", templates::list(std::move(newest_first))}});
  data["years_script"] = view.years.size() > 1 ? slots.add([&view](Sink& o) {
    o.text += years_script(view);
    o.part_done();
  })
                                               : templates::Data(std::string());
  templates::render(out, "index_ranking", data, slots);
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
  // The rows are written into the page one by one as it reaches them (a template slot).
  templates::Slots slots;
  data["units"] = slots.add([&view, &year, &pillars, domain](Sink& o) {
    for (const UnitResult& unit : year.units) {
      const auto rank = unit.rank(view.root_node().code);
      templates::List cells;
      for (std::size_t n : pillars) {
        const Node& p = view.nodes[n];
        cells.push_back(heat_cell(unit.score(p.code), domain, p.name,
                                  rank_of(unit.rank(p.code), year.ranked(p.code))));
      }
      templates::render(o, "index_pillar_row",
                        templates::Object{{"code", unit.code},
                                          {"name", unit.name},
                                          {"show_code", unit.code != unit.name},
                                          {"rank_sort", sort_key(rank)},
                                          {"rank", html::number(rank, 0)},
                                          {"cells", templates::list(std::move(cells))}});
    }
  });
  data["level_in_sentence"] = in_sentence(level);
  data["legend"] = heat_legend(domain);
  data["year"] = std::to_string(year.year);
  data["lo"] = html::number(domain.lo, 0);
  data["hi"] = html::number(domain.hi, 0);
  data["head"] = html::table_head(columns);
  templates::render(out, "index_pillars", data, slots);
}

}  // namespace softpower::report::index_page
