#pragma once
// The years a panel's report.html holds once (templates/index_years.mustache), read back from
// the page for the tests of the index report.

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace softpower::testing {

/// The JSON of the page's <script id="ranking-years">, or null when it has none.
inline nlohmann::json held_years(const std::string& page) {
  const std::string open = "<script type=\"application/json\" id=\"ranking-years\">";
  const auto at = page.find(open);
  if (at == std::string::npos) return nullptr;
  const auto from = at + open.size();
  return nlohmann::json::parse(page.substr(from, page.find("</script>", from) - from));
}

/// The index rank of each unit of `year` in the held years (0 for a unit without one).
inline std::map<std::string, long> held_ranks(const nlohmann::json& years, int year) {
  std::map<std::string, long> out;
  const auto& list = years["years"];
  const auto t = static_cast<std::size_t>(std::find(list.begin(), list.end(), year) - list.begin());
  if (t >= list.size()) return out;
  for (std::size_t u = 0; u < years["units"].size(); ++u) {
    const nlohmann::json& r = years["ranks"][t][u];
    if (!r.is_null()) out[years["units"][u][0].get<std::string>()] = r.get<long>();
  }
  return out;
}

}  // namespace softpower::testing
