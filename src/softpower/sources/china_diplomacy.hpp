#pragma once
// China's public diplomacy as ties from China (AidData's China's Public Diplomacy Dashboard
// Dataset 2.0, `cultural-diplomacy/` of the data directory; docs/networks.md, "Sources"):
// directed ties CHN -> a receiving country in East Asia and the Pacific (2000-2016) or South
// and Central Asia (2000-2018), one activity's value as the weight.

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/dyads.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::sources {

/// The release read (the dataset's own readme; Reader::edition).
inline constexpr std::string_view kChinaDiplomacyEdition =
    "AidData's China's Public Diplomacy Dashboard Dataset, Version 2.0 (13 December 2021)";

/// The activities a tie can weigh: the columns of `ChinesePublicDiplomacy.csv`
/// (confucius_institutes, sister_cities_established, government_visits, military_visits,
/// total_elite_visits, ambassador_op_eds, journalist_visits, media_partnerships,
/// outbound_chinese_students, inbound_students_to_china), then `finance`.
const std::vector<std::string>& china_diplomacy_activities();

/// The ties of years from..to. An activity column: the receiving country by name (through the
/// registry, in the row's year), the value of the country and year; "N/A" (not collected) and 0
/// are no tie. `finance`: `ChineseFinancialPublicDiplomacyProjectDetails.csv`'s projects summed
/// by recipient (`recipient_iso3`) and year, in constant 2017 US dollars (`usd_defl`); a project
/// without an amount is counted in `unpriced` and left out. Throws Error for an unknown activity
/// or a cell that is not a number.
DyadSet read_china_diplomacy(const std::filesystem::path& data_dir, std::string_view activity,
                             int from, int to, std::vector<UnmappedRow>& unmapped,
                             std::size_t& unpriced);

}  // namespace softpower::sources
