// V-Dem: six indices from the demspaces project's outcome file (1968-2023, keyed by
// Gleditsch-Ward code and V-Dem's country_text_id) and the electoral democracy index
// v2x_polyarchy from a CountryStats extract (1789-2022, keyed by country_text_id, which that
// file calls iso3).
//
// Both files go into one panel, so a polity-year must map to the same unit in both. V-Dem
// follows a polity across regime changes under one text id (DEU is the German Reich, West
// Germany and Germany; RUS the Russian Empire, the USSR and Russia), while the registry keys
// the state of the year (XWG West Germany 1949-1990, SUN the USSR). The Gleditsch-Ward code
// names the state of the year, so every row is mapped through one:
//   1. the GW code demspaces gives the text id in that year (1968-2023);
//   2. before 1968, the GW code demspaces gives the text id in its first year (RUS 365, so
//      RUS 1950 is the USSR; DEU 260, so DEU 1950 is West Germany and DEU 1930 Germany);
//   3. for the polities demspaces does not list, the GW code of V-Dem's own id (Baden BDN 267,
//      the Two Sicilies TWS 329, Zanzibar ZZB 511, ...);
// and the row's year picks the state. A text id with no GW state that year is looked up as an
// ISO alpha-3 code in that year (SRB 1900 is Serbia, HKG is Hong Kong); what is left is
// reported: V-Dem ids for polities the registry does not hold (Brunswick BRW, Hamburg HRG,
// Gaza PSG, Somaliland SML, ...) as unknown codes, and colonial years before a state's
// validity (CZE before 1918) as not a state in that year.
//
// V-Dem's VDR is the Republic of Vietnam (South), while ISO 3166-3 VDR is the Democratic
// Republic of Vietnam (North): GW 817 keeps it apart.

#include <map>
#include <vector>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kDemspacesRepo = "vdeminstitute/demspaces";
constexpr std::string_view kDemspacesCommit = "1012a66d590d2315c292f2ec745f168abbf84d05";
constexpr std::string_view kCountryStatsRepo = "msh2481/CountryStats";
constexpr std::string_view kCountryStatsCommit = "3553b249c14c035fb2f05132bee9a59d5bf696f4";
constexpr std::string_view kIndicesFile = "indicators/vdem/dv_data_1968_on.csv";
constexpr std::string_view kPolyarchyFile = "indicators/vdem/dem.csv";

// V-Dem's own ids for the German and Italian states before unification, Zanzibar and South
// Vietnam, with their Gleditsch-Ward numbers (Gleditsch and Ward 1999; equal to the COW
// numbers for these states).
constexpr std::pair<std::string_view, int> kVdemOwnIds[] = {
    {"HVR", 240}, {"BVR", 245}, {"BDN", 267}, {"SAX", 269}, {"WRG", 271},
    {"HKS", 273}, {"HDM", 275}, {"MCL", 280}, {"PPS", 327}, {"TWS", 329},
    {"MDN", 332}, {"PRM", 335}, {"TSC", 337}, {"ZZB", 511}, {"VDR", 817},
};

// The Gleditsch-Ward code of a V-Dem polity in a year, from demspaces' own assignment.
class PolityCodes {
 public:
  void add(const std::string& text_id, int year, const std::string& gwcode) {
    by_id_[text_id][year] = gwcode;
  }
  std::string gw_code(std::string_view text_id, int year) const {
    const auto id = by_id_.find(std::string(text_id));
    if (id != by_id_.end()) {
      const auto exact = id->second.find(year);
      if (exact != id->second.end()) return exact->second;
      if (year < id->second.begin()->first) return id->second.begin()->second;
    }
    for (const auto& [own, code] : kVdemOwnIds) {
      if (own == text_id) return std::to_string(code);
    }
    return "";
  }

 private:
  std::map<std::string, std::map<int, std::string>> by_id_;
};

const Country* map_polity(UnitMapper& mapper, const PolityCodes& codes, std::string_view text_id,
                          int year, const Location& where) {
  const CountryRegistry& registry = mapper.registry();
  const std::string_view id = trim(text_id);
  const std::string gw = codes.gw_code(id, year);
  if (!gw.empty()) {
    if (const Country* state = registry.find(CodeSystem::gleditsch_ward, gw, year)) return state;
  }
  if (const Country* state = registry.find(CodeSystem::iso3, id, year)) return state;
  const bool known = (!gw.empty() && registry.find(CodeSystem::gleditsch_ward, gw) != nullptr) ||
                     registry.find(CodeSystem::iso3, id) != nullptr;
  mapper.report(where, id, known ? unmapped::not_valid_in_year : unmapped::unknown_code);
  return nullptr;
}

struct VdemIndex {
  const char* code;
  const char* name;
};

// The six demspaces outcomes, V-Dem v13 names; all run from 0 to 1.
constexpr VdemIndex kIndices[] = {
    {"v2x_veracc_osp", "Vertical accountability index"},
    {"v2xcs_ccsi", "Core civil society index"},
    {"v2xcl_rol", "Equality before the law and individual liberty index (rule of law)"},
    {"v2x_freexp_altinf", "Freedom of expression and alternative sources of information index"},
    {"v2x_horacc_osp", "Horizontal accountability index"},
    {"v2x_pubcorr", "Public sector corruption index"},
};

void read_indices(const Table& t, PolityCodes& codes, UnitMapper& mapper, PanelCollector& panel) {
  const std::size_t gwcode = t.column("gwcode");
  const std::size_t text_id = t.column("country_text_id");
  const std::size_t year_col = t.column("year");
  for (std::size_t r = 0; r < t.size(); ++r) {
    codes.add(std::string(trim(t.cell(r, text_id))), year_cell(t, r, year_col),
              std::string(trim(t.cell(r, gwcode))));
  }
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = year_cell(t, r, year_col);
    const Country* unit = map_polity(mapper, codes, t.cell(r, text_id), year, t.where(r, gwcode));
    if (unit == nullptr) continue;
    for (const VdemIndex& index : kIndices) {
      const std::size_t c = t.column(index.code);
      panel.set(*unit, index.code, year, t.number(r, c), t.where(r, gwcode), t.cell(r, gwcode));
    }
  }
}

void read_polyarchy(const Table& t, const PolityCodes& codes, UnitMapper& mapper,
                    PanelCollector& panel) {
  const std::size_t text_id = t.column("iso3");
  const std::size_t year_col = t.column("year");
  const std::size_t value = t.column("democracy");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = year_cell(t, r, year_col);
    const Country* unit = map_polity(mapper, codes, t.cell(r, text_id), year, t.where(r, text_id));
    if (unit == nullptr) continue;
    panel.set(*unit, "v2x_polyarchy", year, t.number(r, value), t.where(r, text_id),
              t.cell(r, text_id));
  }
}

ReadResult read_vdem(const std::filesystem::path& data_dir) {
  ReadResult result;
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  for (const VdemIndex& index : kIndices) {
    panel.describe({index.code, std::string(index.name) + " (V-Dem)", "index (0-1)",
                    std::string(kIndicesFile)});
  }
  panel.describe({"v2x_polyarchy", "Electoral democracy index (V-Dem)", "index (0-1)",
                  std::string(kPolyarchyFile)});
  PolityCodes codes;
  read_indices(open_source(data_dir, kIndicesFile, {}, result), codes, mapper, panel);
  read_polyarchy(open_source(data_dir, kPolyarchyFile, {}, result), codes, mapper, panel);
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader vdem_reader() {
  Reader r;
  r.id = "vdem";
  r.edition =
      "V-Dem v14: six indices 1968-2023, via vdeminstitute/demspaces (its v14 update, commit "
      "fce120b of 2026-01-21); V-Dem Core v13: electoral democracy 1789-2022, via "
      "msh2481/CountryStats (its README names v13)";
  r.title = "V-Dem democracy indices: six demspaces outcomes 1968-2023, polyarchy 1789-2022";
  r.path = "indicators/vdem/";
  r.origin_url = github_tree(kDemspacesRepo, kDemspacesCommit);
  r.licence = "GPL-3.0 (demspaces); V-Dem data CC-BY-SA-4.0";
  r.producer_url = "https://www.v-dem.net/data/the-v-dem-dataset/";
  r.files = {
      {std::string(kIndicesFile),
       github_raw(kDemspacesRepo, kDemspacesCommit, "create-data/output/dv_data_1968_on.csv"), ""},
      {std::string(kPolyarchyFile), github_raw(kCountryStatsRepo, kCountryStatsCommit, "dem.csv"),
       ""}};
  r.read = read_vdem;
  return r;
}

}  // namespace softpower::sources
