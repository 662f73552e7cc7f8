#include "softpower/diffusion/ensemble.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "softpower/core/distributed.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/limits.hpp"
#include "softpower/core/parallel.hpp"
#include "softpower/core/stats.hpp"
#include "softpower/core/unit_bytes.hpp"
#include "softpower/diffusion/measures.hpp"
#include "softpower/diffusion/media.hpp"

namespace softpower::diffusion {

const std::vector<double>& RunSeries::at(std::uint64_t t) const {
  if (values.empty()) throw Error("diffusion: a run without measures");
  const auto after = std::upper_bound(times.begin(), times.end(), t);
  const auto k = static_cast<std::size_t>(std::max<std::ptrdiff_t>(0, after - times.begin() - 1));
  return values[k];
}

std::vector<std::uint64_t> Ensemble::grid() const {
  std::uint64_t end = 0;
  for (const RunSeries& r : runs) {
    if (!r.times.empty()) end = std::max(end, r.times.back());
  }
  std::vector<std::uint64_t> points;
  const std::uint64_t k = std::max<std::uint64_t>(1, interval);
  for (std::uint64_t t = 0;; t += k) {
    points.push_back(t);
    if (t >= end) break;
  }
  return points;
}

Interval interval95(std::span<const double> values) {
  Interval out;
  out.n = stats::count(values);
  if (out.n == 0) {
    const double nan = std::numeric_limits<double>::quiet_NaN();
    out.mean = out.sd = out.lo = out.hi = nan;
    return out;
  }
  out.mean = stats::mean(values);
  out.sd = out.n > 1 ? stats::sd(values) : 0.0;
  const double half = 1.959963984540054 * out.sd / std::sqrt(static_cast<double>(out.n));
  out.lo = out.mean - half;
  out.hi = out.mean + half;
  return out;
}

std::vector<std::vector<Interval>> over_time(const Ensemble& e) {
  std::vector<std::vector<Interval>> out;
  std::vector<double> column(e.runs.size());
  for (std::uint64_t t : e.grid()) {
    std::vector<Interval> row;
    for (std::size_t m = 0; m < e.measures.size(); ++m) {
      for (std::size_t r = 0; r < e.runs.size(); ++r) column[r] = e.runs[r].at(t)[m];
      row.push_back(interval95(column));
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::vector<Interval> at_end(const Ensemble& e) {
  std::vector<Interval> out;
  std::vector<double> column(e.runs.size());
  for (std::size_t m = 0; m < e.measures.size(); ++m) {
    for (std::size_t r = 0; r < e.runs.size(); ++r) column[r] = e.runs[r].final()[m];
    out.push_back(interval95(column));
  }
  return out;
}

void check_checkpoints(std::uint64_t every, std::uint64_t agents, std::uint64_t max_events,
                       const std::string& field) {
  const std::uint64_t least = std::max<std::uint64_t>(1, agents / 10);
  if (every < least) {
    throw Error(fmt::format(
        "{}: must be at least {} (a tenth of the {} agents): each point measures every agent, "
        "not {}",
        field, least, agents, every));
  }
  if (max_events > 0 && max_events / every > kMaxSeriesPoints) {
    throw Error(fmt::format("{}: {} attempts at one point every {} make more than {} points", field,
                            max_events, every, kMaxSeriesPoints));
  }
}

std::uint64_t concurrent_runs(std::uint64_t runs) {
  return std::min<std::uint64_t>(runs, worker_count());
}

std::uint64_t series_estimate(std::uint64_t runs, std::uint64_t points, std::size_t measures) {
  return runs * points * (48 + 8 * static_cast<std::uint64_t>(measures));
}

void check_scenario_memory(const Scenario& scenario, std::uint64_t runs, std::uint64_t max_events,
                           std::uint64_t every) {
  const std::size_t measures = scenario_measures(scenario).size();
  check_memory(
      scenario.memory_estimate() * concurrent_runs(runs) +
          series_estimate(runs, max_events / std::max<std::uint64_t>(1, every) + 2, measures),
      fmt::format("the scenario's {} agents", scenario.agents()));
}

std::string encode_run(const RunSeries& run) {
  const std::uint64_t measures = run.values.empty() ? 0 : run.values.front().size();
  UnitWriter out;
  out.reserve(40 + run.times.size() * 8 * (1 + measures));
  out.number(run.seed);
  out.number(run.events);
  out.number(std::uint64_t{run.absorbed ? 1U : 0U});
  out.number(std::uint64_t{run.times.size()});
  out.number(measures);
  for (std::size_t p = 0; p < run.times.size(); ++p) {
    out.number(run.times[p]);
    if (run.values[p].size() != measures) throw Error("simulate: a run's points differ in size");
    for (const double v : run.values[p]) out.number(v);
  }
  return out.take();
}

RunSeries decode_run(std::string_view bytes) {
  UnitReader in(bytes, "simulate: a run's bytes");
  RunSeries run;
  run.seed = in.number<std::uint64_t>();
  run.events = in.number<std::uint64_t>();
  run.absorbed = in.number<std::uint64_t>() != 0;
  const auto points = in.number<std::uint64_t>();
  const auto measures = in.number<std::uint64_t>();
  if (points > bytes.size() / 8 || (points > 0 && measures > bytes.size() / 8 / points)) {
    in.fail("are not a run");
  }
  run.times.reserve(points);
  run.values.reserve(points);
  for (std::uint64_t p = 0; p < points; ++p) {
    run.times.push_back(in.number<std::uint64_t>());
    std::vector<double>& values = run.values.emplace_back(measures);
    for (double& v : values) v = in.number<double>();
  }
  in.finish();
  return run;
}

Ensemble run_ensemble(std::size_t runs, std::uint64_t seed, std::vector<std::string> measures,
                      std::uint64_t interval, const RunFunction& run, Progress& progress,
                      distributed::Resume* resume) {
  Ensemble e;
  e.measures = std::move(measures);
  e.interval = interval;
  const std::vector<std::string> bytes = distributed::map_units(
      runs,
      [&](std::size_t r, Progress& p) {
        if (p.cancelled()) throw Error("simulate: cancelled");
        RunSeries series = run(seed_of(seed, r), p);
        if (series.values.empty() || series.values.front().size() != e.measures.size()) {
          throw Error("simulate: run " + std::to_string(r) + " did not report every measure");
        }
        std::string encoded = encode_run(series);
        p.advance();
        return encoded;
      },
      progress, "simulate", resume);
  e.runs.reserve(bytes.size());
  for (const std::string& b : bytes) e.runs.push_back(decode_run(b));
  return e;
}

namespace {

Layout layout_of(const Scenario& s, const Population& pop) {
  Layout layout;
  for (std::size_t c = 0; c < s.countries.size(); ++c) {
    layout.codes.push_back(s.countries[c].code);
    layout.first.push_back(pop.first[c]);
    layout.size.push_back(s.countries[c].agents);
  }
  for (const ExporterSpec& e : s.exporters) {
    const int c = s.country_index(e.country);
    layout.exporters.push_back(c);
    layout.vectors.push_back(pop.vectors[c]);
  }
  return layout;
}

std::vector<int> exporter_countries(const Scenario& s) {
  std::vector<int> out;
  for (const ExporterSpec& e : s.exporters) out.push_back(s.country_index(e.country));
  return out;
}

}  // namespace

std::vector<std::string> scenario_measures(const Scenario& s) {
  std::vector<std::string> codes;
  for (const CountrySpec& c : s.countries) codes.push_back(c.code);
  return measure_names(codes, exporter_countries(s));
}

RunSeries run_scenario(const Scenario& s, std::uint64_t seed, std::uint64_t max_events,
                       std::uint64_t interval, const Progress* progress) {
  const Population pop = build_population(s, seed_of(seed, 0), progress);
  const MediaModel media = media_model(s, pop);
  const Observer observer(pop.graph, layout_of(s, pop), pop.culture);
  Dynamics dynamics(pop.graph, pop.country, media, pop.culture, seed_of(seed, 1));
  const std::size_t countries = s.countries.size();
  std::vector<std::uint64_t> copies(countries * countries);
  auto observe = [&] {
    for (std::size_t k = 0; k < copies.size(); ++k) {
      copies[k] = dynamics.network_copies()[k] + dynamics.media_copies()[k];
    }
    return observer.observe(dynamics.culture(), copies);
  };
  RunSeries out;
  out.seed = seed;
  const std::uint64_t k = std::max<std::uint64_t>(1, interval);
  out.times.push_back(0);
  out.values.push_back(observe());
  for (std::uint64_t t = k; t <= max_events && !dynamics.is_frozen(); t += k) {
    if (!dynamics.run(t, progress)) throw Error("simulate: cancelled");
    if (dynamics.is_frozen()) break;
    out.times.push_back(t);
    out.values.push_back(observe());
  }
  if (!dynamics.is_frozen() && dynamics.attempted() < max_events) {
    if (!dynamics.run(max_events, progress)) throw Error("simulate: cancelled");
  }
  out.absorbed = dynamics.is_frozen();
  out.events = out.absorbed ? dynamics.last_change() : dynamics.attempted();
  if (out.times.back() != out.events) {  // (times holds 0 ≤ events, so it never empties)
    // The end: the state after the last change (absorbed) or after max_events attempts.
    while (!out.times.empty() && out.times.back() > out.events) {
      out.times.pop_back();
      out.values.pop_back();
    }
    out.times.push_back(out.events);
    out.values.push_back(observe());
  }
  return out;
}

}  // namespace softpower::diffusion
