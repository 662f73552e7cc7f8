// The audit's bounds (issue 13): siblings are correlated pair by pair only under an aggregate
// of at most kMaxSiblingsCorrelated components, a node with at most kMaxAncestorsCorrelated
// aggregates above it and the index, and what the bounds leave out is counted. Spearman's rho
// ranks each complete column once and still equals stats::spearman, with and without missing
// values; principal components of an aggregate wider than its units are those of the direct
// computation.

#include <gtest/gtest.h>

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>

#include "softpower/core/stats.hpp"
#include "softpower/index/audit.hpp"
#include "softpower/index/pca.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/results.hpp"
#include "softpower/index/spec.hpp"
#include "support/generated_index.hpp"

namespace softpower::index {
namespace {

struct Built {
  Spec spec;
  Pipeline pipeline;
  IndexInput input;
  IndexResult result;
  Audit audit;
  Built(const std::string& text, std::size_t units)
      : spec(parse_spec(text, "generated.toml")),
        pipeline(spec),
        input(testing::generated_input(spec, units)) {}
  void run() {
    result = pipeline.run(input);
    audit = audit_year(pipeline, result.years.front());
  }
  int node(const std::string& code) const { return *pipeline.framework().find(code); }
  std::vector<double> column(const std::string& code) const {
    const auto& s = result.years.front().scores;
    const Eigen::VectorXd c = s.col(node(code));
    return {c.data(), c.data() + c.size()};
  }
};

std::size_t count(const Audit& a, const std::string& relation) {
  std::size_t n = 0;
  for (const Correlation& c : a.correlations) n += c.relation == relation ? 1 : 0;
  return n;
}

const AggregateAudit& aggregate(const Built& b, const std::string& code) {
  for (const AggregateAudit& g : b.audit.aggregates) {
    if (g.node == b.node(code)) return g;
  }
  throw std::runtime_error("no aggregate " + code);
}

TEST(AuditBounds, SiblingsAreCorrelatedPairByPairUpToTheBound) {
  ASSERT_EQ(kMaxSiblingsCorrelated, 50U);
  Built at(testing::flat_spec(50), 12);
  at.run();
  EXPECT_EQ(count(at.audit, "sibling"), 50U * 49U / 2U);
  EXPECT_EQ(count(at.audit, "parent"), 50U);
  EXPECT_EQ(at.audit.sibling_pairs_left_out, 0U);
  EXPECT_EQ(aggregate(at, "root").sibling_pairs_left_out, 0U);

  Built over(testing::flat_spec(51), 12);
  over.run();
  EXPECT_EQ(count(over.audit, "sibling"), 0U);
  EXPECT_EQ(count(over.audit, "parent"), 51U);  // every component with its aggregate still
  EXPECT_EQ(over.audit.sibling_pairs_left_out, 51U * 50U / 2U);
  EXPECT_EQ(aggregate(over, "root").sibling_pairs_left_out, 51U * 50U / 2U);
  // The aggregate's own statistics are still computed over all 51 components.
  EXPECT_FALSE(std::isnan(aggregate(over, "root").cronbach_alpha));
  EXPECT_FALSE(std::isnan(aggregate(over, "root").pca_first_share));
  // And a pair with its parent has the direct value.
  for (const Correlation& c : over.audit.correlations) {
    if (c.a != over.node("i7")) continue;
    EXPECT_DOUBLE_EQ(c.pearson, stats::pearson(over.column("i7"), over.column("root")));
    EXPECT_DOUBLE_EQ(c.spearman, stats::spearman(over.column("i7"), over.column("root")));
  }
}

TEST(AuditBounds, ANodeIsCorrelatedWithTheTenAggregatesNearestAboveItAndTheIndex) {
  ASSERT_EQ(kMaxAncestorsCorrelated, 10U);
  // Two indicators (levels 1) under a chain a1 (level 2) ... a15 (level 16, the index).
  Built b(testing::chain_spec(15, 2), 12);
  b.run();
  std::set<std::string> above_i0;
  const auto& nodes = b.pipeline.framework().nodes();
  for (const Correlation& c : b.audit.correlations) {
    if (c.a == b.node("i0")) above_i0.insert(nodes[static_cast<std::size_t>(c.b)].code);
  }
  EXPECT_EQ(above_i0, (std::set<std::string>{"a1", "a10", "a15", "a2", "a3", "a4", "a5", "a6", "a7",
                                             "a8", "a9", "i1"}));
  // Left out: a11-a14 for i0 and i1, a12-a14 for a1, a13-a14 for a2, a14 for a3.
  EXPECT_EQ(b.audit.ancestor_pairs_left_out, 4U + 4U + 3U + 2U + 1U);
  EXPECT_EQ(count(b.audit, "parent"), 16U);
  EXPECT_EQ(count(b.audit, "ancestor"),
            2U * 10U + 10U + 10U + 10U + 10U + 9U + 8U + 7U + 6U + 5U + 4U + 3U + 2U + 1U);
  EXPECT_EQ(b.audit.sibling_pairs_left_out, 0U);

  // A chain of up to 11 aggregates above a node leaves nothing out.
  Built short_chain(testing::chain_spec(11, 1), 12);
  short_chain.run();
  EXPECT_EQ(short_chain.audit.ancestor_pairs_left_out, 0U);
  EXPECT_EQ(count(short_chain.audit, "parent") + count(short_chain.audit, "ancestor"),
            12U * 11U / 2U);
}

TEST(AuditBounds, SpearmanRanksEachColumnOnceAndMatchesTheDirectComputation) {
  Built b(testing::flat_spec(4), 15);
  b.input.raw[0](3, 0) = NAN;  // i0 misses a unit: its pairs are ranked over the units both have
  b.input.raw[0](9, 0) = b.input.raw[0](10, 0);  // and a tie
  b.run();
  std::size_t checked = 0;
  const auto& nodes = b.pipeline.framework().nodes();
  for (const Correlation& c : b.audit.correlations) {
    const auto a = b.column(nodes[static_cast<std::size_t>(c.a)].code);
    const auto other = b.column(nodes[static_cast<std::size_t>(c.b)].code);
    EXPECT_DOUBLE_EQ(c.spearman, stats::spearman(a, other)) << c.a << " " << c.b;
    ++checked;
  }
  EXPECT_EQ(checked, 4U + 6U);
}

TEST(AuditBounds, PrincipalComponentsOfMoreComponentsThanUnitsAreThoseOfTheDirectComputation) {
  // 7 units, 30 components: through the 7 x 7 matrix of the units.
  Eigen::MatrixXd x(7, 30);
  for (Eigen::Index r = 0; r < x.rows(); ++r) {
    for (Eigen::Index c = 0; c < x.cols(); ++c)
      x(r, c) = testing::value_of(static_cast<std::size_t>(r), static_cast<std::size_t>(c)) +
                static_cast<double>(r * c % 5);
  }
  const PcaSummary pca = principal_components(x);

  Eigen::MatrixXd z = x.rowwise() - x.colwise().mean();
  for (Eigen::Index c = 0; c < z.cols(); ++c) z.col(c) /= std::sqrt(z.col(c).squaredNorm() / 6);
  const Eigen::MatrixXd corr = z.transpose() * z / 6;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> direct(corr);
  ASSERT_EQ(pca.eigenvalues.size(), 30U);
  for (Eigen::Index i = 0; i < 30; ++i)
    EXPECT_NEAR(pca.eigenvalues[static_cast<std::size_t>(i)],
                std::max(direct.eigenvalues()(29 - i), 0.0), 1e-9);
  EXPECT_NEAR(pca.first_share, direct.eigenvalues()(29) / corr.trace(), 1e-10);
  Eigen::VectorXd first = direct.eigenvectors().col(29);
  if (first.sum() < 0) first = -first;
  for (Eigen::Index c = 0; c < 30; ++c)
    EXPECT_NEAR(pca.loadings[static_cast<std::size_t>(c)], first(c), 1e-9);
}

TEST(StrengthsWeaknesses, OnlyTheBestAndWorstAreSortedTiesInFrameworkOrder) {
  // 40 indicators over 6 units, in three kinds: rising with the unit, falling, and flat but
  // for one unit, so each unit has many indicators of the same rank.
  Built b(testing::flat_spec(40), 6);
  for (std::size_t i = 0; i < 40; ++i) {
    for (Eigen::Index u = 0; u < 6; ++u) {
      const auto x = static_cast<double>(u);
      b.input.raw[i](u, 0) = i % 3 == 0 ? x : i % 3 == 1 ? -x : (u == 2 ? 1.0 : 0.0);
    }
  }
  b.input.raw[7](4, 0) = NAN;  // left out of unit 4's lists
  b.run();
  const YearResult& year = b.result.years.front();
  const auto& f = b.pipeline.framework();
  const Eigen::MatrixXd ranks = ranks_with_indicators(f, year);
  const auto lists = strengths_weaknesses(f, year, 5);
  ASSERT_EQ(lists.size(), 6U);
  for (Eigen::Index r = 0; r < 6; ++r) {
    // Directly: every indicator with a rank, stably sorted by rank one way, then the other.
    std::vector<int> order;
    for (int i = 0; i < 40; ++i) {
      if (!std::isnan(ranks(r, i))) order.push_back(i);
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int c) { return ranks(r, a) < ranks(r, c); });
    const std::vector<int> best(order.begin(), order.begin() + 5);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int c) { return ranks(r, a) > ranks(r, c); });
    const std::vector<int> worst(order.begin(), order.begin() + 5);
    EXPECT_EQ(lists[static_cast<std::size_t>(r)].strengths, best) << r;
    EXPECT_EQ(lists[static_cast<std::size_t>(r)].weaknesses, worst) << r;
  }
  EXPECT_EQ(lists[5].strengths, (std::vector<int>{0, 3, 6, 9, 12}));  // rank 1, in order
  // Rank 6 of 6, in order; indicator 7 misses unit 4, so unit 5 is 5th of 5 there.
  EXPECT_EQ(lists[5].weaknesses, (std::vector<int>{1, 4, 10, 13, 16}));
}

}  // namespace
}  // namespace softpower::index
