#pragma once
// The declarative description of a composite index (a TOML file): the framework tree
// (indicators -> pillars -> sub-indices -> index, any depth), each indicator's direction,
// weight, denominator, unit, target and source, each level's aggregation and data-availability
// threshold, and the pipeline steps with their parameters. See docs/index-spec.md.

#include <cstddef>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace softpower::index {

constexpr double kNone = std::numeric_limits<double>::quiet_NaN();

/// Bounds of a spec's and the index operations' numbers (docs/bounds.md).
constexpr int kMinYear = 1;  ///< index, indicator and reference years
constexpr int kMaxYear = 9999;
constexpr int kMaxLevels = 1'000'000;   ///< depth of the framework tree (levels)
constexpr double kMaxWeight = 1e12;     ///< a weight; sums of many stay finite
constexpr double kMaxMagnitude = 1e15;  ///< targets, goalposts, ranges, means, scales

enum class Step { denominate, impute, screen, treat, normalise, aggregate };

enum class ImputeMethod {
  none,
  zero,
  mean,
  median,
  group_mean,
  group_median,
  latest,
  constant,
  linear
};
enum class ScreenBy { none, na, zeros, na_and_zeros };
enum class TreatMethod { none, winsorise, log, boxcox };
enum class NormaliseMethod {
  none,
  minmax,     ///< (x - min)/(max - min) (u - l) + l
  zscore,     ///< (x - mean)/sd s + m
  rank,       ///< rank, ties "min"
  prank,      ///< percentile rank (rank - 1)/(n - 1)
  borda,      ///< rank - 1
  goalposts,  ///< (x - lo)/(hi - lo), truncated to [0, 1], times scale
  dist2targ,  ///< 1 - (target - x)/(target - min), optionally capped at 1
  dist2max,   ///< 1 - (max - x)/(max - min)
  dist2ref,   ///< 1 - (x_ref - x)/(x_ref - min), reference unit
  fracmax,    ///< x / max
  refmax,     ///< x scale / max over units in a reference year (the Elcano index)
};
enum class AggregateMethod { arithmetic, geometric, harmonic, generalised, copeland, outranking };
enum class WeightMethod { manual, equal, pca };
/// What an aggregate does for a unit whose coverage (share of children with a value) is below
/// its minimum: no score, or a score with the missing children filled by the children's mean
/// or lowest score over the year's units. See docs/index-aggregate.md.
enum class BelowCoverage { missing, mean, min };

/// The default minimum coverage of every aggregate: two thirds of its children.
constexpr double kDefaultMinCoverage = 2.0 / 3.0;

struct ImputeSpec {
  ImputeMethod method = ImputeMethod::none;
  std::string group;  ///< unit attribute for group_mean / group_median
  int max_time = 0;   ///< panels: years to look back (0 = all)
};

struct ScreenSpec {
  ScreenBy by = ScreenBy::none;
  double threshold = 2.0 / 3.0;  ///< minimum share of indicators present (COINr default 2/3)
  double nonzero = 0.05;         ///< minimum share of non-zero values among those present
  std::vector<std::string> force_in, force_out;
  std::string force_in_reason, force_out_reason;  ///< why, shown wherever the units are listed
};

struct TreatSpec {
  TreatMethod method = TreatMethod::winsorise;
  int winmax = 5;                           ///< most points to winsorise (< 0: no limit)
  double skew = 2.0;                        ///< fails when |skew| >= skew ...
  double kurtosis = 3.5;                    ///< ... and kurtosis >= kurtosis
  TreatMethod fallback = TreatMethod::log;  ///< applied to the original values if still failing
  double lambda = 0.0;                      ///< Box-Cox parameter
  bool force_win = false;                   ///< winsorise winmax points even when passing
  bool combine = false;                     ///< apply the fallback to the winsorised values instead
};

struct NormaliseSpec {
  NormaliseMethod method = NormaliseMethod::minmax;
  double lower = 0, upper = 100;                                  ///< minmax range
  double mean = 0, sd = 1;                                        ///< zscore target
  double goal_lower = kNone, goal_upper = kNone, goal_scale = 1;  ///< goalposts
  bool truncate = true;                                           ///< goalposts: clip to [0, 1]
  bool cap = false;      ///< dist2targ / dist2ref: scores above 1 become 1
  std::string ref_unit;  ///< dist2ref
  int ref_year = 0;      ///< refmax (0 = the index year)
  double scale = 1;      ///< refmax multiplier
  bool global = false;   ///< panels: parameters from all years at once
};

struct LevelAggregation {
  AggregateMethod method = AggregateMethod::arithmetic;
  double p = 1;                                  ///< generalised mean exponent
  double min_coverage = kDefaultMinCoverage;     ///< minimum share of children with a value
  BelowCoverage below = BelowCoverage::missing;  ///< what a unit below min_coverage gets
  WeightMethod weights = WeightMethod::manual;
};

struct IndicatorSpec {
  std::string code, name, parent, unit, description;
  std::string dataset, source;  ///< dataset (reader id) and its indicator code
  int direction = 1;
  double weight = 1;
  std::string denominator_dataset, denominator;  ///< empty = not denominated
  double scale_factor = 1;                       ///< x / (denominator / scale_factor)
  double target = kNone;
  int year = 0;  ///< a fixed data year for this indicator (0 = the index year)
  std::optional<NormaliseSpec> normalise;
  std::optional<TreatSpec> treat;
  std::optional<ImputeMethod> impute;  ///< this indicator's own imputation method
  std::optional<int> max_time;         ///< this indicator's own look-back (latest)
  std::size_t line = 0;
};

struct AggregateSpec {
  std::string code, name, parent, description;
  double weight = 1;
  std::optional<double> min_coverage;  ///< overrides the level's minimum coverage
  std::optional<BelowCoverage> below;  ///< overrides the level's rule below it
  std::size_t line = 0;
};

/// The methodological choices an uncertainty analysis varies ([uncertainty] in the spec).
struct UncertaintySpec {
  bool declared = false;
  std::map<int, double> weight_noise;         ///< level -> phi: weights times U(1 - phi, 1 + phi)
  std::vector<NormaliseSpec> normalisations;  ///< alternatives drawn with equal probability
  std::vector<AggregateMethod> aggregations;
  std::vector<ImputeMethod> imputations;
  bool treatment = false;          ///< outlier treatment on or off
  bool leave_one_out = false;      ///< no indicator or one indicator left out
  std::string sampling = "sobol";  ///< sobol | random
  int runs = 1000;
};

struct Spec {
  std::string file;  ///< where the spec was read from (for messages)
  std::string name, description;
  std::vector<int> years;
  std::vector<std::string> datasets;  ///< reader ids that provide the data
  std::vector<std::string> units;     ///< restrict to these units (empty = all with data)
  std::vector<std::string> groups;    ///< unit attributes to rank within ("EurAsia_group")
  std::vector<std::string> level_names;
  std::vector<IndicatorSpec> indicators;
  std::vector<AggregateSpec> aggregates;
  std::vector<Step> steps;
  ImputeSpec impute;
  ScreenSpec screen;
  TreatSpec treat;
  NormaliseSpec normalise;
  LevelAggregation aggregation;                       ///< default for every level
  std::map<int, LevelAggregation> level_aggregation;  ///< per level (2 = pillars)
  int strengths = 5;                                  ///< strengths/weaknesses listed per unit
  UncertaintySpec uncertainty;
};

/// Parses a spec; throws Error with "file:line: what is wrong" for bad TOML, unknown keys,
/// wrong types, unknown methods and an invalid framework tree.
Spec parse_spec(std::string_view toml_text, const std::string& file);

std::string_view step_name(Step step);
std::string_view step_dataset_name(Step step);  ///< "Denominated", "Imputed", ...
std::string_view method_name(NormaliseMethod method);
std::string_view method_name(AggregateMethod method);
std::string_view method_name(ImputeMethod method);
std::string_view method_name(TreatMethod method);
std::string_view rule_name(BelowCoverage rule);

}  // namespace softpower::index
