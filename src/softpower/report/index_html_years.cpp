// The years of a panel in report.html: every year's index rank and the scores of the index and
// of the ranking's components, held once as compact arrays (templates/index_years.mustache),
// from which the page's script ranks the units of any year, draws the rank trend in the
// ranking and the trends in each profile. Only the latest year is written out in full.

#include <fmt/format.h>

#include <cmath>
#include <set>

#include "softpower/report/index_html_parts.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report::index_page {

namespace {

// A score in hundredths (the ranking shows two decimals), or null.
Json hundredths(std::optional<double> score) {
  if (!score || !std::isfinite(*score)) return nullptr;
  return std::llround(*score * 100);
}

// The units of every year: the latest year's in its ranking order, then those of earlier
// years not in it, newest year first.
std::vector<std::pair<std::string, std::string>> panel_units(const IndexView& view) {
  std::vector<std::pair<std::string, std::string>> units;
  std::set<std::string, std::less<>> seen;
  for (auto y = view.years.rbegin(); y != view.years.rend(); ++y) {
    for (const UnitResult& u : y->units) {
      if (seen.insert(u.code).second) units.emplace_back(u.code, u.name);
    }
  }
  return units;
}

Json domain_json(const html::Domain& d) {
  return Json::array({d.lo, d.hi});
}

}  // namespace

std::size_t most_ranked(const IndexView& view) {
  std::size_t most = 0;
  for (const YearView& year : view.years) most = std::max(most, year.ranked(view.root_node().code));
  return most;
}

Json years_data(const IndexView& view) {
  const auto units = panel_units(view);
  const std::string& root = view.root_node().code;
  std::vector<std::size_t> columns = {view.root};
  for (std::size_t n : main_components(view)) columns.push_back(n);

  Json years = Json::array(), ranks = Json::array(), scores = Json::array();
  Json column_list = Json::array(), domains = Json::array();
  for (std::size_t n : columns) {
    column_list.push_back(Json::array({view.nodes[n].code, view.nodes[n].name}));
    domains.push_back(domain_json(view.score_domain(view.nodes[n].level)));
    scores.push_back(Json::array());
  }
  for (const YearView& year : view.years) {
    years.push_back(year.year);
    // A rank; 0 for a unit of the year without one; null for a unit not in the year.
    Json year_ranks = Json::array();
    std::vector<Json> year_scores(columns.size(), Json::array());
    for (const auto& [code, name] : units) {
      const UnitResult* u = year.find(code);
      year_ranks.push_back(u == nullptr ? Json(nullptr)
                                        : Json(std::llround(u->rank(root).value_or(0))));
      for (std::size_t c = 0; c < columns.size(); ++c) {
        year_scores[c].push_back(
            hundredths(u != nullptr ? u->score(view.nodes[columns[c]].code) : std::nullopt));
      }
    }
    ranks.push_back(std::move(year_ranks));
    for (std::size_t c = 0; c < columns.size(); ++c) scores[c].push_back(std::move(year_scores[c]));
  }
  // Ranks within each group, per year, and each unit's group.
  Json groups = Json::array();
  for (const std::string& attribute : view.group_attributes()) {
    Json of = Json::array(), group_ranks = Json::array();
    for (const auto& [code, name] : units) {
      std::string group;
      for (auto y = view.years.rbegin(); y != view.years.rend() && group.empty(); ++y) {
        if (const UnitResult* u = y->find(code))
          group = text_of(member(member(*u->entry, "group_ranks"), attribute), "group");
      }
      of.push_back(group);
    }
    for (const YearView& year : view.years) {
      Json r = Json::array();
      for (const auto& [code, name] : units) {
        const UnitResult* u = year.find(code);
        const auto rank =
            u != nullptr ? number_of(member(member(*u->entry, "group_ranks"), attribute), "rank")
                         : std::nullopt;
        r.push_back(rank ? Json(std::llround(*rank)) : Json(nullptr));
      }
      group_ranks.push_back(std::move(r));
    }
    groups.push_back({{"attribute", group_label(attribute)}, {"of", of}, {"ranks", group_ranks}});
  }
  Json unit_list = Json::array();
  for (const auto& [code, name] : units) unit_list.push_back(Json::array({code, name}));
  return {{"years", std::move(years)},         {"latest", view.latest().year},
          {"index", view.root_node().name},    {"most_ranked", most_ranked(view)},
          {"columns", std::move(column_list)}, {"domains", std::move(domains)},
          {"units", std::move(unit_list)},     {"ranks", std::move(ranks)},
          {"scores", std::move(scores)},       {"groups", std::move(groups)}};
}

std::string years_script(const IndexView& view) {
  // JSON inside a script element: no "<" may open "</script>" or a comment.
  std::string text = years_data(view).dump();
  std::string safe;
  safe.reserve(text.size());
  for (char c : text) {
    if (c == '<') {
      safe += "\\u003c";
    } else {
      safe += c;
    }
  }
  return templates::render("index_years", templates::Object{{"data", safe}});
}

}  // namespace softpower::report::index_page
