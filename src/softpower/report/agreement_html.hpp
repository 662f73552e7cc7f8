#pragma once
// agreement.html of `softpower alignment agreement`: a self-contained page with a states × states
// heatmap of Voeten's agreement or Cohen's kappa for several periods (the latest first), states
// in a seriated order (alignment/agreement_matrix.hpp), drawn on a canvas by web/src/heatmap.js
// (compiled in) from the matrices embedded once as compact numbers, and a table of each state's
// mean agreement and closest and farthest partners.

#include <string>
#include <vector>

#include "softpower/alignment/agreement.hpp"

namespace softpower::report {

/// What the page says about the run.
struct AgreementPageInfo {
  std::string period_name = "session";  ///< "session" or "year"
  std::string selection;                ///< the filters in words ("all roll calls", ...)
  std::string origin;                   ///< where the votes came from
  std::size_t roll_calls = 0;           ///< roll calls used
};

/// The periods the page draws: the last and up to count − 1 others spread evenly from the first
/// (ascending, no repeats).
std::vector<int> heatmap_periods(const std::vector<int>& periods, std::size_t count);

std::string agreement_html(const std::vector<alignment::DyadAgreement>& dyads,
                           const AgreementPageInfo& info);

}  // namespace softpower::report
