#pragma once
// The CSV files of the alignment operations (`alignment agreement`, `ideal-points`, `with`),
// each built with core's CsvWriter: numbers in the shortest form that reads back as the same
// double, an undefined measure as the empty field, codes quoted by RFC 4180 when they need it.

#include <map>
#include <string>
#include <vector>

#include "softpower/alignment/agreement.hpp"
#include "softpower/alignment/alignment_with.hpp"
#include "softpower/alignment/ideal_points.hpp"

namespace softpower::report {

// Each file's columns are spelled once, by the function named after it: the writer's header,
// and the file's declaration in ops/ (OutputFile::columns), come from it.

/// The columns of agreement.csv: period, the dyad (a, b), n and the six measures.
const std::vector<std::string>& agreement_columns();
/// agreement.csv: one row per dyad and period.
std::string agreement_csv(const std::vector<alignment::DyadAgreement>& dyads);

/// The columns of ideal_points.csv: session, country, position x and its standard error se.
const std::vector<std::string>& ideal_points_columns();
/// ideal_points.csv: se empty without a bootstrap.
std::string ideal_points_csv(const alignment::IdealPointResult& result);

/// The columns of sessions.csv: each session's fit.
const std::vector<std::string>& ideal_point_sessions_columns();
/// sessions.csv: dropped is the count of roll calls without variation, converged 1 or 0.
std::string ideal_point_sessions_csv(const alignment::IdealPointResult& result);
/// The columns of bridges.csv: two sessions and the items they share in a bridged fit.
const std::vector<std::string>& ideal_point_bridges_columns();
/// bridges.csv: one row per pair of sessions sharing items (none unless the model is bridged).
std::string ideal_point_bridges_csv(const alignment::IdealPointResult& result);

/// The columns of alignment_with.csv: session, year, partner, the agreement `measure` and the
/// ideal-point distance.
std::vector<std::string> alignment_with_columns(const std::string& measure);
/// alignment_with.csv: one row per partner and session; `year_of_session` gives the year
/// column (0 for a session it does not hold).
std::string alignment_with_csv(const alignment::AlignmentWith& result, const std::string& measure,
                               const std::map<int, int>& year_of_session);

/// The columns of shifts.csv (`alignment with`): each change point of a partner's series.
const std::vector<std::string>& alignment_shifts_columns();
/// shifts.csv: the agreement series named `measure`.
std::string alignment_shifts_csv(const alignment::AlignmentWith& result, const std::string& measure,
                                 const std::map<int, int>& year_of_session);

}  // namespace softpower::report
