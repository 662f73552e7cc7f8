#include "softpower/index/reweight.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"

namespace softpower::index {

Reweighter::Reweighter(const Pipeline& pipeline, const YearResult& year)
    : pipeline_(pipeline),
      rows_(year.rows),
      normalised_(
          year.scores.leftCols(static_cast<Eigen::Index>(pipeline.framework().indicator_count()))),
      nominal_weights_(year.weights) {}

std::vector<double> Reweighter::weights(const std::map<std::string, double>& changes) const {
  std::vector<double> w = nominal_weights_;
  for (const auto& [code, value] : changes) {
    const auto node = pipeline_.framework().find(code);
    if (!node) throw Error("weight for '" + code + "': no indicator or aggregate has this code");
    if (!std::isfinite(value) || value < 0) {
      throw Error("weight for '" + code + "' must be a finite number >= 0, not " +
                  std::to_string(value));
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
  Ranking out;
  out.rows = rows_;
  Variant variant;
  variant.weights = weights;
  variant.fixed_weights = true;
  variant.ranks = RankScope::root;
  YearResult year;
  pipeline_.aggregate(normalised_, variant, year);
  const Eigen::VectorXd root_ranks = year.ranks.col(pipeline_.framework().root());
  out.ranks.assign(root_ranks.data(), root_ranks.data() + root_ranks.size());
  out.scores = std::move(year.scores);
  out.order.resize(out.ranks.size());
  std::iota(out.order.begin(), out.order.end(), 0);
  std::stable_sort(out.order.begin(), out.order.end(), [&](int a, int b) {
    const double ra = out.ranks[static_cast<std::size_t>(a)],
                 rb = out.ranks[static_cast<std::size_t>(b)];
    if (std::isnan(ra)) return false;
    return std::isnan(rb) || ra < rb;
  });
  return out;
}

}  // namespace softpower::index
