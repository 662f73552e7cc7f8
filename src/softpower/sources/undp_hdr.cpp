// UNDP Human Development Report 2021/22, composite indices time series: one row per country
// (ISO alpha-3) or HDR group (codes "ZZA.VHHD" ... "ZZK.WORLD"), four text columns, then one
// column per indicator and year named `<indicator>_<year>` (1,008 columns, CRLF).
// The text columns hdicode (development group) and region become unit groups.

#include <map>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "msh2481/CountryStats";
constexpr std::string_view kCommit = "cc230c8d0c72b7530a6ceee55d857233ed752684";
constexpr std::string_view kFile =
    "indicators/undp-hdr/HDR21-22_Composite_indices_complete_time_series.csv";

struct HdrIndicator {
  const char* code;
  const char* name;
  const char* unit;
};

// Names and units of the HDR 2021/22 composite indices and their components.
constexpr HdrIndicator kHdrIndicators[] = {
    {"hdi_rank", "HDI rank", "rank"},
    {"hdi", "Human Development Index", "index (0-1)"},
    {"le", "Life expectancy at birth", "years"},
    {"eys", "Expected years of schooling", "years"},
    {"mys", "Mean years of schooling", "years"},
    {"gnipc", "Gross national income per capita", "2017 PPP $"},
    {"gdi_group", "Gender Development Index group", "group (1-5)"},
    {"gdi", "Gender Development Index", "ratio (female/male HDI)"},
    {"hdi_f", "HDI, female", "index (0-1)"},
    {"le_f", "Life expectancy at birth, female", "years"},
    {"eys_f", "Expected years of schooling, female", "years"},
    {"mys_f", "Mean years of schooling, female", "years"},
    {"gni_pc_f", "GNI per capita, female", "2017 PPP $"},
    {"hdi_m", "HDI, male", "index (0-1)"},
    {"le_m", "Life expectancy at birth, male", "years"},
    {"eys_m", "Expected years of schooling, male", "years"},
    {"mys_m", "Mean years of schooling, male", "years"},
    {"gni_pc_m", "GNI per capita, male", "2017 PPP $"},
    {"ihdi", "Inequality-adjusted HDI", "index (0-1)"},
    {"coef_ineq", "Coefficient of human inequality", "%"},
    {"loss", "Overall loss from inequality (HDI to IHDI)", "%"},
    {"ineq_le", "Inequality in life expectancy", "%"},
    {"ineq_edu", "Inequality in education", "%"},
    {"ineq_inc", "Inequality in income", "%"},
    {"gii_rank", "Gender Inequality Index rank", "rank"},
    {"gii", "Gender Inequality Index", "index (0-1)"},
    {"mmr", "Maternal mortality ratio", "deaths per 100,000 live births"},
    {"abr", "Adolescent birth rate", "births per 1,000 women aged 15-19"},
    {"se_f", "Population with at least some secondary education, female", "% aged 25+"},
    {"se_m", "Population with at least some secondary education, male", "% aged 25+"},
    {"pr_f", "Share of seats in parliament, female", "%"},
    {"pr_m", "Share of seats in parliament, male", "%"},
    {"lfpr_f", "Labour force participation rate, female", "% aged 15+"},
    {"lfpr_m", "Labour force participation rate, male", "% aged 15+"},
    {"rankdiff_hdi_phdi", "Difference between HDI rank and PHDI rank", "ranks"},
    {"phdi", "Planetary pressures-adjusted HDI", "index (0-1)"},
    {"diff_hdi_phdi", "Difference from HDI value (PHDI)", "%"},
    {"co2_prod", "Carbon dioxide emissions per capita (production)", "tonnes"},
    {"mf", "Material footprint per capita", "tonnes"},
};

// "hdi_f_2010" -> ("hdi_f", 2010); nothing for the text columns.
std::optional<std::pair<std::string, int>> split_indicator_year(std::string_view header) {
  if (header.size() < 6 || header[header.size() - 5] != '_') return std::nullopt;
  const std::string_view year = header.substr(header.size() - 4);
  if (!std::all_of(year.begin(), year.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return std::nullopt;
  }
  return std::make_pair(std::string(header.substr(0, header.size() - 5)),
                        std::stoi(std::string(year)));
}

ReadResult read_hdr(const std::filesystem::path& data_dir) {
  ReadResult result;
  const Table t = open_source(data_dir, kFile, {}, result);
  const std::size_t iso3 = t.column("iso3");
  const std::size_t hdicode = t.column("hdicode");
  const std::size_t region = t.column("region");
  std::map<std::string, const HdrIndicator*> known;
  for (const HdrIndicator& indicator : kHdrIndicators) known[indicator.code] = &indicator;
  PanelCollector panel(result.unmapped);
  std::vector<std::tuple<std::size_t, std::string, int>> value_columns;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const auto split = split_indicator_year(t.header[c]);
    if (!split) continue;
    const auto it = known.find(split->first);
    if (it == known.end()) {
      throw Error(Location{t.source, 1, t.header[c]},
                  "HDR indicator '" + split->first + "' has no name and unit in undp_hdr.cpp");
    }
    value_columns.emplace_back(c, split->first, split->second);
  }
  for (const HdrIndicator& indicator : kHdrIndicators) {
    panel.describe({indicator.code, indicator.name, indicator.unit, std::string(kFile)});
  }
  UnitMapper mapper(result.unmapped);
  for (std::size_t r = 0; r < t.size(); ++r) {
    // HDR groups are coded "ZZ<letter>.<name>" ("ZZK.WORLD").
    const std::string_view code = trim(t.cell(r, iso3));
    if (code.starts_with("ZZ") && code.find('.') != std::string_view::npos) {
      mapper.report(t.where(r, iso3), code, unmapped::aggregate);
      continue;
    }
    const Country* unit = mapper.code(CodeSystem::iso3, code, t.where(r, iso3));
    if (unit == nullptr) continue;
    if (const std::string_view group = trim(t.cell(r, hdicode)); !group.empty()) {
      result.groups["hdicode"][unit->code] = std::string(group);
    }
    if (const std::string_view group = trim(t.cell(r, region)); !group.empty()) {
      result.groups["region"][unit->code] = std::string(group);
    }
    for (const auto& [c, indicator, year] : value_columns) {
      panel.set(*unit, indicator, year, t.number(r, c), t.where(r, c), code);
    }
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader undp_hdr_reader() {
  Reader r;
  r.id = "undp-hdr";
  r.edition = "Human Development Report 2021/22, composite indices time series 1990-2021";
  r.title = "Human development composite indices, 1990-2021 (UNDP HDR 2021/22)";
  r.path = std::string(kFile);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "none stated (UNDP HDR data)";
  r.producer_url = "https://hdr.undp.org/data-center/documentation-and-downloads";
  r.files = {{std::string(kFile),
              github_raw(kRepo, kCommit, "HDR21-22_Composite_indices_complete_time_series.csv"),
              ""}};
  r.read = read_hdr;
  return r;
}

}  // namespace softpower::sources
