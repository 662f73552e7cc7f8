#pragma once
// Ensembles of runs: many independent runs in parallel, run r seeded with seed_of(seed, r) so
// that every run, and so every mean, depends only on the seed and never on the threads; their
// measures over time, and means with 95% intervals (docs/diffusion.md, "Ensembles").

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/distributed.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/diffusion/scenario.hpp"

namespace softpower::diffusion {

/// One run's measures at its series points: multiples of the interval K up to its end, then
/// its end (absorption, or the limit of attempts) when that is not a multiple of K.
struct RunSeries {
  std::uint64_t seed = 0;
  std::uint64_t events =
      0;  ///< attempted interactions at the end (at absorption: up to the last change)
  bool absorbed = false;  ///< ended because nothing could change any more
  std::vector<std::uint64_t> times;
  std::vector<std::vector<double>> values;  ///< [point][measure]

  /// The measures at time t: those of the last point at or before t (a run holds its last
  /// state after it ends).
  const std::vector<double>& at(std::uint64_t t) const;
  const std::vector<double>& final() const { return values.back(); }
};

struct Ensemble {
  std::vector<std::string> measures;
  std::uint64_t interval = 0;  ///< K
  std::vector<RunSeries> runs;
  /// 0, K, 2K, … up to the first multiple of K at or after the latest end.
  std::vector<std::uint64_t> grid() const;
};

/// Mean, standard deviation and the normal 95% interval of the mean (mean ± 1.96 sd / √n)
/// of the values that are not NaN; all NaN when none is.
struct Interval {
  double mean = 0, sd = 0, lo = 0, hi = 0;
  std::size_t n = 0;
};
Interval interval95(std::span<const double> values);

/// Per grid point and measure, across runs.
std::vector<std::vector<Interval>> over_time(const Ensemble& ensemble);
/// Per measure, across the runs' final values.
std::vector<Interval> at_end(const Ensemble& ensemble);

/// A run as bytes and back, every number bit for bit (doubles as their 8 bytes): how runs go
/// from one rank to another (core/distributed). decode_run throws Error on bytes that are not
/// a run's.
std::string encode_run(const RunSeries& run);
RunSeries decode_run(std::string_view bytes);

/// Runs `runs` runs of `run`, run r with seed seed_of(seed, r), each into its own slot: on the
/// worker threads (SOFTPOWER_THREADS) of every rank of an MPI job (core/distributed: run r on
/// rank r mod ranks), gathered to rank 0 in run order, so the ensemble is the same for any
/// number of threads and ranks. On ranks other than 0 the ensemble has no runs. Shows progress
/// as this rank's runs finish. `run` must check progress.cancelled() and throw Error when
/// cancelled.
using RunFunction = std::function<RunSeries(std::uint64_t seed, Progress& progress)>;
/// With `resume`, the runs a killed run completed are taken from it and each new run is saved
/// through it (core/checkpoint).
Ensemble run_ensemble(std::size_t runs, std::uint64_t seed, std::vector<std::string> measures,
                      std::uint64_t interval, const RunFunction& run, Progress& progress,
                      distributed::Resume* resume = nullptr);

/// Before a run: throws Error unless a series point every `every` attempts comes at most every
/// tenth of the agents' number of attempts (each point measures every agent) and a run of
/// `max_events` attempts (0 = unbounded) has at most kMaxSeriesPoints points. `field` names the
/// setting in the message ("--checkpoints").
constexpr std::uint64_t kMaxSeriesPoints = 1'000'000;
void check_checkpoints(std::uint64_t every, std::uint64_t agents, std::uint64_t max_events,
                       const std::string& field);
/// Runs held in memory at once: the ensemble's workers, at most `runs`.
std::uint64_t concurrent_runs(std::uint64_t runs);
/// Bytes of the series of `runs` runs of `points` points of `measures` measures, about.
std::uint64_t series_estimate(std::uint64_t runs, std::uint64_t points, std::size_t measures);
/// Throws Error (core/limits check_memory) when `runs` runs of the scenario, those held at once
/// and every run's series, would need more memory than the limit.
void check_scenario_memory(const Scenario& scenario, std::uint64_t runs, std::uint64_t max_events,
                           std::uint64_t every);

/// The measures a scenario's runs report (Observer's names for its countries and exporters).
std::vector<std::string> scenario_measures(const Scenario& scenario);

/// One run of a scenario: its population from seed_of(seed, 0), its dynamics from
/// seed_of(seed, 1), measured every `interval` attempts until absorption or `max_events`.
RunSeries run_scenario(const Scenario& scenario, std::uint64_t seed, std::uint64_t max_events,
                       std::uint64_t interval, const Progress* progress = nullptr);

}  // namespace softpower::diffusion
