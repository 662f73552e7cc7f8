#pragma once
// Dyadic agreement in roll-call votes: for every pair of states and every period (a session
// or a calendar year), how alike their votes were, by six measures computed from the pair's
// contingency table of yes/abstain/no votes. docs/alignment-agreement.md gives the formulas,
// their sources and the reference values the tests reproduce.
//
// Votes are ordered levels: for the UN, no = 0 < abstain = 1 < yes = 2 (3 levels). Only roll
// calls on which both states cast a vote count (absent, not a member and no record do not).
// A measure that is 0/0 for a pair (kappa, weighted kappa and pi when both states cast the
// same vote on every roll call, so that chance agreement is already perfect) is NaN.

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/progress.hpp"
#include "softpower/core/votes.hpp"

namespace softpower::alignment {

/// Agreement measures of one pair of vote vectors.
struct PairMeasures {
  std::size_t n = 0;  ///< items where both have a value
  double agree = 0;   ///< Voeten: 1 − Σ|d| / (n·dmax); 1 same, ½ one step apart, 0 opposite
  double s_absolute = 0;  ///< Signorino–Ritter S, absolute distances: 1 − 2Σ|d| / (n·dmax)
  double s_squared = 0;   ///< Signorino–Ritter S, squared distances: 1 − 2Σd² / (n·dmax²)
  double kappa = 0;       ///< Cohen's kappa (1960), unweighted
  double kappa_w = 0;     ///< Cohen's weighted kappa (1968), quadratic weights
  double pi = 0;          ///< Scott's pi (1955)
  double alignment = 0;   ///< Benati–Capurri A: S_absolute − its expectation under independence
};

/// The measures of a levels × levels contingency table, row-major: counts[i·levels + j] is the
/// number of items where the first voted level i and the second level j. All NaN when the
/// table is empty. Throws Error for levels < 2, a table of the wrong size or a negative count.
PairMeasures table_measures(std::span<const double> counts, int levels);

/// The measures of two vote vectors of equal length with values 0 … levels−1; a negative value
/// is missing (the item is left out). Throws Error for vectors of different lengths, levels < 2
/// or a value ≥ levels.
PairMeasures pair_measures(std::span<const int> a, std::span<const int> b, int levels);

/// The levels of a UN vote: no 0, abstain 1, yes 2; −1 for absent, not a member and none.
int vote_level(Vote v);
/// Number of ordered levels of a UN vote.
inline constexpr int kVoteLevels = 3;

enum class Period { session, year };

struct AgreementOptions {
  Period by = Period::session;
  std::string issue;  ///< "" (every roll call) or one of me nu di hr co ec
  bool important_only = false;
  std::string focal;        ///< "" = all dyads; else only the dyads containing this code
  std::size_t threads = 0;  ///< 0 = worker_count()
};

struct DyadAgreement {
  int period = 0;     ///< session number or calendar year
  std::string a, b;   ///< registry codes, a < b
  std::size_t n = 0;  ///< roll calls of the period on which both cast yes, abstain or no
  double agree = 0, s_score = 0, kappa = 0, kappa_w = 0, pi = 0, alignment = 0;
};

/// The six issue codes --issue accepts.
std::span<const std::string_view> issue_codes();

/// The roll calls the options keep (indices into votes.calls(), ascending). Throws Error for an
/// unknown issue, and when the filters leave no roll call, naming the filter that emptied it.
std::vector<std::size_t> selected_calls(const RollCallVotes& votes,
                                        const AgreementOptions& options);

/// Every pair of states that cast a vote on at least one common roll call of a period, with
/// the measures of their votes in it (s_score is S with squared distances), sorted by period,
/// a and b. The same for any thread count. Throws Error for an unknown issue or focal state,
/// when the filters leave no roll call, or when cancelled.
std::vector<DyadAgreement> agreement(const RollCallVotes& votes, const AgreementOptions& options,
                                     Progress& progress);

}  // namespace softpower::alignment
