#pragma once
// The readers each source file defines, gathered by readers.cpp into readers(),
// dyad_readers() and vote_readers(). Factories rather than self-registration: the library is
// static, and the linker would drop a reader whose object file nothing refers to.

#include <string>
#include <string_view>

#include "softpower/sources/reader.hpp"

namespace softpower::sources {

/// The repository snapshot a file was copied from, as a browsable address.
inline std::string github_tree(std::string_view repo, std::string_view commit) {
  return "https://github.com/" + std::string(repo) + "/tree/" + std::string(commit);
}

/// The raw bytes of one file in a repository snapshot, for a fetcher to download.
inline std::string github_raw(std::string_view repo, std::string_view commit,
                              std::string_view path) {
  return "https://raw.githubusercontent.com/" + std::string(repo) + "/" + std::string(commit) +
         "/" + std::string(path);
}

// indicators/datahub
Reader datahub_gdp_reader();
Reader datahub_population_reader();
// indicators/unesco-whc
Reader whc_sites_reader();
Reader unesco_cumulative_reader();
// indicators/olympics
Reader olympics_reader();
// indicators/student-mobility
Reader student_mobility_reader();
DyadReader oecd_student_shares_reader();
// indicators/tourism
Reader tourism_reader();
// indicators/migration
Reader un_migrant_stock_reader();
DyadReader un_migrant_stock_dyads_reader();
Reader foreign_born_reader();
// indicators/universities
Reader universities_reader();
// indicators/corruption-cpi
Reader cpi_reader();
// indicators/polity
Reader polity_reader();
// indicators/cultural-similarity
Reader cultural_similarity_reader();
DyadReader cultural_similarity_dyads_reader();
// indicators/science
Reader science_reader();
// indicators/vdem
Reader vdem_reader();
// indicators/undp-hdr
Reader undp_hdr_reader();
// indicators/press-freedom-rsf
Reader press_freedom_reader();
// indicators/internet
Reader internet_reader();
// indicators/oda
Reader oda_reader();
// indicators/us-diplomatic-missions
Reader us_missions_reader();
// opinion
Reader pew_us_image_reader();
// elcano
Reader elcano_reader();
Reader elcano_gdp_population_reader();
// coinr-asem
Reader asem_reader();
Reader asem_panel_reader();
Reader world_denoms_reader();
// un-votes
VoteReader un_votes_reader();
VoteReader voeten_votes_reader();

}  // namespace softpower::sources
