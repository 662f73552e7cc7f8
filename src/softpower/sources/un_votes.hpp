#pragma once
// UN General Assembly roll-call votes, from the two formats of the unvotes R package
// snapshot in un-votes/ (docs/alignment-data.md):
//
// - read_un_votes: the package's tables un_votes.csv (one row per cast vote, ISO alpha-2
//   codes), un_roll_calls.csv and un_roll_call_issues.csv; sessions 1-74 (1946-2019), votes
//   yes, abstain and no only.
// - read_voeten_votes: Voeten's raw file un_votes_voeten_raw.csv.gz (one row per state and
//   roll call, COW numbers, absent and not-a-member rows kept); sessions 1-70 (1946-2015).
//
// Every voting state is a registry state in the vote's year (the USSR's votes to 1991 are
// SUN's, Russia's from 1992 RUS's, although un_votes.csv labels them all "Russia"); rows
// that name no state are appended to `unmapped` with their file and line, never guessed.

#include <filesystem>
#include <span>
#include <string_view>
#include <vector>

#include "softpower/core/votes.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::sources {

/// un-votes/un_votes.csv with its roll calls and issues. `data_dir` may also be the un-votes
/// folder itself (the files are looked for there when data_dir/un-votes/ lacks them); the
/// same holds for read_voeten_votes. Roll calls in rcid order, states by registry code. Throws
/// Error at the file, line and field of a malformed cell.
RollCallVotes read_un_votes(const std::filesystem::path& data_dir,
                            std::vector<UnmappedRow>& unmapped);
/// un-votes/un_votes_voeten_raw.csv.gz, with every vote code (1, 2, 3, 8, 9) as written.
RollCallVotes read_voeten_votes(const std::filesystem::path& data_dir,
                                std::vector<UnmappedRow>& unmapped);

/// The files read_un_votes (voeten: read_voeten_votes) reads under `data_dir`.
std::vector<std::filesystem::path> un_votes_files(const std::filesystem::path& data_dir,
                                                  bool voeten);

/// A change of a seat's holder within a calendar year: a vote dated on or after `date` that
/// the registry's years give to `from` was cast by `to`. The registry keys states by year,
/// and both files write the predecessor's label for the votes of November and December 1990.
struct SeatSuccession {
  std::string_view from;  ///< registry key of the predecessor
  std::string_view to;    ///< registry key of the state that took the seat
  std::string_view date;  ///< ISO date of the change
  std::string_view what;
};
/// German unification (XWG -> DEU, 1990-10-03) and Yemeni unification (XNY -> YEM,
/// 1990-05-22).
std::span<const SeatSuccession> un_seat_successions();

}  // namespace softpower::sources
