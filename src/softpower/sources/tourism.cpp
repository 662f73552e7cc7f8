// International tourist arrivals 2016-2019 in millions (UNWTO Tourism Highlights 2020, as
// tabulated in wrf/misc-analyses). Tab-separated, one row per country, one column per year,
// then two percentage-change columns that are derived and not read.

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "wrf/misc-analyses";
constexpr std::string_view kCommit = "dc13bfef72b969221c390e10cd1c57dc9fa0eff1";
constexpr std::string_view kFile = "indicators/tourism/2019_arrivals_by_country.tab";

ReadResult read_tourism(const std::filesystem::path& data_dir) {
  ReadResult result;
  CsvOptions options;
  options.delimiter = '\t';
  const Table t = open_source(data_dir, kFile, options, result);
  const std::size_t country = t.column("Country");
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  panel.describe({"tourist_arrivals", "International tourist arrivals (UNWTO)",
                  "millions of arrivals", std::string(kFile)});
  const int years[] = {2019, 2018, 2017, 2016};
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* unit = mapper.name(t.cell(r, country), t.where(r, country));
    if (unit == nullptr) continue;
    for (const int year : years) {
      const std::size_t c = t.column(std::to_string(year));
      // The table writes 0 where a country reported nothing for the year.
      const double arrivals = t.number(r, c);
      if (arrivals == 0) continue;
      panel.set(*unit, "tourist_arrivals", year, arrivals, t.where(r, c), t.cell(r, country));
    }
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader tourism_reader() {
  Reader r;
  r.id = "tourism";
  r.edition = "UNWTO International Tourism Highlights, 2020 edition (arrivals 2016-2019)";
  r.title = "International tourist arrivals, 2016-2019 (UNWTO)";
  r.path = std::string(kFile);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "none stated (UNWTO data)";
  r.producer_url = "https://www.e-unwto.org/doi/book/10.18111/9789284422456";
  r.files = {
      {std::string(kFile), github_raw(kRepo, kCommit, "tourism/2019_arrivals_by_country.tab"), ""}};
  r.read = read_tourism;
  return r;
}

}  // namespace softpower::sources
