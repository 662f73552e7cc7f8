// Pew Research Center's Global Attitudes survey, as FiveThirtyEight published two of its
// series for "What the world thinks of Trump" (2017): the share of each public with a
// favourable view of the United States (TRUMPWORLD-us.csv, 2000-2017) and with confidence in
// the US president to do the right thing in world affairs (TRUMPWORLD-pres.csv, 2001-2017).
// Both are wide: `year, avg`, then one column per public named in plain English ("UK",
// "South Korea"); an empty cell is a year the public was not surveyed. The indicators follow
// core/poll.hpp: `<measure>:<object>`, here favourable:USA and confidence_president:USA.

#include "softpower/core/poll.hpp"
#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

constexpr std::string_view kRepo = "fivethirtyeight/data";
constexpr std::string_view kCommit = "fcf572c4fba05a42f1f34f415bd5e6dc389efd68";
constexpr std::string_view kDir = "opinion/";

struct PollFile {
  std::string name;  // in kDir and in the repository's trump-world-trust/
  std::string measure;
  std::string title;
};

const std::vector<PollFile>& poll_files() {
  static const std::vector<PollFile> files = {
      {"TRUMPWORLD-us.csv", "favourable",
       "Favourable view of the United States (Pew Global Attitudes)"},
      {"TRUMPWORLD-pres.csv", "confidence_president",
       "Confidence in the US president to do the right thing in world affairs (Pew Global "
       "Attitudes)"}};
  return files;
}

// Every public's column of one file into `panel`. `avg` is FiveThirtyEight's mean over the
// publics surveyed that year, not a Pew figure and not a public: it is reported as an
// aggregate, never read.
void read_poll_file(const std::filesystem::path& data_dir, const PollFile& file, UnitMapper& mapper,
                    PanelCollector& panel, ReadResult& result) {
  const std::string path = std::string(kDir) + file.name;
  const std::string code = poll_indicator_code(file.measure, "USA");
  panel.describe({code, file.title, "% of respondents", path});
  const Table t = open_source(data_dir, path, {}, result);
  const std::size_t year_col = t.column("year");
  const std::size_t avg_col = t.column("avg");
  for (std::size_t r = 0; r < t.size(); ++r) {
    const int year = year_cell(t, r, year_col);
    mapper.report(t.where(r, avg_col), t.header[avg_col], unmapped::aggregate);
    for (std::size_t c = 0; c < t.header.size(); ++c) {
      if (c == year_col || c == avg_col || t.is_missing(r, c)) continue;
      const Location where = t.where(r, c);
      const Country* surveyed = mapper.name(t.header[c], where, year);
      if (surveyed == nullptr) continue;
      panel.set(*surveyed, code, year, t.number(r, c), where, t.header[c]);
    }
  }
}

ReadResult read_pew_us_image(const std::filesystem::path& data_dir) {
  ReadResult result;
  UnitMapper mapper(result.unmapped);
  PanelCollector panel(result.unmapped);
  for (const PollFile& file : poll_files()) read_poll_file(data_dir, file, mapper, panel, result);
  result.panel = panel.build();
  return result;
}

}  // namespace

Reader pew_us_image_reader() {
  Reader r;
  r.id = "pew-us-image";
  r.edition =
      "Pew Research Center Global Attitudes surveys 2000-2017, as FiveThirtyEight published them "
      "for 'What The World Thinks Of Trump' (2017)";
  r.title =
      "How publics see the US: favourable view and confidence in its president (Pew "
      "Global Attitudes via FiveThirtyEight), 2000-2017";
  r.path = std::string(kDir);
  r.origin_url = github_tree(kRepo, kCommit);
  r.licence = "CC BY 4.0 (FiveThirtyEight data; figures from the Pew Research Center)";
  r.producer_url = "https://www.pewresearch.org/global/";
  for (const PollFile& file : poll_files()) {
    r.files.push_back({std::string(kDir) + file.name,
                       github_raw(kRepo, kCommit, "trump-world-trust/" + file.name), ""});
  }
  r.read = read_pew_us_image;
  return r;
}

}  // namespace softpower::sources
