// Polity5 regime scores as cleaned by the Soft-Power-Index repository: `Nation, Year, polity,
// state_type`, 1990-2018 (one stray row each for 2019 and 2020). `polity` runs from -10 (full
// autocracy) to +10 (full democracy); the file has none of Polity's special codes (-66, -77,
// -88). `state_type` is a banding of the score (autocracy -10..-6, anocracy -5..5, democracy
// 6..10) and is not read. Ethiopia 1993 and Sudan 2011 have two rows each (Polity splits the
// year at the secession of Eritrea and South Sudan); the first row is kept and the second is
// reported as a duplicate.

#include "softpower/sources/catalogue.hpp"
#include "softpower/sources/mapping.hpp"
#include "softpower/sources/soft_power_index_repo.hpp"

namespace softpower::sources {

Reader polity_reader() {
  const std::string file = "indicators/polity/polity95.csv";
  Reader r;
  r.id = "polity";
  r.edition = "Polity5, 1990-2018, as cleaned by paul1734/Soft-Power-Index (file of 2023-11-11)";
  r.title = "Polity5 regime score, 1990-2018";
  r.path = file;
  r.origin_url = github_tree(kSoftPowerIndexRepo, kSoftPowerIndexCommit);
  r.licence = "none stated (Center for Systemic Peace data)";
  r.producer_url = "https://www.systemicpeace.org/inscrdata.html";
  r.files = {
      {file, github_raw(kSoftPowerIndexRepo, kSoftPowerIndexCommit, "Data/polity95.csv"), ""}};
  r.read = [file](const std::filesystem::path& data_dir) {
    return read_name_year_series(data_dir, file, "Nation", "Year", "polity",
                                 {"polity", "Polity5 combined polity score",
                                  "score (-10 autocracy .. +10 democracy)", file});
  };
  return r;
}

}  // namespace softpower::sources
