#pragma once
// Instant reweighting: a new ranking for a new weight vector, reusing the normalised data of
// a built index (only the aggregation step runs). This is what the dashboard's weight sliders
// call; 200 units get their new ranking in well under a millisecond (bench/index_reweight).

#include <map>
#include <string>
#include <vector>

#include "softpower/index/pipeline.hpp"

namespace softpower::index {

struct Ranking {
  std::vector<int> rows;      ///< indices into IndexInput::units
  Eigen::MatrixXd scores;     ///< rows × framework nodes
  std::vector<double> ranks;  ///< of the root, per row (1 = best, ties share the best rank)
  std::vector<int> order;     ///< rows sorted best first (ties in input order)
};

class Reweighter {
 public:
  /// Keeps the normalised indicators of one year of a built index.
  Reweighter(const Pipeline& pipeline, const YearResult& year);

  /// The year's weights with some replaced by code ("Physical" -> 2.0). Throws Error for an
  /// unknown code or a negative or non-finite weight.
  std::vector<double> weights(const std::map<std::string, double>& changes) const;
  /// Scores and root ranks under the given weights (one per framework node).
  Ranking rank(const std::vector<double>& weights) const;

 private:
  const Pipeline& pipeline_;
  std::vector<int> rows_;
  Eigen::MatrixXd normalised_;
  Eigen::MatrixXd nominal_scores_;  ///< rows × nodes, as built
  std::vector<double> nominal_weights_;
};

}  // namespace softpower::index
