// US News Best Global Universities 2022-2023: a ranking of universities, turned into two
// country indicators, the number of universities ranked in the top 100 and their mean score.
// Tab-separated, with '#' comment lines before the header and after the data.

#include <map>

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "wrf/misc-analyses";
constexpr std::string_view kCommit = "dc13bfef72b969221c390e10cd1c57dc9fa0eff1";
constexpr std::string_view kFile =
    "indicators/universities/us_news_2022_top100_global_universities.tab";
// The 2022-2023 edition was published in 2022.
constexpr int kEditionYear = 2022;
// Ranks are shared on ties (three universities at 95, two at 100), so ranks 1-100 hold 101
// universities; the file also lists ten ranked 102-118, which are left out.
constexpr double kTopRank = 100;

ReadResult read_universities(const std::filesystem::path& data_dir) {
  ReadResult result;
  CsvOptions options;
  options.delimiter = '\t';
  options.comment = '#';
  options.missing = {"", "NA"};
  const Table t = open_source(data_dir, kFile, options, result);
  const std::size_t country = t.column("Country");
  const std::size_t rank = t.column("Rank");
  const std::size_t score = t.column("Score");
  UnitMapper mapper(result.unmapped);
  struct Tally {
    int count = 0;
    double score_sum = 0;
  };
  std::map<std::string, Tally> by_country;
  std::vector<std::string> order;
  for (std::size_t r = 0; r < t.size(); ++r) {
    const Country* unit = mapper.name(t.cell(r, country), t.where(r, country));
    if (unit == nullptr || t.number(r, rank) > kTopRank) continue;
    if (!by_country.contains(unit->code)) order.push_back(unit->code);
    Tally& tally = by_country[unit->code];
    ++tally.count;
    tally.score_sum += t.number(r, score);
  }
  PanelCollector panel(result.unmapped);
  const std::string file(kFile);
  panel.describe({"top100_universities",
                  "Universities in the top 100 of the US News Best Global Universities 2022-2023",
                  "universities", file});
  panel.describe({"top100_mean_score", "Mean US News global score of those universities",
                  "score (0-100)", file});
  for (const std::string& code : order) {
    const Tally& tally = by_country.at(code);
    panel.set_derived(code, "top100_universities", kEditionYear, tally.count);
    panel.set_derived(code, "top100_mean_score", kEditionYear, tally.score_sum / tally.count);
  }
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader universities_reader() {
  Reader r;
  r.id = "universities";
  r.edition = "US News Best Global Universities 2022-2023 (the file's first line)";
  r.title = "Top-100 global universities per country (US News 2022-2023)";
  r.path = std::string(kFile);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "none stated (US News data)";
  r.producer_url = "https://www.usnews.com/education/best-global-universities/rankings";
  r.files = {{std::string(kFile),
              github_raw(kRepo, kCommit, "education/us_news_2022_top100_global_universities.tab"),
              ""}};
  r.read = read_universities;
  return r;
}

}  // namespace softpower::sources
