#include "softpower/alignment/agreement.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <iterator>
#include <limits>
#include <map>
#include <numeric>
#include <optional>

#include "softpower/core/error.hpp"
#include "softpower/core/parallel.hpp"

namespace softpower::alignment {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Marginals live on the stack; vote scales have a handful of levels.
constexpr int kMaxLevels = 64;

constexpr std::array<std::string_view, 6> kIssues = {"me", "nu", "di", "hr", "co", "ec"};

// a / b, or NaN when b is 0 (the measure is 0/0 or undefined).
double ratio(double a, double b) {
  return b == 0 ? kNaN : a / b;
}

// The measures of a levels × levels table of counts, without checks. Every chance term is
// written over n² (or 4n²) so that the degenerate tables give an exact 0 denominator.
PairMeasures measures(const double* t, int levels) {
  PairMeasures m;
  std::array<double, kMaxLevels> row{}, col{};
  double n = 0, diagonal = 0;
  double abs_obs = 0, sq_obs = 0;  // Σ t_ij |i−j|, Σ t_ij (i−j)²
  for (int i = 0; i < levels; ++i) {
    for (int j = 0; j < levels; ++j) {
      const double c = t[i * levels + j];
      if (c == 0) continue;
      const double d = std::abs(i - j);
      row[static_cast<std::size_t>(i)] += c;
      col[static_cast<std::size_t>(j)] += c;
      n += c;
      abs_obs += c * d;
      sq_obs += c * d * d;
      if (i == j) diagonal += c;
    }
  }
  m.n = static_cast<std::size_t>(std::llround(n));
  if (n == 0) {
    m.agree = m.s_absolute = m.s_squared = m.kappa = m.kappa_w = m.pi = m.alignment = kNaN;
    return m;
  }
  // Products of the marginals: Σ r_k c_k, Σ r_i c_j |i−j|, Σ r_i c_j (i−j)², Σ (r_k + c_k)².
  double same = 0, abs_exp = 0, sq_exp = 0, pooled = 0;
  for (int i = 0; i < levels; ++i) {
    const double r = row[static_cast<std::size_t>(i)];
    const double c = col[static_cast<std::size_t>(i)];
    same += r * c;
    pooled += (r + c) * (r + c);
    if (r == 0) continue;
    for (int j = 0; j < levels; ++j) {
      const double d = std::abs(i - j);
      const double e = r * col[static_cast<std::size_t>(j)];
      abs_exp += e * d;
      sq_exp += e * d * d;
    }
  }
  const double dmax = levels - 1;
  const double nn = n * n;
  m.agree = 1 - abs_obs / (n * dmax);
  m.s_absolute = 1 - 2 * abs_obs / (n * dmax);
  m.s_squared = 1 - 2 * sq_obs / (n * dmax * dmax);
  m.kappa = ratio(n * diagonal - same, nn - same);
  // 1 − observed / expected disagreement, both as shares: (sq_obs / n) / (sq_exp / n²).
  m.kappa_w = sq_exp == 0 ? kNaN : 1 - n * sq_obs / sq_exp;
  m.pi = ratio(4 * n * diagonal - pooled, 4 * nn - pooled);
  // S of the table minus S of the product of its marginals: 2 (E|d| − O|d|) / dmax.
  m.alignment = 2 * (abs_exp / nn - abs_obs / n) / dmax;
  return m;
}

void check_levels(int levels) {
  if (levels < 2 || levels > kMaxLevels) {
    throw Error(fmt::format("agreement: {} levels; needs 2 to {}", levels, kMaxLevels));
  }
}

int period_of(const RollCall& call, Period by) {
  return by == Period::session ? call.session : call.year;
}

// One period's votes as bit sets: for each state, three rows of `words` 64-bit words (no,
// abstain, yes), bit k set when the state cast that vote on the period's k-th roll call.
struct PeriodBits {
  std::size_t words = 0;
  std::vector<std::uint64_t> bits;  // states × 3 × words
  std::vector<char> voted;          // states: cast at least one vote in the period

  const std::uint64_t* at(std::size_t state, int level) const {
    return bits.data() + (state * kVoteLevels + static_cast<std::size_t>(level)) * words;
  }
};

PeriodBits period_bits(const RollCallVotes& votes, const std::vector<std::size_t>& calls) {
  PeriodBits p;
  const std::size_t states = votes.country_count();
  p.words = (calls.size() + 63) / 64;
  p.bits.assign(states * kVoteLevels * p.words, 0);
  p.voted.assign(states, 0);
  for (std::size_t s = 0; s < states; ++s) {
    const std::int8_t* row = votes.row(s);
    std::uint64_t* base = p.bits.data() + s * kVoteLevels * p.words;
    for (std::size_t k = 0; k < calls.size(); ++k) {
      const int level = vote_level(static_cast<Vote>(row[calls[k]]));
      if (level < 0) continue;
      base[static_cast<std::size_t>(level) * p.words + k / 64] |= std::uint64_t{1} << (k % 64);
      p.voted[s] = 1;
    }
  }
  return p;
}

// The 3 × 3 table of states a and b in a period: 9 popcounts of ANDs per word.
std::array<double, 9> pair_table(const PeriodBits& p, std::size_t a, std::size_t b) {
  std::array<std::uint64_t, 9> counts{};
  for (int i = 0; i < kVoteLevels; ++i) {
    const std::uint64_t* x = p.at(a, i);
    for (int j = 0; j < kVoteLevels; ++j) {
      const std::uint64_t* y = p.at(b, j);
      std::uint64_t c = 0;
      for (std::size_t w = 0; w < p.words; ++w) {
        c += static_cast<unsigned>(std::popcount(x[w] & y[w]));
      }
      counts[static_cast<std::size_t>(i) * kVoteLevels + static_cast<std::size_t>(j)] = c;
    }
  }
  std::array<double, 9> t{};
  for (std::size_t k = 0; k < 9; ++k) t[k] = static_cast<double>(counts[k]);
  return t;
}

}  // namespace

PairMeasures table_measures(std::span<const double> counts, int levels) {
  check_levels(levels);
  const auto cells = static_cast<std::size_t>(levels) * static_cast<std::size_t>(levels);
  if (counts.size() != cells) {
    throw Error(fmt::format("agreement: a table of {} levels has {} cells, not {}", levels, cells,
                            counts.size()));
  }
  for (const double c : counts) {
    if (!(c >= 0) || std::isinf(c)) {
      throw Error(fmt::format("agreement: table count {} is not a non-negative number", c));
    }
  }
  return measures(counts.data(), levels);
}

PairMeasures pair_measures(std::span<const int> a, std::span<const int> b, int levels) {
  check_levels(levels);
  if (a.size() != b.size()) {
    throw Error(fmt::format("agreement: vote vectors of different lengths ({} and {})", a.size(),
                            b.size()));
  }
  std::vector<double> table(static_cast<std::size_t>(levels * levels), 0.0);
  for (std::size_t k = 0; k < a.size(); ++k) {
    if (a[k] >= levels || b[k] >= levels) {
      throw Error(fmt::format("agreement: item {} has vote {} on a scale of 0 to {}", k + 1,
                              std::max(a[k], b[k]), levels - 1));
    }
    if (a[k] < 0 || b[k] < 0) continue;
    table[static_cast<std::size_t>(a[k]) * static_cast<std::size_t>(levels) +
          static_cast<std::size_t>(b[k])] += 1;
  }
  return measures(table.data(), levels);
}

int vote_level(Vote v) {
  switch (v) {
    case Vote::no:
      return 0;
    case Vote::abstain:
      return 1;
    case Vote::yes:
      return 2;
    default:
      return -1;
  }
}

std::span<const std::string_view> issue_codes() {
  return kIssues;
}

std::vector<std::size_t> selected_calls(const RollCallVotes& votes,
                                        const AgreementOptions& options) {
  if (!options.issue.empty() &&
      std::find(kIssues.begin(), kIssues.end(), options.issue) == kIssues.end()) {
    throw Error(
        fmt::format("unknown issue '{}': use one of me, nu, di, hr, co, ec", options.issue));
  }
  const auto& calls = votes.calls();
  std::vector<std::size_t> kept(calls.size());
  std::iota(kept.begin(), kept.end(), std::size_t{0});
  if (!options.issue.empty()) {
    std::erase_if(kept, [&](std::size_t c) {
      const auto& issues = calls[c].issues;
      return std::find(issues.begin(), issues.end(), options.issue) == issues.end();
    });
    if (kept.empty() && !calls.empty()) {
      throw Error(fmt::format("no roll calls left: none of the {} roll calls has issue '{}'",
                              calls.size(), options.issue));
    }
  }
  if (options.important_only) {
    const std::size_t before = kept.size();
    std::erase_if(kept, [&](std::size_t c) { return !calls[c].important.value_or(false); });
    if (kept.empty() && before > 0) {
      throw Error(fmt::format("no roll calls left: none of the {} roll calls{} is marked important",
                              before,
                              options.issue.empty() ? "" : " with issue '" + options.issue + "'"));
    }
  }
  if (options.by == Period::year) {
    const std::size_t before = kept.size();
    std::erase_if(kept, [&](std::size_t c) { return calls[c].year == 0; });
    if (kept.empty() && before > 0) {
      throw Error(
          fmt::format("no roll calls left: none of the {} roll calls has a known year", before));
    }
  }
  return kept;
}

std::vector<DyadAgreement> agreement(const RollCallVotes& votes, const AgreementOptions& options,
                                     Progress& progress) {
  const std::vector<std::size_t> kept = selected_calls(votes, options);
  std::optional<std::size_t> focal;
  if (!options.focal.empty()) {
    focal = votes.country_index(options.focal);
    if (!focal) throw Error("focal state '" + options.focal + "': no votes of it");
  }

  // Roll calls by period, each in call order.
  std::map<int, std::vector<std::size_t>> by_period;
  for (const std::size_t c : kept) by_period[period_of(votes.calls()[c], options.by)].push_back(c);
  std::vector<std::pair<int, std::vector<std::size_t>>> periods(by_period.begin(), by_period.end());

  // States in code order, so that a < b and rows come out sorted.
  const auto& codes = votes.countries();
  std::vector<std::size_t> order(codes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t x, std::size_t y) { return codes[x] < codes[y]; });

  std::vector<std::vector<DyadAgreement>> results(periods.size());
  progress.start("agreement", periods.size());
  parallel_for(
      periods.size(),
      [&](std::size_t p) {
        if (progress.cancelled()) return;
        const int period = periods[p].first;
        const PeriodBits bits = period_bits(votes, periods[p].second);
        std::vector<std::size_t> active;
        for (const std::size_t s : order) {
          if (bits.voted[s] != 0) active.push_back(s);
        }
        std::vector<DyadAgreement>& out = results[p];
        auto add = [&](std::size_t a, std::size_t b) {
          const std::array<double, 9> t = pair_table(bits, a, b);
          const PairMeasures m = measures(t.data(), kVoteLevels);
          if (m.n == 0) return;
          out.push_back(DyadAgreement{period, codes[a], codes[b], m.n, m.agree, m.s_squared,
                                      m.kappa, m.kappa_w, m.pi, m.alignment});
        };
        if (focal) {
          if (bits.voted[*focal] == 0) return progress.advance();
          for (const std::size_t s : active) {
            if (s == *focal) continue;
            if (codes[s] < codes[*focal]) {
              add(s, *focal);
            } else {
              add(*focal, s);
            }
          }
        } else {
          out.reserve(active.size() * (active.size() - 1) / 2);
          for (std::size_t i = 0; i < active.size(); ++i) {
            for (std::size_t j = i + 1; j < active.size(); ++j) add(active[i], active[j]);
          }
        }
        progress.advance();
      },
      options.threads);
  progress.finish();
  if (progress.cancelled()) throw Error("agreement: cancelled");

  std::size_t total = 0;
  for (const auto& r : results) total += r.size();
  std::vector<DyadAgreement> all;
  all.reserve(total);
  for (auto& r : results) std::move(r.begin(), r.end(), std::back_inserter(all));
  return all;
}

}  // namespace softpower::alignment
