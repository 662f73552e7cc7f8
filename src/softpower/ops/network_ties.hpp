#pragma once
// Ties between countries read from the data directory for the networks capability, and the
// network measures of those ties as a panel of indicators an index spec can use
// (`[data] datasets = ["network-igo"]`, docs/networks.md, "Into the index").

#include <cstdint>
#include <filesystem>
#include <functional>
#include <limits>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "softpower/core/dyads.hpp"
#include "softpower/core/panel.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/core/votes.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/perception/aggregate.hpp"
#include "softpower/sources/reader.hpp"

namespace softpower::networks {

/// The sources read from files alone: alliances, igo, students, migration, us-missions.
const std::vector<std::string>& file_tie_sources();

/// The release of a file source's data (Reader::edition), for provenance.
std::string file_tie_source_edition(const std::string& source);

/// A file source's ties in the years from..to (values above 0). Throws Error listing the file
/// sources for another name.
DyadSet read_file_ties(const std::string& source, const std::filesystem::path& data_dir, int from,
                       int to, std::vector<sources::UnmappedRow>& unmapped);

/// UN agreement's filters: pairs that voted together on fewer than `min_votes` roll calls in the
/// year, or agreed less than `threshold`, are no tie.
struct AgreementFilter {
  double threshold = 0;
  std::size_t min_votes = 10;
};

/// UN General Assembly agreement by calendar year in from..to as undirected ties, the weight
/// the share of identical votes (Voeten's agree).
DyadSet agreement_ties(const RollCallVotes& votes, int from, int to, const AgreementFilter& filter,
                       Progress& progress);

/// How one of `network build`'s eight sources is read: the source, the years and each source's
/// own options.
struct TieRequest {
  std::string source;
  std::filesystem::path data;
  int from = 0, to = 0;
  std::string activity = "total_elite_visits";  ///< china-diplomacy: what a tie weighs
  bool mentions = false;                        ///< media: mentions rather than events
  AgreementFilter agreement;                    ///< un-agreement
};

/// The two inputs not read from the source's own file: the UN votes (un-agreement) and GDELT's
/// sums by year (media). The command line reads them for its one run; the server takes its
/// cached copies, shared with its other pages.
struct TieInputs {
  std::function<std::shared_ptr<const RollCallVotes>()> votes;
  std::function<std::shared_ptr<const perception::Aggregate>()> media_by_year;
};

/// The source's ties in from..to: the one place the eight sources are told apart. Rows the
/// readers could not map go to `unmapped`; `unpriced` counts china-diplomacy's projects left
/// out for want of an amount (finance).
DyadSet read_ties(const TieRequest& request, const TieInputs& inputs,
                  std::vector<sources::UnmappedRow>& unmapped, std::size_t& unpriced,
                  Progress& progress);

/// GDELT media attention from perception's sums by year (an aggregate by year): a tie from a to
/// b weighs the events whose Actor1 is of a and Actor2 of b in from..to (`mentions`: their
/// mentions in articles). Domestic events (a country with itself) are not ties.
DyadSet media_ties(const perception::Aggregate& by_year, int from, int to, bool mentions);

/// What a year's media network rests on: the events dated that year, and the stretch of the
/// year the GDELT files hold (read from their names, sources::gdelt_file_time). A few
/// 15-minute files make a sample of moments, not the year's coverage: `thin` below
/// perception's minimum coverage of a period (docs/networks.md).
struct MediaBasis {
  int year = 0;
  std::int64_t events = 0;
  std::size_t files = 0;     ///< files of that year
  std::int64_t minutes = 0;  ///< of the year they hold
  double coverage = 0;       ///< minutes / the year's minutes
  double min_coverage = 0;
  bool thin = false;
};

MediaBasis media_basis(const perception::Aggregate& by_year,
                       const std::vector<std::filesystem::path>& files, int year);
/// What a thin year rests on, in one sentence for a page ("" when the year is not thin).
std::string media_basis_sentence(const MediaBasis& basis);
/// {"events", "files", "minutes", "coverage", "min_coverage", "thin", "note"}.
nlohmann::json media_basis_json(const MediaBasis& basis);
/// One line for the log on the years of `bases` that are thin ("" when none is).
std::string thin_media_note(const std::vector<MediaBasis>& bases);

/// The prefix of a network dataset's id in an index spec: `network-` followed by a file source.
inline constexpr std::string_view kNetworkDatasetPrefix = "network-";

/// Every country's measures in every year of `ties` that has any: indicators in_degree,
/// out_degree, in_strength, out_strength, pagerank, eigenvector, hub, authority, betweenness,
/// harmonic (communities are labels, not indicators). `measures`, when not empty, names the
/// ones wanted: the others are left out, and betweenness and harmonic closeness (most of the
/// time) are not computed unless named.
Panel network_panel(const DyadSet& ties, const std::vector<std::string>& measures = {});

/// network_look_back's answer when imputation may read any earlier year.
inline constexpr int kAllYears = std::numeric_limits<int>::max();

/// How many years before its first year a spec needs the measures of its `network-SOURCE`
/// dataset `id`: as far back as the imputation of the indicators taken from it reads (the
/// `latest` method's max_time, the indicator's own or the step's, also under the uncertainty
/// analysis' imputations; `zero` with the indicator's own max_time past the source's end), 0
/// when none reads earlier years, kAllYears when one has no bound
/// (`latest` with max_time 0, `constant`, `linear`). Measuring a network year costs time: the
/// Open Soft Power Index needs five years, not the whole source.
int network_look_back(const index::Spec& spec, const std::string& id);

/// The ties of a spec's `network-SOURCE` dataset: every year from network_look_back years
/// before the spec's first year (or an indicator's fixed year) to its last. The index
/// operations and the dashboard's index read a network dataset through this one.
DyadSet spec_network_ties(const index::Spec& spec, const std::string& id,
                          const std::filesystem::path& data_dir,
                          std::vector<sources::UnmappedRow>& unmapped);

}  // namespace softpower::networks
