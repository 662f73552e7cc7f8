// Scimago Journal & Country Rank, country totals as filtered by the Soft-Power-Index
// repository: `Country, Documents, Citable documents, Citations, Self-citations, Citations per
// document, H index, score`. The repository's README gives the period as 1996-2022, and the
// counts are totals over it (15.2 million documents for the United States, far more than one
// year's output), so they are filed under 2022, the period's last year. `score` is the repository
// author's own composite, not a published measure, and is not read.

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"
#include "softpower/sources/soft_power_index_repo.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kFile = "indicators/science/science_score_filtered.csv";
constexpr int kYear = 2022;  // last year of the 1996-2022 totals

ReadResult read_science(const std::filesystem::path& data_dir) {
  ReadResult result;
  const Table t = open_source(data_dir, kFile, {}, result);
  const std::size_t country = t.column("Country");
  const std::string file(kFile);
  struct Column {
    const char* header;
    IndicatorInfo info;
  };
  const Column columns[] = {
      {"Documents", {"scimago_documents", "Documents published, 1996-2022", "documents", file}},
      {"Citable documents",
       {"scimago_citable_documents", "Citable documents, 1996-2022", "documents", file}},
      {"Citations",
       {"scimago_citations", "Citations of the documents, 1996-2022", "citations", file}},
      {"Self-citations",
       {"scimago_self_citations", "Self-citations, 1996-2022", "citations", file}},
      {"Citations per document",
       {"scimago_citations_per_document", "Citations per document, 1996-2022",
        "citations per document", file}},
      {"H index",
       {"scimago_h_index", "H index of the country's documents, 1996-2022", "h index", file}},
  };
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  for (const Column& column : columns) panel.describe(column.info);
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* unit = mapper.name(t.cell(r, country), t.where(r, country));
    if (unit == nullptr) continue;
    for (const Column& column : columns) {
      const std::size_t c = t.column(column.header);
      panel.set(*unit, column.info.code, kYear, t.number(r, c), t.where(r, country),
                t.cell(r, country));
    }
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader science_reader() {
  Reader r;
  r.id = "science";
  r.edition =
      "Scimago Country Rank, documents of 1996-2022 (one edition; its date is not stated), via "
      "paul1734/Soft-Power-Index (file of 2024-01-16)";
  r.title = "Scientific output and citations, 1996-2022 (Scimago)";
  r.path = std::string(kFile);
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated (Scimago data)";
  r.producer_url = "https://www.scimagojr.com/countryrank.php";
  r.files = {{std::string(kFile),
              github_raw(kSoftPowerIndexRepo, kSoftPowerIndexCommit,
                         "test_master_spi/cleaning/Science/science_score_filtered.csv"),
              ""}};
  r.read = read_science;
  return r;
}

}  // namespace softpower::sources
