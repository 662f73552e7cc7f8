#include "softpower/index/audit.hpp"

#include <algorithm>
#include <cmath>

#include "softpower/core/error.hpp"
#include "softpower/core/stats.hpp"
#include "softpower/index/pca.hpp"

namespace softpower::index {

namespace {

std::span<const double> column(const Eigen::MatrixXd& m, Eigen::Index c) {
  return {m.col(c).data(), static_cast<std::size_t>(m.rows())};
}

std::vector<std::string> flags_for(double r, bool siblings) {
  std::vector<std::string> flags;
  if (std::isnan(r)) return flags;
  if (r < 0) flags.emplace_back("negative");
  if (!siblings && r >= 0 && r < 0.3) flags.emplace_back("weak");
  if (siblings && r > 0.9) flags.emplace_back("collinear");
  return flags;
}

// Spearman's rho of two columns. Where neither has a missing value the pair's ranks are the
// columns' own, ranked once per column and kept (the same numbers stats::spearman gives);
// otherwise the pair is ranked over the units both have.
class SpearmanColumns {
 public:
  explicit SpearmanColumns(const Eigen::MatrixXd& m)
      : m_(m), ranks_(static_cast<std::size_t>(m.cols())), state_(ranks_.size(), kUnknown) {}

  double operator()(int a, int b) {
    const std::vector<double>* ra = complete_ranks(a);
    const std::vector<double>* rb = ra != nullptr ? complete_ranks(b) : nullptr;
    if (rb == nullptr) return stats::spearman(column(m_, a), column(m_, b));
    return stats::pearson(*ra, *rb);
  }

 private:
  static constexpr char kUnknown = 0, kComplete = 1, kMissing = 2;

  const std::vector<double>* complete_ranks(int c) {
    const auto i = static_cast<std::size_t>(c);
    if (state_[i] == kUnknown) {
      const auto x = column(m_, c);
      const bool complete =
          std::none_of(x.begin(), x.end(), [](double v) { return std::isnan(v); });
      state_[i] = complete ? kComplete : kMissing;
      if (complete) ranks_[i] = stats::rank(x, stats::Ties::average);
    }
    return state_[i] == kComplete ? &ranks_[i] : nullptr;
  }

  const Eigen::MatrixXd& m_;
  std::vector<std::vector<double>> ranks_;
  std::vector<char> state_;
};

}  // namespace

double cronbach_alpha(const Eigen::MatrixXd& columns) {
  std::vector<Eigen::Index> complete;
  for (Eigen::Index r = 0; r < columns.rows(); ++r) {
    if (!columns.row(r).array().isNaN().any()) complete.push_back(r);
  }
  const Eigen::Index k = columns.cols();
  if (k < 2 || complete.size() < 2) return kNone;
  double sum_var = 0;
  std::vector<double> values(complete.size()), totals(complete.size(), 0.0);
  for (Eigen::Index c = 0; c < k; ++c) {
    for (std::size_t i = 0; i < complete.size(); ++i) {
      values[i] = columns(complete[i], c);
      totals[i] += values[i];
    }
    const double s = stats::sd(values);
    sum_var += s * s;
  }
  const double st = stats::sd(totals);
  if (st == 0) return kNone;
  const double kd = static_cast<double>(k);
  return kd / (kd - 1) * (1 - sum_var / (st * st));
}

Audit audit_year(const Pipeline& pipeline, const YearResult& year) {
  const Framework& f = pipeline.framework();
  const auto& nodes = f.nodes();
  Audit audit;
  const StepTable& raw = year.tables.front();
  const auto imputed_table =
      std::find_if(year.tables.begin(), year.tables.end(),
                   [](const StepTable& t) { return t.name == step_dataset_name(Step::impute); });
  for (std::size_t i = 0; i < f.indicator_count(); ++i) {
    IndicatorStats s;
    s.node = static_cast<int>(i);
    const auto x = column(raw.values, static_cast<Eigen::Index>(i));
    s.n = stats::count(x);
    s.availability = raw.values.rows() > 0
                         ? static_cast<double>(s.n) / static_cast<double>(raw.values.rows())
                         : 0;
    if (imputed_table != year.tables.end() && imputed_table->values.rows() > 0) {
      const auto filled = column(imputed_table->values, static_cast<Eigen::Index>(i));
      s.availability_imputed = static_cast<double>(stats::count(filled)) /
                               static_cast<double>(imputed_table->values.rows());
    }
    s.min = stats::min(x);
    s.max = stats::max(x);
    s.mean = stats::mean(x);
    s.median = stats::median(x);
    s.sd = stats::sd(x);
    s.skew = stats::skewness(x);
    s.kurtosis = stats::kurtosis(x);
    s.skew_kurtosis_outlier = !std::isnan(s.skew) && std::abs(s.skew) >= 2 && s.kurtosis >= 3.5;
    const double q1 = stats::quantile(x, 0.25), q3 = stats::quantile(x, 0.75);
    for (double v : x) {
      if (!std::isnan(v) && (v < q1 - 1.5 * (q3 - q1) || v > q3 + 1.5 * (q3 - q1)))
        ++s.iqr_outliers;
    }
    if (i < year.treatment.size()) {
      const TreatmentRecord& t = year.treatment[i];
      s.treated_skew = t.skew_after;
      s.treated_kurtosis = t.kurtosis_after;
      s.treated_points = t.points.size();
      if (t.applied != TreatMethod::none) s.treatment = std::string(method_name(t.applied));
    }
    audit.indicators.push_back(s);
  }

  const Eigen::MatrixXd& scores = year.scores;
  SpearmanColumns spearman(scores);
  auto correlate = [&](int a, int b, const char* relation) {
    Correlation c;
    c.a = a;
    c.b = b;
    c.relation = relation;
    c.pearson = stats::pearson(column(scores, a), column(scores, b));
    c.spearman = spearman(a, b);
    c.flags = flags_for(c.pearson, c.relation == "sibling");
    audit.correlations.push_back(std::move(c));
  };
  // Parents are one level up, so a node has (top level - its level) aggregates above it.
  const int root = f.root();
  for (std::size_t n = 0; n < nodes.size(); ++n) {
    const int node = static_cast<int>(n);
    if (nodes[n].parent < 0) continue;
    correlate(node, nodes[n].parent, "parent");
    const auto above = static_cast<std::size_t>(f.top_level() - nodes[n].level);
    std::size_t taken = 1;
    for (int up = nodes[static_cast<std::size_t>(nodes[n].parent)].parent;
         up >= 0 && taken < kMaxAncestorsCorrelated;
         up = nodes[static_cast<std::size_t>(up)].parent, ++taken) {
      correlate(node, up, "ancestor");
    }
    if (above > kMaxAncestorsCorrelated) {
      correlate(node, root, "ancestor");
      audit.ancestor_pairs_left_out += above - kMaxAncestorsCorrelated - 1;
    }
  }
  for (std::size_t n = f.indicator_count(); n < nodes.size(); ++n) {
    const auto& kids = nodes[n].children;
    const std::size_t pairs = kids.size() * (kids.size() - 1) / 2;
    if (kids.size() <= kMaxSiblingsCorrelated) {
      for (std::size_t a = 0; a < kids.size(); ++a) {
        for (std::size_t b = a + 1; b < kids.size(); ++b) correlate(kids[a], kids[b], "sibling");
      }
    }
    AggregateAudit agg;
    agg.node = static_cast<int>(n);
    if (kids.size() > kMaxSiblingsCorrelated) {
      agg.sibling_pairs_left_out = pairs;
      audit.sibling_pairs_left_out += pairs;
    }
    Eigen::MatrixXd children(scores.rows(), static_cast<Eigen::Index>(kids.size()));
    for (std::size_t c = 0; c < kids.size(); ++c)
      children.col(static_cast<Eigen::Index>(c)) = scores.col(kids[c]);
    agg.cronbach_alpha = cronbach_alpha(children);
    if (kids.size() >= 2) {
      try {
        const PcaSummary p = principal_components(children);
        agg.pca_first_share = p.first_share;
        agg.complete_units = p.units;
      } catch (const Error&) {
        agg.complete_units = 0;  // too few complete units: reported as missing
      }
    }
    audit.aggregates.push_back(agg);
  }
  return audit;
}

}  // namespace softpower::index
