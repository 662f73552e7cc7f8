#include "softpower/index/results.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "softpower/core/stats.hpp"
#include "softpower/index/aggregate.hpp"

namespace softpower::index {

Eigen::MatrixXd ranks_with_indicators(const Framework& framework, const YearResult& year) {
  Eigen::MatrixXd ranks = year.ranks;
  std::vector<std::pair<double, std::size_t>> buffer;
  const auto rows = static_cast<std::size_t>(year.scores.rows());
  for (Eigen::Index c = 0; c < static_cast<Eigen::Index>(framework.indicator_count()); ++c) {
    stats::rank_descending(std::span<const double>(year.scores.col(c).data(), rows),
                           std::span<double>(ranks.col(c).data(), rows), buffer);
  }
  return ranks;
}

Eigen::MatrixXd group_ranks(const YearResult& year, const std::vector<std::string>& group_of_row) {
  const Eigen::Index rows = year.scores.rows(), cols = year.scores.cols();
  Eigen::MatrixXd out =
      Eigen::MatrixXd::Constant(rows, cols, std::numeric_limits<double>::quiet_NaN());
  std::map<std::string, std::vector<Eigen::Index>> members;
  for (Eigen::Index r = 0; r < rows; ++r) {
    const std::string& g = group_of_row[static_cast<std::size_t>(r)];
    if (!g.empty()) members[g].push_back(r);
  }
  std::vector<double> values;
  for (const auto& [group, rs] : members) {
    for (Eigen::Index c = 0; c < cols; ++c) {
      values.clear();
      for (Eigen::Index r : rs) values.push_back(year.scores(r, c));
      const std::vector<double> ranks = stats::rank_descending(values);
      for (std::size_t k = 0; k < rs.size(); ++k) out(rs[k], c) = ranks[k];
    }
  }
  return out;
}

std::vector<StrengthsWeaknesses> strengths_weaknesses(const Framework& framework,
                                                      const YearResult& year, int count) {
  const auto n_ind = static_cast<Eigen::Index>(framework.indicator_count());
  const Eigen::MatrixXd ranks = ranks_with_indicators(framework, year);
  std::vector<StrengthsWeaknesses> out(static_cast<std::size_t>(ranks.rows()));
  for (Eigen::Index r = 0; r < ranks.rows(); ++r) {
    std::vector<int> present;
    const auto unit = static_cast<std::size_t>(year.rows[static_cast<std::size_t>(r)]);
    for (Eigen::Index i = 0; i < n_ind; ++i) {
      const bool observed =
          year.origins.empty() ||
          year.origins.at(unit, static_cast<std::size_t>(i)) == ValueStatus::observed;
      if (observed && !std::isnan(ranks(r, i))) present.push_back(static_cast<int>(i));
    }
    // The best k by rank and the worst k, ties in framework order: only k are sorted (a unit
    // of 100,000 indicators lists 5), not every indicator.
    const auto k = static_cast<std::ptrdiff_t>(
        std::min<std::size_t>(static_cast<std::size_t>(std::max(count, 0)), present.size()));
    auto& sw = out[static_cast<std::size_t>(r)];
    std::partial_sort(present.begin(), present.begin() + k, present.end(), [&](int a, int b) {
      return ranks(r, a) < ranks(r, b) || (ranks(r, a) == ranks(r, b) && a < b);
    });
    sw.strengths.assign(present.begin(), present.begin() + k);
    std::partial_sort(present.begin(), present.begin() + k, present.end(), [&](int a, int b) {
      return ranks(r, a) > ranks(r, b) || (ranks(r, a) == ranks(r, b) && a < b);
    });
    sw.weaknesses.assign(present.begin(), present.begin() + k);
  }
  return out;
}

}  // namespace softpower::index

namespace softpower::index {

Coverage coverage_of(const Pipeline& pipeline, const YearResult& year) {
  Coverage out;
  if (year.origins.empty()) return out;
  const Framework& f = pipeline.framework();
  const auto& nodes = f.nodes();
  const std::size_t rows = year.rows.size(), n_ind = f.indicator_count();
  out.nodes = nodes.size();
  out.status.assign(rows * nodes.size(), ValueStatus::missing);
  out.coverage = Eigen::MatrixXd::Constant(static_cast<Eigen::Index>(rows),
                                           static_cast<Eigen::Index>(nodes.size()), kNone);
  out.observed = out.coverage;
  // Indicators beneath each node and how many of them are observed: nodes come children first
  // (indicators, then each level), so one pass adds every node into its parent.
  std::vector<double> leaves(nodes.size()), seen(nodes.size());
  for (std::size_t r = 0; r < rows; ++r) {
    const auto row = static_cast<Eigen::Index>(r);
    std::fill(leaves.begin(), leaves.end(), 0.0);
    std::fill(seen.begin(), seen.end(), 0.0);
    for (std::size_t n = 0; n < nodes.size(); ++n) {
      const auto col = static_cast<Eigen::Index>(n);
      ValueStatus& status = out.status[r * nodes.size() + n];
      if (n < n_ind) {
        status = year.origins.at(static_cast<std::size_t>(year.rows[r]), n);
        leaves[n] = 1;
        seen[n] = status == ValueStatus::observed ? 1 : 0;
      } else {
        std::size_t present = 0;
        for (int c : nodes[n].children) present += std::isnan(year.scores(row, c)) ? 0 : 1;
        const std::size_t k = nodes[n].children.size();
        out.coverage(row, col) = static_cast<double>(present) / static_cast<double>(k);
        const bool scored = !std::isnan(year.scores(row, col));
        const bool below =
            below_coverage(present, k, pipeline.node_aggregation(static_cast<int>(n)).min_coverage);
        status =
            !scored ? ValueStatus::missing : (below ? ValueStatus::imputed : ValueStatus::observed);
      }
      out.observed(row, col) = seen[n] / leaves[n];
      if (nodes[n].parent >= 0) {
        leaves[static_cast<std::size_t>(nodes[n].parent)] += leaves[n];
        seen[static_cast<std::size_t>(nodes[n].parent)] += seen[n];
      }
    }
  }
  return out;
}

}  // namespace softpower::index
