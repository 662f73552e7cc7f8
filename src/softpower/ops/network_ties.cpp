#include "softpower/ops/network_ties.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <optional>
#include <set>

#include "softpower/alignment/agreement.hpp"
#include "softpower/core/error.hpp"
#include "softpower/networks/graph.hpp"
#include "softpower/networks/measures.hpp"
#include "softpower/perception/series.hpp"
#include "softpower/sources/china_diplomacy.hpp"
#include "softpower/sources/gdelt_layout.hpp"
#include "softpower/sources/network_dyads.hpp"

namespace softpower::networks {

namespace {

// A dyad reader's values in from..to as directed ties (positive values only).
DyadSet dyad_reader_ties(const std::string& id, const std::string& name, const std::string& weight,
                         const std::filesystem::path& data, int from, int to,
                         std::vector<sources::UnmappedRow>& unmapped) {
  sources::DyadResult read = sources::dyad_reader(id).read(data);
  unmapped = std::move(read.unmapped);
  DyadSet ties{name, true, weight, {}};
  for (Dyad& d : read.dyads) {
    if (d.year >= from && d.year <= to && d.value > 0) ties.dyads.push_back(std::move(d));
  }
  return ties;
}

// The US diplomatic missions reader's panel as a star: directed ties from the USA to every
// country where it was represented in the year, the weight the highest level of representation
// (us_mission_max: 1 interests section .. 8 embassy; 0, none, is no tie).
DyadSet us_mission_ties(const std::filesystem::path& data, int from, int to,
                        std::vector<sources::UnmappedRow>& unmapped) {
  sources::ReadResult read = sources::reader("us-diplomatic-missions").read(data);
  unmapped = std::move(read.unmapped);
  const Panel& panel = read.panel;
  const std::optional<std::size_t> level = panel.indicator_index("us_mission_max");
  if (!level) throw Error("us-missions: the US missions file gave no us_mission_max");
  DyadSet ties{"us-missions", true, "level of US representation (1 interests .. 8 embassy)", {}};
  for (std::size_t t = 0; t < panel.years().size(); ++t) {
    const int year = panel.years()[t];
    if (year < from || year > to) continue;
    for (std::size_t u = 0; u < panel.units().size(); ++u) {
      const double v = panel.at(u, *level, t);
      if (std::isfinite(v) && v > 0 && panel.units()[u] != "USA")
        ties.dyads.push_back(Dyad{"USA", panel.units()[u], year, v});
    }
  }
  return ties;
}

}  // namespace

const std::vector<std::string>& file_tie_sources() {
  static const std::vector<std::string> names = {"alliances", "igo", "students", "migration",
                                                 "us-missions"};
  return names;
}

std::string file_tie_source_edition(const std::string& source) {
  if (source == "alliances") return std::string(sources::kAtopEdition);
  if (source == "igo") return std::string(sources::kCowIgoEdition);
  if (source == "students") return sources::dyad_reader("oecd-student-shares").edition;
  if (source == "migration") return sources::dyad_reader("un-migrant-stock-bilateral").edition;
  if (source == "us-missions") return sources::reader("us-diplomatic-missions").edition;
  return "";
}

DyadSet read_file_ties(const std::string& source, const std::filesystem::path& data, int from,
                       int to, std::vector<sources::UnmappedRow>& unmapped) {
  if (source == "alliances") return sources::read_atop_alliances(data, from, to, unmapped);
  if (source == "igo") return sources::read_cow_igo(data, from, to, unmapped);
  if (source == "students") {
    return dyad_reader_ties("oecd-student-shares", source, "% of the host's international students",
                            data, from, to, unmapped);
  }
  if (source == "migration") {
    return dyad_reader_ties("un-migrant-stock-bilateral", source, "migrants (persons)", data, from,
                            to, unmapped);
  }
  if (source == "us-missions") return us_mission_ties(data, from, to, unmapped);
  std::string known;
  for (const std::string& s : file_tie_sources()) known += (known.empty() ? "" : ", ") + s;
  throw Error("no network source '" + source + "' read from files (one of: " + known + ")");
}

DyadSet read_ties(const TieRequest& r, const TieInputs& inputs,
                  std::vector<sources::UnmappedRow>& unmapped, std::size_t& unpriced,
                  Progress& progress) {
  if (r.source == "un-agreement")
    return agreement_ties(*inputs.votes(), r.from, r.to, r.agreement, progress);
  if (r.source == "media") return media_ties(*inputs.media_by_year(), r.from, r.to, r.mentions);
  if (r.source == "china-diplomacy")
    return sources::read_china_diplomacy(r.data, r.activity, r.from, r.to, unmapped, unpriced);
  return read_file_ties(r.source, r.data, r.from, r.to, unmapped);
}

DyadSet media_ties(const perception::Aggregate& by_year, int from, int to, bool mentions) {
  DyadSet ties{"media",
               true,
               mentions ? "mentions of GDELT events from the source's actors to the target's"
                        : "GDELT events from the source's actors to the target's",
               {}};
  for (const perception::DyadRow& d : by_year.dyads()) {
    if (d.period < from || d.period > to || d.source == d.target) continue;
    const std::int64_t weight = mentions ? d.tally.mentions : d.tally.events;
    if (weight > 0)
      ties.dyads.push_back(Dyad{d.source, d.target, d.period, static_cast<double>(weight)});
  }
  return ties;
}

MediaBasis media_basis(const perception::Aggregate& by_year,
                       const std::vector<std::filesystem::path>& files, int year) {
  MediaBasis b;
  b.year = year;
  // A period of an aggregate by year is the year (as media_ties reads it).
  const auto period = by_year.periods.find(year);
  b.events = period == by_year.periods.end() ? 0 : period->second.events;
  for (const std::filesystem::path& f : files) {
    const auto t = sources::gdelt_file_time(f.filename().string());
    if (!t || t->year != year) continue;
    ++b.files;
    b.minutes += t->minutes;
  }
  b.coverage = static_cast<double>(b.minutes) / static_cast<double>(sources::minutes_in_year(year));
  b.min_coverage = perception::kShiftMinCoverage;
  b.thin = b.coverage < b.min_coverage;
  return b;
}

std::string media_basis_sentence(const MediaBasis& b) {
  if (!b.thin) return {};
  const std::string held =
      b.files > 0
          ? fmt::format("from {} file{} of {} holding {} minutes of the year ({:.2g}%)", b.files,
                        b.files == 1 ? "" : "s", b.year, b.minutes, 100 * b.coverage)
          : fmt::format("from files of other years (the data hold no GDELT file of {})", b.year);
  return fmt::format(
      "Thin data: this network rests on {} GDELT events dated {}, {}. Its ties are a sample of a "
      "few moments, not the year's media coverage; below {:g}% of a year the engine seeks no "
      "trends in media data.",
      b.events, b.year, held, 100 * b.min_coverage);
}

nlohmann::json media_basis_json(const MediaBasis& b) {
  return {{"events", b.events},
          {"files", b.files},
          {"minutes", b.minutes},
          {"coverage", b.coverage},
          {"min_coverage", b.min_coverage},
          {"thin", b.thin},
          {"note", media_basis_sentence(b)}};
}

std::string thin_media_note(const std::vector<MediaBasis>& bases) {
  std::vector<std::string> years;
  std::int64_t most = 0;
  for (const MediaBasis& b : bases) {
    if (!b.thin) continue;
    years.push_back(std::to_string(b.year));
    most = std::max(most, b.minutes);
  }
  if (years.empty()) return {};
  const std::string listed =
      years.size() <= 3 ? fmt::format("{}", fmt::join(years, ", "))
                        : fmt::format("{} years, {}-{}", years.size(), years.front(), years.back());
  return fmt::format(
      "media: thin data in {}: the GDELT files hold at most {} minutes of each (a year needs {:g}% "
      "covered), so its ties are a sample of moments, not the year's coverage (docs/networks.md)\n",
      listed, most, 100 * perception::kShiftMinCoverage);
}

DyadSet agreement_ties(const RollCallVotes& votes, int from, int to, const AgreementFilter& filter,
                       Progress& progress) {
  alignment::AgreementOptions options;
  options.by = alignment::Period::year;
  DyadSet ties{"un-agreement", false, "share of identical votes (agree)", {}};
  for (const alignment::DyadAgreement& d : alignment::agreement(votes, options, progress)) {
    if (d.period < from || d.period > to || d.n < filter.min_votes || d.agree <= 0 ||
        d.agree < filter.threshold) {
      continue;
    }
    ties.dyads.push_back(Dyad{d.a, d.b, d.period, d.agree});
  }
  return ties;
}

Panel network_panel(const DyadSet& ties, const std::vector<std::string>& wanted) {
  struct Measure {
    const char* code;
    const char* name;
    std::vector<double> NodeMeasures::*values;
  };
  static const Measure measures[] = {
      {"in_degree", "ties in", &NodeMeasures::in_degree},
      {"out_degree", "ties out", &NodeMeasures::out_degree},
      {"in_strength", "sum of the weights of the ties in", &NodeMeasures::in_strength},
      {"out_strength", "sum of the weights of the ties out", &NodeMeasures::out_strength},
      {"pagerank", "PageRank (damping 0.85, sums to 1)", &NodeMeasures::pagerank},
      {"eigenvector", "eigenvector centrality (largest 1)", &NodeMeasures::eigenvector},
      {"hub", "hub score (largest 1)", &NodeMeasures::hub},
      {"authority", "authority score (largest 1)", &NodeMeasures::authority},
      {"betweenness", "betweenness, distance 1 / weight", &NodeMeasures::betweenness},
      {"harmonic", "harmonic closeness, distance 1 / weight", &NodeMeasures::harmonic}};
  auto is_wanted = [&](std::string_view code) {
    return wanted.empty() || std::find(wanted.begin(), wanted.end(), code) != wanted.end();
  };
  std::vector<const Measure*> kept;
  for (const Measure& m : measures)
    if (is_wanted(m.code)) kept.push_back(&m);
  PanelBuilder builder;
  const std::string origin = "network of " + ties.name + " (weight: " + ties.weight + ")";
  for (const Measure* m : kept) builder.describe({m->code, m->name, "", origin});
  std::set<int> years;
  for (const Dyad& d : ties.dyads) years.insert(d.year);
  MeasureOptions options;
  options.leiden_starts = 1;  // communities are not indicators: one start is enough
  options.paths = is_wanted("betweenness") || is_wanted("harmonic");
  for (const int y : years) {
    const YearGraph g = year_graph(ties, y);
    const NodeMeasures found = measure(g.graph, options);
    for (std::size_t i = 0; i < g.labels.size(); ++i) {
      for (const Measure* m : kept) builder.set(g.labels[i], m->code, y, (found.*m->values)[i]);
    }
  }
  return builder.build();
}

int network_look_back(const index::Spec& spec, const std::string& id) {
  using index::ImputeMethod;
  // How far back a method with this look-back reads (kAllYears: no bound).
  auto reach = [](ImputeMethod method, int max_time) {
    if (method == ImputeMethod::constant || method == ImputeMethod::linear) return kAllYears;
    if (method == ImputeMethod::latest) return max_time == 0 ? kAllYears : max_time;
    return 0;
  };
  int back = 0;
  for (const index::IndicatorSpec& indicator : spec.indicators) {
    if (indicator.dataset != id) continue;
    const int max_time = indicator.max_time.value_or(spec.impute.max_time);
    const ImputeMethod method = indicator.impute.value_or(spec.impute.method);
    back = std::max(back, reach(method, max_time));
    if (method == ImputeMethod::zero && indicator.max_time)  // past the source's end
      back = std::max(back, reach(ImputeMethod::latest, *indicator.max_time));
    for (const ImputeMethod m : spec.uncertainty.imputations)
      back = std::max(back, reach(m, max_time));
  }
  return back;
}

DyadSet spec_network_ties(const index::Spec& spec, const std::string& id,
                          const std::filesystem::path& data_dir,
                          std::vector<sources::UnmappedRow>& unmapped) {
  int first = *std::min_element(spec.years.begin(), spec.years.end());
  int last = *std::max_element(spec.years.begin(), spec.years.end());
  for (const index::IndicatorSpec& indicator : spec.indicators) {
    if (indicator.year != 0) {
      first = std::min(first, indicator.year);
      last = std::max(last, indicator.year);
    }
  }
  const int back = network_look_back(spec, id);
  const int from = back == kAllYears ? std::numeric_limits<int>::min() : first - back;
  return read_file_ties(id.substr(kNetworkDatasetPrefix.size()), data_dir, from, last, unmapped);
}

}  // namespace softpower::networks
