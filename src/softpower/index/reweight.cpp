#include "softpower/index/reweight.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <span>
#include <utility>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::index {

Reweighter::Reweighter(const Pipeline& pipeline, const YearResult& year)
    : pipeline_(pipeline),
      rows_(year.rows),
      normalised_(
          year.scores.leftCols(static_cast<Eigen::Index>(pipeline.framework().indicator_count()))),
      nominal_scores_(year.scores),
      nominal_weights_(year.weights) {}

std::vector<double> Reweighter::weights(const std::map<std::string, double>& changes) const {
  std::vector<double> w = nominal_weights_;
  for (const auto& [code, value] : changes) {
    const auto node = pipeline_.framework().find(code);
    if (!node) throw Error("weight for '" + code + "': no indicator or aggregate has this code");
    if (!std::isfinite(value) || value < 0 || value > kMaxWeight) {
      throw Error(fmt::format("weight for '{}' must be between 0 and {:g}, not {}", code,
                              kMaxWeight, value));
    }
    w[static_cast<std::size_t>(*node)] = value;
  }
  return w;
}

Ranking Reweighter::rank(const std::vector<double>& weights) const {
  if (weights.size() != pipeline_.framework().nodes().size()) {
    throw Error("reweighting needs one weight per framework node (" +
                std::to_string(pipeline_.framework().nodes().size()) + "), got " +
                std::to_string(weights.size()));
  }
  const auto& all = pipeline_.framework().nodes();
  std::vector<double> sum(all.size(), 0.0);
  for (std::size_t n = 0; n < all.size(); ++n) {
    if (!std::isfinite(weights[n]) || weights[n] < 0 || weights[n] > kMaxWeight) {
      throw Error(fmt::format("weight for '{}' must be between 0 and {:g}, not {}", all[n].code,
                              kMaxWeight, weights[n]));
    }
    if (all[n].parent >= 0) sum[static_cast<std::size_t>(all[n].parent)] += weights[n];
  }
  for (std::size_t n = pipeline_.framework().indicator_count(); n < all.size(); ++n) {
    if (!(sum[n] > 0)) {
      throw Error("the weights of the children of '" + all[n].code +
                  "' are all 0: give at least one a weight above 0");
    }
  }
  Ranking out;
  out.rows = rows_;
  Variant variant;
  variant.weights = weights;
  variant.fixed_weights = true;
  variant.ranks = RankScope::none;  // ranked below, with the order in the same sort
  // An aggregate none of whose descendants' weights moved keeps its built scores (a pillar
  // slider leaves every pillar's scores as they were, and only the root is aggregated again).
  const auto& nodes = pipeline_.framework().nodes();
  variant.known.assign(nodes.size(), true);
  for (std::size_t n = pipeline_.framework().indicator_count(); n < nodes.size(); ++n) {
    for (int c : nodes[n].children) {
      const auto child = static_cast<std::size_t>(c);
      if (!variant.known[child] || weights[child] != nominal_weights_[child]) {
        variant.known[n] = false;
        break;
      }
    }
  }
  variant.known_scores = &nominal_scores_;
  YearResult year;
  pipeline_.aggregate(normalised_, variant, year);
  out.scores = std::move(year.scores);
  // Ranks of the root; the sorted (−score, row) pairs are also the order, best first with
  // ties in input order, and the rows without a score go last in input order.
  const auto n_rows = static_cast<std::size_t>(out.scores.rows());
  out.ranks.resize(n_rows);
  std::vector<std::pair<double, std::size_t>> sorted;
  sorted.reserve(n_rows);
  stats::rank_descending(
      std::span<const double>(out.scores.col(pipeline_.framework().root()).data(), n_rows),
      out.ranks, sorted);
  out.order.reserve(n_rows);
  for (const auto& [score, row] : sorted) out.order.push_back(static_cast<int>(row));
  for (std::size_t r = 0; r < n_rows; ++r) {
    if (std::isnan(out.ranks[r])) out.order.push_back(static_cast<int>(r));
  }
  if (sorted.empty()) throw Error("no unit has a score under these weights");
  return out;
}

}  // namespace softpower::index
