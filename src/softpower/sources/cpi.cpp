// Transparency International's Corruption Perceptions Index as cleaned by the Soft-Power-Index
// repository: `(index), Nation, Year, Value`, 0-100 (higher = cleaner), 1995-2022. The author
// rescaled the pre-2012 0-10 scores by 10 and balanced the panel to 184 countries every year
// by back-filling each country's first score into the years before it was first rated
// (Afghanistan reads 25 for 1995-2006). The values are kept as the file has them; the
// back-filled years are not marked in the file, so a user who needs only observed scores
// should take the years from TI's own releases.

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"
#include "softpower/sources/soft_power_index_repo.hpp"

namespace softpower::sources {

Reader cpi_reader() {
  const std::string file = "indicators/corruption-cpi/CPI_Index.csv";
  Reader r;
  r.id = "cpi";
  r.edition =
      "Transparency International CPI 1995-2022 (the 2022 index the latest), cleaned and "
      "back-filled by paul1734/Soft-Power-Index (file of 2023-11-11)";
  r.title = "Corruption Perceptions Index, 1995-2022 (back-filled)";
  r.path = file;
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated (Transparency International data)";
  r.producer_url = "https://www.transparency.org/en/cpi";
  r.files = {
      {file, github_raw(kSoftPowerIndexRepo, kSoftPowerIndexCommit, "Data/CPI_Index.csv"), ""}};
  r.read = [file](const std::filesystem::path& data_dir) {
    return read_name_year_series(
        data_dir, file, "Nation", "Year", "Value",
        {"cpi_score",
         "Corruption Perceptions Index (pre-2012 scores x10; years before a country's first "
         "score back-filled with it)",
         "score (0-100, higher = less corrupt)", file});
  };
  return r;
}

}  // namespace softpower::sources
