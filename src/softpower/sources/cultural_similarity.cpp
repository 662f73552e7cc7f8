// The "Country Similarity Index" of objectivelists.com (2020) as reshaped by the
// Soft-Power-Index repository: `(index), Country1, Country2, CSI`, a cultural distance for
// every ordered pair of 171 countries written in upper case (0 = identical, larger = more
// different). The file is not symmetric: for 714 ordered pairs CSI(a, b) != CSI(b, a).
//
// A panel keyed by country with one indicator per partner would have 171 indicators, so the
// panel reader gives each country's mean distance to all the others, and the dyad reader
// gives the pairs themselves for the networks capability.

#include <map>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"
#include "softpower/sources/soft_power_index_repo.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kFile = "indicators/cultural-similarity/long_csi.csv";
// The index was published in 2020 and carries no year of its own.
constexpr int kYear = 2020;

ReadResult read_mean_distance(const std::filesystem::path& data_dir) {
  ReadResult result;
  const Table t = open_source(data_dir, kFile, {}, result);
  const std::size_t country = t.column("Country1");
  const std::size_t csi = t.column("CSI");
  UnitMapper mapper(result.unmapped);
  struct Sum {
    double total = 0;
    int partners = 0;
  };
  std::map<std::string, Sum> sums;
  std::vector<std::string> order;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* unit = mapper.name(t.cell(r, country), t.where(r, country));
    if (unit == nullptr) continue;
    // Every partner counts towards the mean, mapped or not: the distance is a fact about the
    // country, whatever the partner is called.
    const double distance = t.number(r, csi);
    if (std::isnan(distance)) continue;
    if (!sums.contains(unit->code)) order.push_back(unit->code);
    sums[unit->code].total += distance;
    ++sums[unit->code].partners;
  }
  PanelCollector panel(result.unmapped);
  panel.describe({"csi_mean_distance",
                  "Mean Country Similarity Index distance to the other 170 countries",
                  "CSI distance (0 = identical)", std::string(kFile)});
  for (const std::string& code : order) {
    const Sum& sum = sums.at(code);
    panel.set_derived(code, "csi_mean_distance", kYear, sum.total / sum.partners);
  }
  result.panel = panel.build();
  return result;
}

DyadResult read_distance_pairs(const std::filesystem::path& data_dir) {
  DyadResult result;
  result.info = {"csi_distance", "Country Similarity Index distance from `from` to `to`",
                 "CSI distance (0 = identical)", std::string(kFile)};
  const Table t = open_source(data_dir, kFile, {}, result.files, result.rows_read);
  const std::size_t first = t.column("Country1");
  const std::size_t second = t.column("Country2");
  const std::size_t csi = t.column("CSI");
  UnitMapper mapper(result.unmapped);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* from = mapper.name(t.cell(r, first), t.where(r, first));
    if (from == nullptr) continue;
    const Country* to = mapper.name(t.cell(r, second), t.where(r, second));
    const double distance = t.number(r, csi);
    if (to == nullptr || std::isnan(distance)) continue;
    result.dyads.push_back({from->code, to->code, kYear, distance});
  }
  return result;
}

std::vector<SourceFile> csi_files() {
  return {{std::string(kFile),
           github_raw(kSoftPowerIndexRepo, kSoftPowerIndexCommit, "Data/long_csi.csv"), ""}};
}

}  // namespace

Reader cultural_similarity_reader() {
  Reader r;
  r.id = "cultural-similarity";
  r.edition =
      "Country Similarity Index of objectivelists.com (2020), as paul1734/Soft-Power-Index "
      "reshaped it (file of 2023-11-21)";
  r.title = "Mean cultural distance to all other countries (Country Similarity Index)";
  r.path = std::string(kFile);
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated (objectivelists.com data)";
  r.producer_url = "https://objectivelists.com/";
  r.files = csi_files();
  r.read = read_mean_distance;
  return r;
}

DyadReader cultural_similarity_dyads_reader() {
  DyadReader r;
  r.id = "cultural-similarity-pairs";
  r.edition =
      "Country Similarity Index of objectivelists.com (2020), as paul1734/Soft-Power-Index "
      "reshaped it (file of 2023-11-21)";
  r.title = "Cultural distance between pairs of countries (Country Similarity Index)";
  r.path = std::string(kFile);
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated (objectivelists.com data)";
  r.producer_url = "https://objectivelists.com/";
  r.files = csi_files();
  r.read = read_distance_pairs;
  return r;
}

}  // namespace softpower::sources
