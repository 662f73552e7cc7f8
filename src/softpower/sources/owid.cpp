// Files in Our World in Data's grapher layout (`Entity, Code, Year, <value>`): RSF press
// freedom (whose extract calls the entity `Country` and adds a `Region`), internet use, and
// official development assistance. Countries carry ISO alpha-3
// codes; aggregates and what ISO does not code carry an empty or "OWID_" code and are looked
// up by name (Kosovo is OWID_KOS, the World OWID_WRL).

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

struct OwidSeries {
  std::string file;
  std::string value_column;
  IndicatorInfo info;
  std::string entity_column = "Entity";  // the RSF extract renamed it "Country"
};

// Reads each series into one panel. In the ODA files an entity without a country code that is
// neither a country nor a donor group is an organisation (a multilateral agency or a
// foundation): `unknown_entity` says so.
ReadResult read_owid(const std::filesystem::path& data_dir, const std::vector<OwidSeries>& series,
                     std::string_view unknown_entity, const char* group_column = nullptr) {
  ReadResult result;
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  for (const OwidSeries& s : series) panel.describe(s.info);
  for (const OwidSeries& s : series) {
    const Table t = open_source(data_dir, s.file, {}, result);
    const std::size_t entity = t.column(s.entity_column);
    const std::size_t code = t.column("Code");
    const std::size_t year = t.column("Year");
    const std::size_t value = t.column(s.value_column);
    for (std::size_t r = 0; r < t.size(); ++r) {
      const Country* unit = mapper.owid_entity(t, r, entity, code, unknown_entity);
      if (unit == nullptr) continue;
      if (group_column != nullptr) {
        const std::string_view group = trim(t.cell(r, t.column(group_column)));
        if (!group.empty()) result.groups[group_column][unit->code] = std::string(group);
      }
      panel.set(*unit, s.info.code, year_cell(t, r, year), t.number(r, value), t.where(r, entity),
                t.cell(r, entity));
    }
  }
  result.panel = panel.build();
  return result;
}

constexpr std::string_view kPressRepo = "lant96/press-freedom-dashboard";
constexpr std::string_view kPressCommit = "d5b6029665f4ac6d92803c686b645d75f773eded";
constexpr std::string_view kInternetRepo = "lisamalani/IDS_A2_InternetUsers";
constexpr std::string_view kInternetCommit = "f0b716997a55bc7d37d8db53373ee3262327d6c8";
constexpr std::string_view kOdaRepo = "davidjayjackson/ow_foreign-aid";
constexpr std::string_view kOdaCommit = "3f66e9fa55db7bd43965afeafb9ef8a4dd671485";

}  // namespace

Reader press_freedom_reader() {
  const std::string file = "indicators/press-freedom-rsf/clean_press_freedom.csv";
  Reader r;
  r.id = "press-freedom";
  r.edition =
      "RSF World Press Freedom Index 2013-2021 (its former method), as Our World in Data served it "
      "to lant96/press-freedom-dashboard (file last changed on 2026-06-24); OWID's update is not "
      "stated";
  r.title = "RSF World Press Freedom Index score, 2013-2021 (lower = freer)";
  r.path = file;
  r.origin_url = github_tree(kPressRepo, kPressCommit);
  r.licence = "none stated (RSF data via OWID)";
  r.producer_url = "https://rsf.org/en/index";
  r.files = {{file, github_raw(kPressRepo, kPressCommit, "data/clean_press_freedom.csv"), ""}};
  r.read = [file](const std::filesystem::path& data_dir) {
    // RSF's pre-2022 method: 0 is the best score and 100 the worst.
    return read_owid(data_dir,
                     {{file,
                       "Score",
                       {"rsf_score", "World Press Freedom Index score (RSF, 2013-2021 method)",
                        "score (0-100, lower = freer)", file},
                       "Country"}},
                     unmapped::unknown_name, "Region");
  };
  return r;
}

Reader internet_reader() {
  const std::string share = "indicators/internet/share-of-individuals-using-the-internet.csv";
  const std::string users = "indicators/internet/number-of-internet-users-by-country.csv";
  Reader r;
  r.id = "internet";
  r.edition =
      "Our World in Data downloads (share of individuals to 2019, number of users to 2017), copied "
      "by lisamalani/IDS_A2_InternetUsers on 2021-10-19 (commit 8b2012a); OWID's and ITU's "
      "releases are not stated";
  r.title = "Internet use: share of individuals and number of users (OWID, World Bank/ITU)";
  r.path = "indicators/internet/";
  r.origin_url = github_tree(kInternetRepo, kInternetCommit);
  r.licence = "none stated (OWID data, CC-BY; World Bank/ITU)";
  r.producer_url = "https://ourworldindata.org/internet";
  r.files = {
      {share,
       github_raw(kInternetRepo, kInternetCommit, "share-of-individuals-using-the-internet.csv"),
       ""},
      {users, github_raw(kInternetRepo, kInternetCommit, "number-of-internet-users-by-country.csv"),
       ""}};
  r.read = [share, users](const std::filesystem::path& data_dir) {
    return read_owid(
        data_dir,
        {{share,
          "Individuals",
          {"internet_users_share", "Individuals using the Internet (World Bank IT.NET.USER.ZS)",
           "% of population", share}},
         {users,
          "Number of internet users (OWID based on WB & UN)",
          {"internet_users", "Number of internet users (OWID, from World Bank and UN)", "persons",
           users}}},
        unmapped::unknown_name);
  };
  return r;
}

Reader oda_reader() {
  const std::string share = "indicators/oda/foreign-aid-given-as-a-share-of-national-income.csv";
  const std::string net = "indicators/oda/foreign-aid-given-net.csv";
  Reader r;
  r.id = "oda";
  r.edition =
      "OECD DAC via Our World in Data: 'Foreign aid given', last updated 2025-02-19, downloaded "
      "2025-04-18 (its package's metadata; 1960-2023, constant 2022 US$); the share of GNI, a file "
      "of 2025-04-08, states no date";
  r.title = "Official development assistance given: % of GNI and net disbursements (OECD DAC)";
  r.path = "indicators/oda/";
  r.origin_url = github_tree(kOdaRepo, kOdaCommit);
  r.licence = "none stated (OWID data, CC-BY; OECD DAC)";
  r.producer_url = "https://data-explorer.oecd.org/";
  r.files = {
      {share,
       github_raw(kOdaRepo, kOdaCommit, "foreign-aid-given-as-a-share-of-national-income.csv"), ""},
      {net, github_raw(kOdaRepo, kOdaCommit, "foreign-aid-given-net.zip"),
       "extracted from the OWID grapher zip foreign-aid-given-net.zip"}};
  r.read = [share, net](const std::filesystem::path& data_dir) {
    return read_owid(
        data_dir,
        {{share,
          "ODA by donor (% of GNI) - Official estimate",
          {"oda_gni_share", "ODA given by the donor, official estimate (OECD DAC)", "% of GNI",
           share}},
         {net,
          "Official development assistance (ODA) and private grants by donor - Net "
          "disbursements",
          {"oda_net",
           "ODA and private grants given, net disbursements (grant equivalent from 2018)",
           "constant 2022 US$", net}}},
        unmapped::not_a_country);
  };
  return r;
}

}  // namespace softpower::sources
