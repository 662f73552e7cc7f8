#pragma once
// Uncertainty and sensitivity analysis of an index (Saisana, Saltelli and Tarantola 2005;
// COINr's get_sensitivity): the methodological choices declared in [uncertainty] are drawn
// many times from a Sobol' or pseudo-random sample, the index is rebuilt for each draw, and
// each unit's rank distribution and each choice's share of the rank variance are reported.
// Every run depends only on its sample row, so results are identical for any thread count,
// and for any number of ranks of an MPI job, over which the runs are spread in units of 64
// (core/distributed). See docs/index-uncertainty.md and docs/index-sensitivity.md.

#include <Eigen/Dense>
#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "softpower/core/distributed.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/core/sensitivity.hpp"
#include "softpower/index/pipeline.hpp"

namespace softpower::index {

/// One uncertain input: a choice drawn from one column of the sample, or a level's weights
/// (one column per weight).
struct UncertainInput {
  enum class Kind { weights, normalisation, aggregation, imputation, treatment, leave_out };
  Kind kind;
  std::string name;          ///< "weights:Pillar", "normalisation", ...
  std::vector<int> columns;  ///< sample columns it reads
  int level = 0;             ///< for weights
  std::vector<int> nodes;    ///< for weights: the nodes whose weights vary
  double noise = 0;          ///< for weights
  std::size_t choices = 0;   ///< for discrete inputs
};

/// The inputs of a spec's [uncertainty] table and how a point of the unit cube becomes a
/// pipeline variant.
class UncertaintyDesign {
 public:
  /// Throws Error when the spec declares no uncertain input.
  explicit UncertaintyDesign(const Pipeline& pipeline);

  const std::vector<UncertainInput>& inputs() const { return inputs_; }
  std::size_t dimensions() const { return dimensions_; }
  /// The variant drawn at point u (length dimensions()); fast replications keep no tables.
  Variant variant(const Eigen::Ref<const Eigen::RowVectorXd>& u) const;
  /// Which imputation, treatment and normalisation point u draws (-1: not varied): the
  /// replications that share them share every step before aggregation.
  std::array<int, 3> stage_key(const Eigen::Ref<const Eigen::RowVectorXd>& u) const;
  /// The value of each input at point u, as text for runs.csv.
  std::vector<std::string> describe(const Eigen::Ref<const Eigen::RowVectorXd>& u) const;

 private:
  const Pipeline& pipeline_;
  std::vector<UncertainInput> inputs_;
  std::size_t dimensions_ = 0;
};

/// What one replication gave: each unit's index score and rank (NaN when the unit is not in
/// that run), or the error that stopped it.
struct Replication {
  bool ok = false;
  std::string error;
  std::vector<double> scores, ranks;  ///< per nominal unit
  double mean_rank_shift = 0;         ///< mean over units of |rank - nominal rank|
};

struct UnitRanks {
  std::string unit;
  double nominal = kNone, mean = kNone, median = kNone, q05 = kNone, q95 = kNone;
  double score_nominal = kNone, score_mean = kNone, score_sd = kNone, score_q05 = kNone,
         score_q95 = kNone;
  std::size_t runs = 0;  ///< replications in which the unit had a rank
};

struct UncertaintyResult {
  int year = 0;
  std::vector<std::string> units;  ///< the nominal index's units
  std::vector<Replication> replications;
  Eigen::MatrixXd sample;        ///< the drawn points, one row per replication
  std::vector<UnitRanks> ranks;  ///< per unit
  std::size_t failed = 0;
};

struct SensitivityResult {
  int year = 0;
  std::size_t base_runs = 0;   ///< N of the Saltelli design
  std::size_t model_runs = 0;  ///< (k + 2) N
  std::size_t dropped = 0;     ///< design rows left out because a run failed
  std::vector<std::string> inputs;
  std::vector<SobolIndices> indices;  ///< of the mean absolute rank shift
  double output_mean = 0, output_variance = 0;
};

struct MonteCarloOptions {
  std::size_t runs = 1000;  ///< uncertainty: replications; sensitivity: base sample N
  std::uint64_t seed = 1;
  std::string sampling;     ///< "" = the spec's choice
  int year = 0;             ///< index year analysed (0 = the last)
  std::size_t threads = 0;  ///< per rank; 0 = all cores (SOFTPOWER_THREADS)
  std::size_t bootstrap = 1000;
};

/// Replications per work unit: unit u replicates the sample rows 64u … 64u + 63 (about 5 ms
/// for ASEM's 51 units), beside which the exchange between ranks and the checkpoint's file per
/// unit cost little: with --resume, 20000 runs took 5–30% longer than without, where units of
/// 16 took 35–100% longer. A thousand runs still make 16 units.
inline constexpr std::size_t kReplicationsPerUnit = 64;

/// Both analyses below run their replications in units of kReplicationsPerUnit on every rank of an
/// MPI job (core/distributed; every rank calls them alike, and on ranks other than 0 the result has
/// no replications and nothing computed from them). With `resume`, the units a killed run kept are
/// taken from it and each new one is kept through it (core/checkpoint). Throw Error when progress
/// is cancelled.

/// Monte Carlo uncertainty analysis: `runs` replications; per unit the nominal, mean and
/// median rank and the 5th and 95th percentile ranks. Failed runs are kept with their error.
UncertaintyResult uncertainty_analysis(const Pipeline& pipeline, const IndexInput& input,
                                       const MonteCarloOptions& options, Progress& progress,
                                       distributed::Resume* resume = nullptr);

/// Sobol' indices of each input for the mean absolute rank shift, from a Saltelli design
/// with base sample N = options.runs: (k + 2) N replications.
SensitivityResult sensitivity_analysis(const Pipeline& pipeline, const IndexInput& input,
                                       const MonteCarloOptions& options, Progress& progress,
                                       distributed::Resume* resume = nullptr);

}  // namespace softpower::index
