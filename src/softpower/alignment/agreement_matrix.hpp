#pragma once
// One period's agreement as a matrix: every state that voted with another in the period, in a
// seriated order (blocs that vote alike side by side), with each pair's agreement, kappa and
// number of common roll calls. agreement.html draws it, and `alignment matrix` answers it to the
// dashboard (docs/alignment-agreement.md, "The heatmap's order").

#include <cstddef>
#include <string>
#include <vector>

#include "softpower/alignment/agreement.hpp"

namespace softpower::alignment {

/// States of one period and their pairs. The pairs are the upper triangle of the symmetric
/// matrix without its diagonal, row by row in the order of `codes`: (0,1), (0,2) … (0,k−1),
/// (1,2) … (k−2,k−1), at pair(i, j).
struct AgreementMatrix {
  int period = 0;
  std::vector<std::string> codes;  ///< in seriated order
  std::vector<double> agree;       ///< Voeten's agreement; NaN: no common vote
  std::vector<double> kappa;       ///< Cohen's kappa; NaN: no common vote, or undefined
  std::vector<std::size_t> n;      ///< common roll calls; 0: none

  std::size_t size() const { return codes.size(); }
  /// The index of the pair of states i and j (i ≠ j, either order) in agree, kappa and n.
  std::size_t pair(std::size_t i, std::size_t j) const;
};

/// The matrix of `period` from `dyads` (sorted by period, as agreement() returns them). States
/// are ordered by the first principal coordinate of the distances 1 − agree (classical scaling;
/// a pair without a common vote counts as the mean distance of the others), the half of the
/// order with the higher mean agreement first; fewer than three states keep code order. Empty
/// when no dyad has that period.
AgreementMatrix agreement_matrix(const std::vector<DyadAgreement>& dyads, int period);

}  // namespace softpower::alignment
