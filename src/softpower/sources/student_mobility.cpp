// Student mobility and education spending, from a course project that collected UNESCO UIS
// and World Bank downloads: inbound internationally mobile tertiary students (UIS 26637), the
// net flow of mobile students (UIS MENF.5T8), government expenditure on education as % of GDP
// (World Bank SE.XPD.TOTL.GD.ZS, wide, BOM and CRLF), and the OECD shares of each host's
// international students by country of origin (a dyad table).

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "nemuulen/INFOSCI301_Final_Project";
constexpr std::string_view kCommit = "e163144625cdd2ac870a4d407377232c132ebd49";
constexpr std::string_view kDir = "indicators/student-mobility/";

std::string local(std::string_view name) {
  return std::string(kDir) + std::string(name);
}

// UIS writes countries as ISO alpha-3 and its groupings by name ("SDG: World",
// "WB: High income (July 2024)", "CECC-SICA"), so anything else in geoUnit is a grouping.
bool is_uis_grouping(std::string_view geo_unit) {
  return geo_unit.size() != 3 || !std::all_of(geo_unit.begin(), geo_unit.end(),
                                              [](char c) { return c >= 'A' && c <= 'Z'; });
}

// One UIS long file (indicatorId, geoUnit, year, value, qualifier, magnitude) into one panel
// indicator. A magnitude of "NA" marks a value that does not apply (UIS writes 0 there), so it
// is missing; "NIL" marks a true zero.
void read_uis_series(const std::filesystem::path& data_dir, const std::string& file,
                     std::string_view uis_id, const std::string& code, ReadResult& result,
                     UnitMapper& mapper, PanelCollector& panel) {
  const Table t = open_source(data_dir, file, {}, result);
  const std::size_t id = t.column("indicatorId");
  const std::size_t geo = t.column("geoUnit");
  const std::size_t year = t.column("year");
  const std::size_t value = t.column("value");
  const std::size_t magnitude = t.column("magnitude");
  for (std::size_t r = 0; r < t.size(); ++r) {
    if (trim(t.cell(r, id)) != uis_id) {
      throw Error(t.where(r, id), "expected UIS indicator " + std::string(uis_id) + ", found '" +
                                      t.cell(r, id) + "'");
    }
    const std::string_view unit = trim(t.cell(r, geo));
    if (is_uis_grouping(unit)) {
      mapper.report(t.where(r, geo), unit, unmapped::aggregate);
      continue;
    }
    const Country* country = mapper.code(CodeSystem::iso3, unit, t.where(r, geo));
    if (country == nullptr) continue;
    const bool not_applicable = trim(t.cell(r, magnitude)) == "NA";
    const double v = not_applicable ? std::numeric_limits<double>::quiet_NaN() : t.number(r, value);
    panel.set(*country, code, year_cell(t, r, year), v, t.where(r, geo), unit);
  }
}

// The World Bank's wide layout: one row per economy, one column per year.
void read_world_bank_wide(const std::filesystem::path& data_dir, const std::string& file,
                          const std::string& code, ReadResult& result, UnitMapper& mapper,
                          PanelCollector& panel) {
  const Table t = open_source(data_dir, file, {}, result);
  const std::size_t country_code = t.column("Country Code");
  std::vector<std::pair<std::size_t, int>> year_columns;
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    const std::string_view h = trim(t.header[c]);
    if (h.size() == 4 &&
        std::all_of(h.begin(), h.end(), [](char ch) { return ch >= '0' && ch <= '9'; })) {
      year_columns.emplace_back(c, std::stoi(std::string(h)));
    }
  }
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* country =
        mapper.code(CodeSystem::iso3, t.cell(r, country_code), t.where(r, country_code));
    if (country == nullptr) continue;
    for (const auto& [c, year] : year_columns) {
      panel.set(*country, code, year, t.number(r, c), t.where(r, c), t.cell(r, country_code));
    }
  }
}

ReadResult read_student_mobility(const std::filesystem::path& data_dir) {
  ReadResult result;
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  const std::string inbound = local("inbound_intl.csv");
  const std::string net = local("inbound-outbound_intl.csv");
  const std::string spending = local("gov_expenditure_education_pct_gdp.csv");
  panel.describe({"inbound_students",
                  "Inbound internationally mobile students in tertiary education (UIS 26637)",
                  "students", inbound});
  panel.describe({"net_student_flow",
                  "Net flow of internationally mobile tertiary students, inbound minus "
                  "outbound (UIS MENF.5T8)",
                  "students", net});
  panel.describe({"education_expenditure_gdp",
                  "Government expenditure on education (World Bank SE.XPD.TOTL.GD.ZS)", "% of GDP",
                  spending});
  read_uis_series(data_dir, inbound, "26637", "inbound_students", result, mapper, panel);
  read_uis_series(data_dir, net, "MENF.5T8", "net_student_flow", result, mapper, panel);
  read_world_bank_wide(data_dir, spending, "education_expenditure_gdp", result, mapper, panel);
  result.panel = panel.build();
  return result;
}

// The OECD file was written by tools that disagreed on encoding: most names are ASCII,
// "Curaçao" and "Lao People’s" are UTF-8, and "Côte" has a lone byte 0x99 (Mac Roman ô). Valid
// UTF-8 sequences are kept and any other high byte is read as cp1252, so the UTF-8 names
// match and the one broken name is reported rather than misread.
std::string decode_mixed_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t i = 0;
  while (i < bytes.size()) {
    const auto lead = static_cast<unsigned char>(bytes[i]);
    std::size_t length = 1;
    if (lead >= 0xC2 && lead <= 0xDF) length = 2;
    if (lead >= 0xE0 && lead <= 0xEF) length = 3;
    if (lead >= 0xF0 && lead <= 0xF4) length = 4;
    if (lead >= 0x80 && (length == 1 || !is_valid_utf8(bytes.substr(i, length)))) {
      out += latin1_to_utf8(bytes.substr(i, 1));
      ++i;
      continue;
    }
    out.append(bytes.substr(i, length));
    i += length;
  }
  return out;
}

// The file's columns are mislabelled: REF_AREA and "Origin" are the reporting host country,
// and "Destination" is where the students come from. The shares show it: the United States
// row for China reads 31.9 and for India 17.2, Japan's for China 48.4 and for Viet Nam 19.3,
// which are the origins of those hosts' international students, and every host's "World"
// reads 100.
DyadResult read_oecd_student_shares(const std::filesystem::path& data_dir) {
  const std::string file = local("Share_students_origin_to_destination.csv");
  DyadResult result;
  result.info = {"international_student_share",
                 "Share of the host's (`to`) international tertiary students who come from "
                 "`from` (OECD)",
                 "% of the host's international students", file};
  const std::filesystem::path path = data_dir / file;
  CsvOptions options;
  options.encoding = Encoding::utf8;
  const Table t = parse_csv(decode_mixed_utf8(read_file(path)), options, path.string());
  result.files.push_back(path);
  result.rows_read = t.size();
  const std::size_t host = t.column("REF_AREA");
  const std::size_t home = t.column("Destination");
  const std::size_t year = t.column("TIME_PERIOD");
  const std::size_t share = t.column("Percentage_of_students");
  // The repository shortened both Koreas to "Korea", so a host has two "Korea" rows (for
  // Australia 1.756 and 0.007): which is which cannot be read from the file.
  std::map<std::pair<std::string, std::string>, int> rows_per_pair;
  for (std::size_t r = 0; r < t.size(); ++r) {
    ++rows_per_pair[{std::string(trim(t.cell(r, host))), std::string(trim(t.cell(r, home)))}];
  }
  UnitMapper mapper(result.unmapped);
  for (std::size_t r = 0; r < t.size(); ++r) {
    // EU25 (the European Union of 25 countries) reports as a host beside its members.
    const std::string_view host_code = trim(t.cell(r, host));
    const Country* to = nullptr;
    if (host_code == "EU25") {
      mapper.report(t.where(r, host), host_code, unmapped::aggregate);
    } else {
      to = mapper.code(CodeSystem::iso3, host_code, t.where(r, host));
    }
    // "Africa unspecified", "Other countries unspecified": students whose origin the host
    // reported only by continent, or not at all.
    const std::string_view home_name = trim(t.cell(r, home));
    const Country* from = nullptr;
    if (home_name.ends_with(" unspecified")) {
      mapper.report(t.where(r, home), home_name, unmapped::not_a_country);
    } else if (rows_per_pair[{std::string(host_code), std::string(home_name)}] > 1) {
      mapper.report(t.where(r, home), home_name, unmapped::ambiguous);
    } else {
      from = mapper.name(home_name, t.where(r, home));
    }
    const double value = t.number(r, share);
    if (from == nullptr || to == nullptr || std::isnan(value)) continue;
    // A host is not an origin of its own international students; the file's rows for it
    // are 0 or empty.
    if (from == to) continue;
    result.dyads.push_back({from->code, to->code, year_cell(t, r, year), value});
  }
  return result;
}

}  // namespace

Reader student_mobility_reader() {
  Reader r;
  r.id = "student-mobility";
  r.edition =
      "UNESCO UIS (inbound students 2000-2024, net flow 2000-2022) and World Bank "
      "SE.XPD.TOTL.GD.ZS, as downloaded for nemuulen/INFOSCI301_Final_Project (files of "
      "2025-04-27); the UIS release is not stated";
  r.title = "International student mobility and education spending (UIS, World Bank)";
  r.path = std::string(kDir);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "MIT (repository); UIS and World Bank data under their own terms";
  r.producer_url = "https://data.uis.unesco.org/";
  r.files = {
      {local("inbound_intl.csv"), github_raw(kRepo, kCommit, "data/inbound_intl.csv"), ""},
      {local("inbound-outbound_intl.csv"),
       github_raw(kRepo, kCommit, "data/inbound-outbound_intl.csv"), ""},
      {local("gov_expenditure_education_pct_gdp.csv"),
       github_raw(
           kRepo, kCommit,
           "data/Government%20expenditure%20on%20education%20as%20%25%20of%20GDP%20(%25).csv"),
       "renamed from 'Government expenditure on education as % of GDP (%).csv'; content "
       "unchanged"}};
  r.read = read_student_mobility;
  return r;
}

DyadReader oecd_student_shares_reader() {
  const std::string file = local("Share_students_origin_to_destination.csv");
  DyadReader r;
  r.id = "oecd-student-shares";
  r.edition =
      "OECD, shares of 2022 (TIME_PERIOD), as downloaded for nemuulen/INFOSCI301_Final_Project "
      "(file of 2025-05-04); the OECD release is not stated";
  r.title = "Where the international students of OECD hosts come from (2022)";
  r.path = file;
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "MIT (repository); OECD data under the OECD terms";
  r.producer_url = "https://data-explorer.oecd.org/";
  r.files = {
      {file, github_raw(kRepo, kCommit, "data/Share_students_origin_to_destination.csv"), ""}};
  r.read = read_oecd_student_shares;
  return r;
}

}  // namespace softpower::sources
