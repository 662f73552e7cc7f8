#pragma once
// The dyad-year sources of the networks capability (docs/networks.md, "Sources"): ATOP's
// alliance obligations and the Correlates of War IGO co-memberships (`networks/` of the data
// directory, via peacesciencer). COW codes are mapped through the registry in the row's year
// (365 is the Soviet Union to 1991, Russia from 1992); rows that cannot be mapped go to the
// unmapped report.

#include <filesystem>
#include <string_view>
#include <vector>

#include "softpower/core/dyads.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::sources {

/// The releases of the two files (SOURCES.md of the data directory; Reader::edition).
inline constexpr std::string_view kAtopEdition =
    "ATOP v5.1 (Leeds et al.), 1815-2018, as the R package peacesciencer 1.2.9 ships it";
inline constexpr std::string_view kCowIgoEdition =
    "COW IGO v3.0 (Pevehouse et al. 2020), 1816-2014, as the R package peacesciencer 1.2.9 "
    "ships it";

/// `networks/atop_alliance.csv.gz`: directed, from ccode1 to ccode2, the weight the number of
/// kinds of pledge ccode1 makes to ccode2 in the year (defence, offence, neutrality,
/// non-aggression, consultation: 1 to 5); a row with none is not a tie. Years from..to.
DyadSet read_atop_alliances(const std::filesystem::path& data_dir, int from, int to,
                            std::vector<UnmappedRow>& unmapped);

/// `networks/cow_igo_ndy.csv.gz`: undirected, the weight the number of intergovernmental
/// organisations both are full members of (`dyadigos`); a row with 0 is not a tie.
DyadSet read_cow_igo(const std::filesystem::path& data_dir, int from, int to,
                     std::vector<UnmappedRow>& unmapped);

}  // namespace softpower::sources
