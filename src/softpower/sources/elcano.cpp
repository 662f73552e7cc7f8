// Elcano Global Presence Index (Real Instituto Elcano) inputs from the GeographicaGS/Elcano-iepg
// repository: semicolon-separated, `#@#@` for NULL, countries keyed "un" + UN M49 code
// (un276 = Germany). The inputs are already normalised: each variable is scaled so that its
// 2010 maximum over the index countries is 1000, and other years are not rescaled.

#include "softpower/sources/elcano.hpp"

#include <algorithm>
#include <map>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "GeographicaGS/Elcano-iepg";
constexpr std::string_view kCommit = "496fe3670d76bdc4a21c905e6ef48dc814ea5eb5";
constexpr std::string_view kInputsFile = "elcano/iepg_final_data_inputs.csv";
constexpr std::string_view kPibPobFile = "elcano/pib_pob.csv";
constexpr std::string_view kRelationFile = "elcano/country_relation.csv";
constexpr std::string_view kMasterFile = "elcano/master_country.csv";
constexpr std::string_view kWeightsFile = "elcano/elcano_iepg_weights.csv";

CsvOptions elcano_options() {
  CsvOptions options;
  options.delimiter = ';';
  options.missing = {"", "#@#@"};
  return options;
}

// "un276" -> Germany. Blocs ("eu900" = EU) and M49 regions are aggregates.
const Country* map_elcano_id(UnitMapper& mapper, const Table& t, std::size_t row, std::size_t col) {
  const std::string_view id = trim(t.cell(row, col));
  if (id.starts_with("eu")) {
    mapper.report(t.where(row, col), id, unmapped::aggregate);
    return nullptr;
  }
  if (!id.starts_with("un")) {
    mapper.report(t.where(row, col), id, unmapped::unknown_code);
    return nullptr;
  }
  const std::string_view digits = id.substr(2);
  const bool numeric =
      !digits.empty() && digits.size() <= 4 &&
      std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!numeric) {
    mapper.report(t.where(row, col), id, unmapped::unknown_code);
    return nullptr;
  }
  // "un004" is M49 4: the registry's numeric codes carry no leading zeros.
  return mapper.code(CodeSystem::m49, std::to_string(std::stoi(std::string(digits))),
                     t.where(row, col), 0, id);
}

struct ElcanoVariable {
  const char* code;
  const char* dimension;
  const char* name;
};

// The sixteen inputs, as the Elcano methodology describes them.
constexpr ElcanoVariable kVariables[] = {
    {"energy", "economic", "Energy exports"},
    {"primary_goods", "economic", "Primary goods exports (other than energy)"},
    {"manufactures", "economic", "Manufactured goods exports"},
    {"services", "economic", "Services exports"},
    {"investments", "economic", "Outward foreign direct investment stock"},
    {"troops", "military", "Troops deployed abroad"},
    {"military_equipment", "military", "Military equipment (weighted by type)"},
    {"migrations", "soft", "Immigrants"},
    {"tourism", "soft", "Tourist arrivals"},
    {"sports", "soft", "Olympic medals and FIFA ranking points"},
    {"culture", "soft", "Audiovisual services exports"},
    {"information", "soft", "Internet bandwidth and news agency mentions"},
    {"technology", "soft", "Foreign-oriented patents"},
    {"science", "soft", "Scientific articles"},
    {"education", "soft", "Foreign students in tertiary education"},
    {"cooperation", "soft", "Official development assistance"},
};

ReadResult read_inputs(const std::filesystem::path& data_dir) {
  ReadResult result;
  const Table t = open_source(data_dir, kInputsFile, elcano_options(), result);
  const std::size_t id = t.column("id_master_country");
  const std::size_t date_in = t.column("date_in");
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  for (const ElcanoVariable& v : kVariables) {
    panel.describe({v.code, std::string(v.name) + " (" + v.dimension + " presence)",
                    "normalised (2010 maximum = 1000)", std::string(kInputsFile)});
  }
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* unit = map_elcano_id(mapper, t, r, id);
    if (unit == nullptr) continue;
    const int year = year_of_date_cell(t, r, date_in);
    for (const ElcanoVariable& v : kVariables) {
      const std::size_t c = t.column(v.code);
      panel.set(*unit, v.code, year, t.number(r, c), t.where(r, id), t.cell(r, id));
    }
  }
  result.panel = panel.build();
  return result;
}

ReadResult read_gdp_population(const std::filesystem::path& data_dir) {
  ReadResult result;
  const Table t = open_source(data_dir, kPibPobFile, elcano_options(), result);
  const std::size_t id = t.column("id_master_country");
  const std::size_t date_in = t.column("date_in");
  const std::size_t population = t.column("population");
  const std::size_t gdp = t.column("pib");
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  const std::string file(kPibPobFile);
  panel.describe({"population", "Population (Elcano IEPG)", "persons", file});
  panel.describe({"gdp_usd", "GDP (Elcano IEPG pib)", "current US$", file});
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* unit = map_elcano_id(mapper, t, r, id);
    if (unit == nullptr) continue;
    const int year = year_of_date_cell(t, r, date_in);
    panel.set(*unit, "population", year, t.number(r, population), t.where(r, id), t.cell(r, id));
    panel.set(*unit, "gdp_usd", year, t.number(r, gdp), t.where(r, id), t.cell(r, id));
  }
  result.panel = panel.build();
  return result;
}

Reader elcano_base(std::string id, std::string title, std::string_view file) {
  Reader r;
  r.id = std::move(id);
  r.title = std::move(title);
  r.path = std::string(file);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "GPL-3.0 (repository; no separate data licence)";
  r.producer_url = "https://www.globalpresence.realinstitutoelcano.org/";
  return r;
}

}  // namespace

Reader elcano_reader() {
  Reader r = elcano_base("elcano", "Elcano Global Presence Index inputs (normalised), 1990-2013",
                         kInputsFile);
  r.edition =
      "Elcano Global Presence Index inputs 1990-2013, from the Elcano-iepg repository (database "
      "files of 2014-12-26); the index edition is not stated";
  r.files = {{std::string(kInputsFile), github_raw(kRepo, kCommit, "database/iepg_final_data.csv"),
              "the four composite columns (economic_presence, military_presence, "
              "soft_presence, iepg) dropped; the 19 leading columns are the original bytes"}};
  r.read = read_inputs;
  return r;
}

Reader elcano_gdp_population_reader() {
  Reader r = elcano_base("elcano-gdp-population", "Population and GDP used by the Elcano index",
                         kPibPobFile);
  r.edition =
      "Elcano Global Presence Index inputs 1990-2013, from the Elcano-iepg repository (database "
      "files of 2014-12-26); the index edition is not stated";
  r.files = {{std::string(kPibPobFile), github_raw(kRepo, kCommit, "database/pib_pob.csv"), ""}};
  r.read = read_gdp_population;
  return r;
}

ElcanoBlocs read_elcano_blocs(const std::filesystem::path& data_dir) {
  ElcanoBlocs out;
  std::size_t rows = 0;
  const Table master = open_source(data_dir, kMasterFile, elcano_options(), out.files, rows);
  const Table relation = open_source(data_dir, kRelationFile, elcano_options(), out.files, rows);
  std::map<std::string, std::string> names;
  const std::size_t master_id = master.column("id_master_country");
  const std::size_t master_name = master.column("full_name_en");
  for (std::size_t r = 0; r < master.size(); ++r) {
    names[std::string(trim(master.cell(r, master_id)))] = master.cell(r, master_name);
  }
  const std::size_t child = relation.column("id_child");
  const std::size_t parent = relation.column("id_parent");
  std::map<std::string, std::size_t> position;
  for (std::size_t r = 0; r < relation.size(); ++r) {
    const std::string parent_id(trim(relation.cell(r, parent)));
    if (!position.contains(parent_id)) {
      position[parent_id] = out.blocs.size();
      const auto name = names.find(parent_id);
      out.blocs.push_back({parent_id, name == names.end() ? "" : name->second, {}, {}});
    }
  }
  UnitMapper mapper(out.unmapped);
  for (std::size_t r = 0; r < relation.size(); ++r) {
    ElcanoBloc& bloc = out.blocs[position.at(std::string(trim(relation.cell(r, parent))))];
    const std::string child_id(trim(relation.cell(r, child)));
    if (position.contains(child_id)) {
      bloc.sub_blocs.push_back(child_id);
      continue;
    }
    if (const Country* country = map_elcano_id(mapper, relation, r, child)) {
      bloc.countries.push_back(country->code);
    }
  }
  return out;
}

std::vector<ElcanoWeight> read_elcano_weights(const std::filesystem::path& data_dir) {
  std::vector<std::filesystem::path> files;
  std::size_t rows = 0;
  CsvOptions options;
  options.delimiter = ',';
  const Table t = open_source(data_dir, kWeightsFile, options, files, rows);
  const std::size_t dimension = t.column("dimension");
  const std::size_t variable = t.column("variable");
  const std::size_t within = t.column("within_dimension_weight_pct");
  const std::size_t weight = t.column("dimension_weight_pct");
  const std::size_t coefficient = t.column("const_py_coeficient");
  std::vector<ElcanoWeight> weights;
  for (std::size_t r = 0; r < t.size(); ++r) {
    weights.push_back({std::string(trim(t.cell(r, dimension))),
                       std::string(trim(t.cell(r, variable))), t.number(r, within),
                       t.number(r, weight), t.number(r, coefficient)});
  }
  return weights;
}

}  // namespace softpower::sources
