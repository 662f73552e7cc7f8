#pragma once
// The index pipeline: the spec's steps (denominate, impute, screen, treat, normalise,
// aggregate, in the spec's order) applied to the assembled input, for every index year.
// Pure computation: no files; inputs are panels already read by sources/.

#include <Eigen/Dense>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "softpower/core/panel.hpp"
#include "softpower/index/framework.hpp"
#include "softpower/index/screen.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/index/treat.hpp"

namespace softpower::index {

/// Unit attributes (group columns) by attribute, then unit code.
using UnitGroups = std::map<std::string, std::map<std::string, std::string>>;

/// Everything the pipeline reads, gathered from the datasets a spec names.
struct IndexInput {
  std::vector<std::string> units;  ///< registry codes, in a stable order
  std::vector<int> years;          ///< every data year seen (ascending)
  std::vector<int> index_years;    ///< the spec's years
  /// Per indicator (spec order): units × years of raw values and of denominators (the latter
  /// empty when the indicator is not denominated).
  std::vector<Eigen::MatrixXd> raw, denominator;
  /// Per indicator and index year: the column of `years` it takes its data from.
  std::vector<std::vector<int>> column_of;
  /// Per group attribute, each unit's group ("" = none).
  std::map<std::string, std::vector<std::string>> groups;
};

/// Picks the spec's indicators out of the datasets (keyed by reader id) and lines up units
/// and years. Throws Error naming the spec line when an indicator or dataset is missing.
IndexInput assemble_input(const Spec& spec, const std::map<std::string, Panel>& datasets,
                          const UnitGroups& groups = {});

/// A unit × column table after one step.
struct StepTable {
  std::string name;          ///< "Raw", "Denominated", ..., "Aggregated"
  std::vector<int> rows;     ///< indices into IndexInput::units
  std::vector<int> columns;  ///< framework node indices
  Eigen::MatrixXd values;
};

/// Where each indicator value of a year came from (docs/index-impute.md, "Flags").
enum class ValueStatus : std::uint8_t { observed, imputed, missing };

/// Per unit (IndexInput::units) and indicator of one year: observed (a value in the data of
/// the year the indicator reads), imputed (filled by the impute step) or missing (no value
/// entered aggregation); the data years a value comes from (0 = none: an imputation across
/// units, or missing); the impute method of each indicator.
struct ValueOrigins {
  std::size_t indicators = 0;
  std::vector<ValueStatus> status;     ///< units × indicators, row-major
  Eigen::MatrixXi from_year, to_year;  ///< equal but for linear interpolation between two years
  std::vector<ImputeMethod> method;    ///< per indicator, as applied (none: no impute step)

  bool empty() const { return status.empty(); }
  ValueStatus at(std::size_t unit, std::size_t indicator) const {
    return status[unit * indicators + indicator];
  }
};

struct YearResult {
  int year = 0;
  std::vector<StepTable> tables;           ///< Raw, then one per step before aggregation
  std::vector<TreatmentRecord> treatment;  ///< per indicator (empty when no treat step)
  ScreenRecord screening;                  ///< over the units entering the screen step
  std::vector<int> screened_rows;          ///< the units the screen step saw
  std::vector<int> rows;                   ///< units in the results (after screening)
  Eigen::MatrixXd scores;                  ///< rows × framework nodes
  Eigen::MatrixXd ranks;                   ///< rows × nodes: 1 = best, ties share the best rank
                                           ///< (NaN for nodes outside the run's RankScope)
  std::vector<double> weights;             ///< per node, as used (PCA weights where asked)
  std::size_t imputed = 0;                 ///< values filled by the impute step
  ValueOrigins origins;                    ///< empty when the run keeps no tables
};

struct IndexResult {
  std::vector<YearResult> years;
};

/// Which nodes a run ranks: indicator ranks are needed only for reports (indicator_ranks()
/// in results.hpp gives them), replications need only the root's.
enum class RankScope { none, root, aggregates, all };

/// Changes to the spec's choices for one run, as an uncertainty analysis draws them.
struct Variant {
  std::vector<double> weights;                 ///< per framework node; empty = as declared
  std::optional<NormaliseSpec> normalise;      ///< replaces every indicator's normalisation
  std::optional<AggregateMethod> aggregation;  ///< replaces every level's aggregation method
  std::optional<ImputeMethod> impute;          ///< replaces the impute step's method
  bool treat = true;                           ///< false skips the treat step
  int leave_out = -1;                          ///< indicator dropped before aggregation (-1: none)
  bool keep_tables = true;                     ///< false: no step tables (fast replications)
  RankScope ranks = RankScope::aggregates;     ///< which nodes get ranks
  bool fixed_weights = false;                  ///< true: `weights` as given, no equal/PCA weights
  /// Reweighting: the scores start from `known_scores` (rows × nodes, whose indicator
  /// columns are the normalised indicators), and the aggregates marked in `known` keep them
  /// instead of being aggregated, because no weight below them moved. Needs fixed_weights.
  const Eigen::MatrixXd* known_scores = nullptr;
  std::vector<bool> known;  ///< per framework node; empty = none
};

/// Where a run starts when not from the raw input: each index year's data after the spec's
/// first `steps` steps, as an earlier run of the same input and the same first steps kept
/// them (its YearResult::tables[steps]). Such a run repeats only the later steps (the
/// dashboard's method choices redo treatment, normalisation and aggregation, not the imputing
/// and screening before them); it records no value origins and no step tables before its start.
struct Resume {
  std::size_t steps = 0;
  std::vector<const StepTable*> tables;  ///< one per index year of the input, in its order
};

/// The input restricted to one of its index years (0: the last), so that a run builds only
/// that year. Throws Error naming --year when the input has no such index year.
IndexInput single_year(const IndexInput& input, int year);

/// A spec compiled for repeated runs: the framework, the per-indicator treatment and
/// normalisation, the step order and the aggregation of each level.
class Pipeline {
 public:
  explicit Pipeline(Spec spec);

  const Spec& spec() const { return spec_; }
  const Framework& framework() const { return framework_; }
  const LevelAggregation& aggregation(int level) const;
  /// The aggregation of one aggregate node: its level's, with the node's own min_coverage and
  /// below from its [[aggregate]].
  const LevelAggregation& node_aggregation(int node) const;

  /// Runs every step for every index year. Throws Error on impossible input (a geometric
  /// mean over a zero, a reference unit or year that is absent, ...).
  IndexResult run(const IndexInput& input, const Variant& variant = {}) const;
  /// The same from the data `resume` holds: only the steps after its first `steps` run.
  /// Throws Error when it holds no table per index year or would skip the aggregation.
  IndexResult run(const IndexInput& input, const Variant& variant, const Resume& resume) const;

  /// The aggregation step alone, on normalised indicators (rows × indicators): sets the
  /// scores of every node, the weights used (equal or PCA where the level asks) and the ranks
  /// of `into`. Used for fast replications and reweighting.
  void aggregate(const Eigen::MatrixXd& normalised, const Variant& variant, YearResult& into) const;

 private:
  IndexResult run_steps(const IndexInput& input, const Variant& variant,
                        const Resume* resume) const;

  Spec spec_;
  Framework framework_;
  std::vector<TreatSpec> treat_;
  std::vector<NormaliseSpec> normalise_;
  std::vector<LevelAggregation> levels_;  ///< index = level
  std::vector<LevelAggregation> nodes_;   ///< index = node (aggregates; indicators unused)
};

/// Throws Error when a year of a result has no units or no unit with a finite score at the
/// root: an index of nothing is an error, never an empty success.
void check_scored(const Framework& framework, const YearResult& year, const std::string& file);

}  // namespace softpower::index
