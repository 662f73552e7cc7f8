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

/// agreement.csv: `period,a,b,n,agree,s_score,kappa,kappa_w,pi,alignment`, one row per dyad
/// and period.
std::string agreement_csv(const std::vector<alignment::DyadAgreement>& dyads);

/// ideal_points.csv: `session,country,x,se`, se empty without a bootstrap.
std::string ideal_points_csv(const alignment::IdealPointResult& result);

/// sessions.csv: `session,year,states,items,dropped,iterations,converged,orientation`; dropped
/// is the count of roll calls without variation, converged 1 or 0.
std::string ideal_point_sessions_csv(const alignment::IdealPointResult& result);

/// alignment_with.csv: `session,year,partner,<measure>,distance`, one row per partner and
/// session; `year_of_session` gives the year column (0 for a session it does not hold).
std::string alignment_with_csv(const alignment::AlignmentWith& result, const std::string& measure,
                               const std::map<int, int>& year_of_session);

/// shifts.csv: `partner,measure,session,year,before,after,change`, the agreement series named
/// `measure`.
std::string alignment_shifts_csv(const alignment::AlignmentWith& result, const std::string& measure,
                                 const std::map<int, int>& year_of_session);

}  // namespace softpower::report
