#include "softpower/alignment/ideal_point_model.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "softpower/alignment/ideal_point_squarem.hpp"

namespace softpower::alignment::model {

namespace {

constexpr double kInverseSqrt2Pi = 0.398942280401432677939946;
constexpr double kInverseSqrt2 = 0.707106781186547524400844;
constexpr double kInf = std::numeric_limits<double>::infinity();

double normal_density(double t) {
  return kInverseSqrt2Pi * std::exp(-0.5 * t * t);
}

// phi(t) / Q(t) with Q the upper tail: the mean of a standard normal truncated to (t, inf).
// erfc keeps its relative accuracy until it underflows near t = 26; beyond 20 Laplace's
// continued fraction phi/Q = t + 1/(t + 2/(t + 3/(t + ...))) converges in a few terms.
double upper_mills(double t) {
  // Below -8, Q(t) = 1 - Q(-t) is 1 to within 7e-16: the ratio is the density, and below -38
  // the density is zero in double precision. Most cells of a fitted session are there (votes
  // cast far from the thresholds), so this skips erfc for them.
  if (t < -38) return 0;
  if (t < -8) return normal_density(t);
  if (t < 20) return normal_density(t) / (0.5 * std::erfc(t * kInverseSqrt2));
  double f = t;
  for (int k = 24; k >= 1; --k) f = t + k / f;
  return f;
}

// log Q(t) for t >= 0, through the Mills ratio so that it never underflows.
double log_upper_tail(double t) {
  return -0.5 * t * t - std::log(upper_mills(t)) + std::log(kInverseSqrt2Pi);
}

// Truncated to (lower, inf).
TruncatedMoments upper_moments(double lower) {
  const double mean = upper_mills(lower);
  return {mean, std::clamp(1 - mean * (mean - lower), 0.0, 1.0)};
}

// Truncated to (lower, upper) with 0 <= lower < upper: both bounds in the upper tail, where
// both tail probabilities are divided by Q(lower) before they are subtracted.
TruncatedMoments upper_interval_moments(double lower, double upper) {
  const double width = upper - lower;
  if (width < 1e-4) return {lower + width / 2, width * width / 12};
  const double log_ratio = log_upper_tail(upper) - log_upper_tail(lower);  // log Q(u)/Q(l)
  const double ratio = std::exp(log_ratio);
  const double mass = -std::expm1(log_ratio);  // (Q(l) - Q(u)) / Q(l)
  const double ml = upper_mills(lower), mu = upper_mills(upper) * ratio;
  const double mean = (ml - mu) / mass;
  const double second = 1 + (lower * ml - upper * mu) / mass;
  return {std::clamp(mean, lower, upper), std::clamp(second - mean * mean, 0.0, width * width)};
}

// Truncated to (lower, upper) with lower < 0 < upper: the probability is not small.
TruncatedMoments central_interval_moments(double lower, double upper) {
  const double width = upper - lower;
  if (width < 1e-4) return {lower + width / 2, width * width / 12};
  const double mass = 0.5 * (std::erf(upper * kInverseSqrt2) - std::erf(lower * kInverseSqrt2));
  const double dl = normal_density(lower), du = normal_density(upper);
  const double mean = (dl - du) / mass;
  const double second = 1 + (lower * dl - upper * du) / mass;
  return {std::clamp(mean, lower, upper), std::clamp(second - mean * mean, 0.0, width * width)};
}

// log Q(t) for any t.
double log_tail(double t) {
  if (t >= 0) return log_upper_tail(t);
  // log(1 - Q(-t)) = -Q(-t) to first order, and Q(-t) = phi(t) / -t to within 1/t^2 of it:
  // below -8 both errors are under 1e-17 in absolute terms.
  if (t < -38) return 0;
  if (t < -8) return normal_density(t) / t;
  return std::log1p(-0.5 * std::erfc(-t * kInverseSqrt2));
}

// log P(lower < Z < upper) for a standard normal Z, without underflow in either tail.
double log_interval_probability(double lower, double upper) {
  if (lower >= 0) {
    return log_upper_tail(lower) +
           std::log(-std::expm1(log_upper_tail(upper) - log_upper_tail(lower)));
  }
  if (upper <= 0) return log_interval_probability(-upper, -lower);
  return std::log(0.5 * (std::erf(upper * kInverseSqrt2) - std::erf(lower * kInverseSqrt2)));
}

// Cast votes of a session's roll calls by state: category per (state, call), or none.
constexpr std::uint8_t kMissing = 255;

std::uint8_t category_of(Vote v) {
  switch (v) {
    case Vote::yes:
      return kYes;
    case Vote::abstain:
      return kAbstain;
    case Vote::no:
      return kNo;
    default:
      return kMissing;
  }
}

bool varies(const std::uint8_t* first, const std::uint8_t* last) {
  return first != last && std::any_of(first, last, [&](std::uint8_t c) { return c != *first; });
}

// Leading left singular vector of the centred vote matrix by power iteration: the classic
// starting point of ideal-point estimators (emIRT's getStarts uses the same idea).
std::vector<double> leading_component(const SessionVotes& votes) {
  const std::size_t n = votes.state_count();
  std::vector<double> centred(votes.cell_count());
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    double sum = 0;
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c)
      sum += static_cast<double>(votes.cell_category[c]) - 1;
    const double mean = sum / static_cast<double>(votes.item_begin[j + 1] - votes.item_begin[j]);
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c)
      centred[c] = static_cast<double>(votes.cell_category[c]) - 1 - mean;
  }
  std::vector<double> u(n, 0.0), w(votes.item_count());
  for (std::size_t c = 0; c < centred.size(); ++c) u[votes.cell_state[c]] += centred[c];
  auto normalise = [](std::vector<double>& v) {
    double norm = 0;
    for (double e : v) norm += e * e;
    norm = std::sqrt(norm);
    if (norm < 1e-12) return false;
    for (double& e : v) e /= norm;
    return true;
  };
  if (!normalise(u)) {
    // Row sums can cancel exactly; any fixed vector not orthogonal to the component will do.
    for (std::size_t i = 0; i < n; ++i) u[i] = std::sin(static_cast<double>(i) + 1);
    normalise(u);
  }
  for (int iteration = 0; iteration < 50; ++iteration) {
    for (std::size_t j = 0; j < votes.item_count(); ++j) {
      double s = 0;
      for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c)
        s += centred[c] * u[votes.cell_state[c]];
      w[j] = s;
    }
    std::fill(u.begin(), u.end(), 0.0);
    for (std::size_t j = 0; j < votes.item_count(); ++j) {
      for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c)
        u[votes.cell_state[c]] += centred[c] * w[j];
    }
    if (!normalise(u)) break;
  }
  return u;
}

}  // namespace

double log_category_probability(std::uint8_t category, double zero, double one) {
  switch (category) {
    case kNo:
      return log_tail(-zero);
    case kAbstain:
      return log_interval_probability(zero, one);
    default:
      return log_tail(one);
  }
}

TruncatedMoments truncated_normal_moments(double lower, double upper) {
  if (!(lower < upper)) return {lower, 0};
  if (upper == kInf) {
    if (lower == -kInf) return {0, 1};
    return upper_moments(lower);
  }
  if (lower == -kInf) {
    const TruncatedMoments m = upper_moments(-upper);
    return {-m.mean, m.variance};
  }
  if (lower >= 0) return upper_interval_moments(lower, upper);
  if (upper <= 0) {
    const TruncatedMoments m = upper_interval_moments(-upper, -lower);
    return {-m.mean, m.variance};
  }
  return central_interval_moments(lower, upper);
}

std::vector<SessionVotes> session_votes(const RollCallVotes& votes) {
  std::map<int, std::vector<std::size_t>> by_session;
  for (std::size_t r = 0; r < votes.call_count(); ++r)
    by_session[votes.calls()[r].session].push_back(r);
  std::vector<SessionVotes> out;
  std::vector<std::uint8_t> column(votes.country_count());
  for (const auto& [session, calls] : by_session) {
    SessionVotes s;
    s.session = session;
    s.year = std::numeric_limits<int>::max();
    std::vector<std::int64_t> local(votes.country_count(), -1);
    for (std::size_t r : calls) {
      if (votes.calls()[r].year > 0) s.year = std::min(s.year, votes.calls()[r].year);
    }
    if (s.year == std::numeric_limits<int>::max()) s.year = 0;
    for (std::size_t i = 0; i < votes.country_count(); ++i) {
      for (std::size_t r : calls) {
        if (is_cast(votes.at(i, r))) {
          local[i] = static_cast<std::int64_t>(s.states.size());
          s.states.push_back(i);
          break;
        }
      }
    }
    s.state_votes.assign(s.states.size(), 0);
    s.item_begin.push_back(0);
    for (std::size_t r : calls) {
      std::size_t count = 0;
      for (std::size_t i : s.states) {
        const std::uint8_t c = category_of(votes.at(i, r));
        if (c != kMissing) column[count++] = c;
      }
      if (!varies(column.data(), column.data() + count)) {
        s.dropped.push_back(votes.calls()[r].id);
        continue;
      }
      s.calls.push_back(r);
      for (std::size_t i : s.states) {
        const std::uint8_t c = category_of(votes.at(i, r));
        if (c == kMissing) continue;
        const auto li = static_cast<std::uint32_t>(local[i]);
        s.cell_state.push_back(li);
        s.cell_category.push_back(c);
        ++s.state_votes[li];
      }
      s.item_begin.push_back(s.cell_state.size());
    }
    out.push_back(std::move(s));
  }
  return out;
}

SessionVotes with_categories(const SessionVotes& votes, const std::vector<std::uint8_t>& categories,
                             std::vector<std::size_t>& kept) {
  SessionVotes out;
  out.session = votes.session;
  out.year = votes.year;
  out.states = votes.states;
  out.dropped = votes.dropped;
  out.state_votes.assign(votes.state_count(), 0);
  out.item_begin.push_back(0);
  kept.clear();
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    const std::size_t first = votes.item_begin[j], last = votes.item_begin[j + 1];
    if (!varies(categories.data() + first, categories.data() + last)) continue;
    kept.push_back(j);
    out.calls.push_back(votes.calls[j]);
    for (std::size_t c = first; c < last; ++c) {
      out.cell_state.push_back(votes.cell_state[c]);
      out.cell_category.push_back(categories[c]);
      ++out.state_votes[votes.cell_state[c]];
    }
    out.item_begin.push_back(out.cell_state.size());
  }
  return out;
}

ItemParameters ItemParameters::subset(const std::vector<std::size_t>& items) const {
  ItemParameters out;
  for (std::size_t j : items) {
    out.intercept.push_back(intercept[j]);
    out.discrimination.push_back(discrimination[j]);
    out.precision.push_back(precision[j]);
  }
  return out;
}

void expect(const SessionVotes& votes, const std::vector<double>& x, const ItemParameters& items,
            Expectations& out) {
  out.mean.resize(votes.cell_count());
  out.variance.resize(votes.cell_count());
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    const double a = items.intercept[j], b = items.discrimination[j];
    const double root_p = std::sqrt(items.precision[j]), sd = 1 / root_p;
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const double m = a + b * x[votes.cell_state[c]];
      // Thresholds 0 and 1 in standard units of this cell's latent utility.
      const double zero = -m * root_p, one = (1 - m) * root_p;
      TruncatedMoments t;
      switch (votes.cell_category[c]) {
        case kNo:
          t = truncated_normal_moments(-kInf, zero);
          break;
        case kAbstain:
          t = truncated_normal_moments(zero, one);
          break;
        default:
          t = truncated_normal_moments(one, kInf);
      }
      out.mean[c] = m + sd * t.mean;
      out.variance[c] = t.variance / items.precision[j];
    }
  }
}

void position_evidence(const SessionVotes& votes, const std::vector<double>& x,
                       const ItemParameters& items, const Expectations& e, bool observed,
                       std::vector<double>& precision, std::vector<double>& information) {
  precision.assign(votes.state_count(), 0.0);
  information.assign(votes.state_count(), 0.0);
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    const double a = items.intercept[j], b = items.discrimination[j], p = items.precision[j];
    const double pb = p * b, pbb = pb * b;
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const std::uint32_t i = votes.cell_state[c];
      if (observed) {
        // Observed information: the complete-data p b^2 less the missing p^2 b^2 Var(z | y).
        const double h = pbb * (1 - p * e.variance[c]);
        precision[i] += h;
        information[i] += pb * (e.mean[c] - a - b * x[i]) + h * x[i];
      } else {
        precision[i] += pbb;
        information[i] += pb * (e.mean[c] - a);
      }
    }
  }
}

void regression_sums(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                     std::vector<ItemSums>& sums) {
  sums.resize(votes.item_count());
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    double n = 0, sx = 0, sxx = 0, sz = 0, sxz = 0;
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const double xi = x[votes.cell_state[c]], z = e.mean[c];
      n += 1;
      sx += xi;
      sxx += xi * xi;
      sz += z;
      sxz += xi * z;
    }
    sums[j] = {n, sx, sxx, sz, sxz};
  }
}

void solve_regression(const std::vector<ItemSums>& sums, const IdealPointOptions& options,
                      ItemParameters& items) {
  const double prior_precision = 1 / (options.item_sd * options.item_sd);
  for (std::size_t j = 0; j < sums.size(); ++j) {
    const auto [n, sx, sxx, sz, sxz] = sums[j];
    // (a, b) maximise -p/2 sum (E z - a - b x)^2 - (a^2 + b^2) / (2 item_sd^2): a 2x2 system.
    const double p = items.precision[j];
    const double h11 = p * n + prior_precision, h12 = p * sx, h22 = p * sxx + prior_precision;
    const double r1 = p * sz, r2 = p * sxz;
    const double det = h11 * h22 - h12 * h12;
    const double a = (h22 * r1 - h12 * r2) / det, b = (h11 * r2 - h12 * r1) / det;
    items.intercept[j] = a;
    items.discrimination[j] = b;
  }
}

void residual_sums(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                   const ItemParameters& items, std::vector<ItemSums>& sums) {
  sums.resize(votes.item_count());
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    const double a = items.intercept[j], b = items.discrimination[j];
    double residual = 0;
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const double r = e.mean[c] - a - b * x[votes.cell_state[c]];
      residual += e.variance[c] + r * r;
    }
    const auto n = static_cast<double>(votes.item_begin[j + 1] - votes.item_begin[j]);
    sums[j] = {n, residual, 0, 0, 0};
  }
}

void solve_precision(const std::vector<ItemSums>& sums, const IdealPointOptions& options,
                     ItemParameters& items) {
  for (std::size_t j = 0; j < sums.size(); ++j) {
    // p maximises (n/2 + shape - 1) log p - p (R/2 + rate), R the expected residual sum of
    // squares: the Gamma prior keeps p finite when the residuals vanish (separation).
    const double n = sums[j][0], residual = sums[j][1];
    items.precision[j] =
        (n / 2 + options.precision_shape - 1) / (residual / 2 + options.precision_rate);
  }
}

void newton_sums(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                 const IdealPointOptions& options, const ItemParameters& items,
                 const std::vector<char>* with_prior, std::vector<ItemSums>& sums) {
  const double pa = 1 / (options.item_sd * options.item_sd);
  sums.resize(votes.item_count());
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    const double a = items.intercept[j], b = items.discrimination[j], p = items.precision[j];
    const bool prior = with_prior == nullptr || (*with_prior)[j] != 0;
    double h11 = prior ? pa : 0, h12 = 0, h22 = prior ? pa : 0;
    double g1 = prior ? -pa * a : 0, g2 = prior ? -pa * b : 0;
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const double xi = x[votes.cell_state[c]];
      const double w = p * (1 - p * e.variance[c]);
      const double r = p * (e.mean[c] - a - b * xi);
      h11 += w;
      h12 += w * xi;
      h22 += w * xi * xi;
      g1 += r;
      g2 += r * xi;
    }
    sums[j] = {h11, h12, h22, g1, g2};
  }
}

void solve_newton(const std::vector<ItemSums>& sums, ItemParameters& items) {
  for (std::size_t j = 0; j < sums.size(); ++j) {
    const auto [h11, h12, h22, g1, g2] = sums[j];
    const double a = items.intercept[j], b = items.discrimination[j];
    const double det = h11 * h22 - h12 * h12;
    items.intercept[j] = a + (h22 * g1 - h12 * g2) / det;
    items.discrimination[j] = b + (h11 * g2 - h12 * g1) / det;
  }
}

void update_items(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                  const IdealPointOptions& options, ItemParameters& items) {
  thread_local std::vector<ItemSums> sums;
  regression_sums(votes, x, e, sums);
  solve_regression(sums, options, items);
  update_precision(votes, x, e, options, items);
}

void update_precision(const SessionVotes& votes, const std::vector<double>& x,
                      const Expectations& e, const IdealPointOptions& options,
                      ItemParameters& items) {
  thread_local std::vector<ItemSums> sums;
  residual_sums(votes, x, e, items, sums);
  solve_precision(sums, options, items);
}

void newton_items(const SessionVotes& votes, const std::vector<double>& x, const Expectations& e,
                  const IdealPointOptions& options, ItemParameters& items) {
  thread_local std::vector<ItemSums> sums;
  newton_sums(votes, x, e, options, items, nullptr, sums);
  solve_newton(sums, items);
}

SessionEstimate start_values(const SessionVotes& votes, const IdealPointOptions& options) {
  SessionEstimate start;
  start.x = leading_component(votes);
  // Standardise over the states that have votes; the others stay at the prior mean.
  double sum = 0, sum_sq = 0, count = 0;
  for (std::size_t i = 0; i < votes.state_count(); ++i) {
    if (votes.state_votes[i] == 0) continue;
    sum += start.x[i];
    sum_sq += start.x[i] * start.x[i];
    count += 1;
  }
  const double mean = count > 0 ? sum / count : 0;
  const double var = count > 0 ? sum_sq / count - mean * mean : 0;
  const double scale = var > 1e-24 ? 1 / std::sqrt(var) : 0;
  for (std::size_t i = 0; i < votes.state_count(); ++i)
    start.x[i] = votes.state_votes[i] == 0 ? 0 : (start.x[i] - mean) * scale;
  const std::size_t items = votes.item_count();
  start.items = {std::vector<double>(items, 0.0), std::vector<double>(items, 0.0),
                 std::vector<double>(items, 1.0)};
  // Category midpoints on the latent scale (no below 0, abstain in [0, 1), yes above 1).
  Expectations e;
  e.mean.resize(votes.cell_count());
  e.variance.assign(votes.cell_count(), 0.0);
  for (std::size_t c = 0; c < votes.cell_count(); ++c)
    e.mean[c] = static_cast<double>(votes.cell_category[c]) - 0.5;
  update_items(votes, start.x, e, options, start.items);
  std::fill(start.items.precision.begin(), start.items.precision.end(), 1.0);
  return start;
}

void align_scale(const SessionVotes& votes, const IdealPointOptions& options,
                 std::vector<double>& x, ItemParameters& items) {
  const double px = 1 / (options.position_sd * options.position_sd);
  const double pa = 1 / (options.item_sd * options.item_sd);
  // Location: x + c, a - b c leaves every a + b x unchanged.
  double sx = 0, nx = 0, sab = 0, sbb = 0;
  for (std::size_t i = 0; i < votes.state_count(); ++i) {
    if (votes.state_votes[i] == 0) continue;
    sx += x[i];
    nx += 1;
  }
  for (std::size_t j = 0; j < items.size(); ++j) {
    sab += items.intercept[j] * items.discrimination[j];
    sbb += items.discrimination[j] * items.discrimination[j];
  }
  const double c = (pa * sab - px * sx) / (px * nx + pa * sbb);
  for (std::size_t i = 0; i < votes.state_count(); ++i) {
    if (votes.state_votes[i] > 0) x[i] += c;
  }
  for (std::size_t j = 0; j < items.size(); ++j) items.intercept[j] -= items.discrimination[j] * c;
  // Scale: s x, b / s leaves every a + b x unchanged.
  double sxx = 0;
  for (std::size_t i = 0; i < votes.state_count(); ++i) sxx += x[i] * x[i];
  if (sxx < 1e-300 || sbb < 1e-300) return;
  const double s = std::pow((pa * sbb) / (px * sxx), 0.25);
  for (double& v : x) v *= s;
  for (double& b : items.discrimination) b /= s;
}

namespace {

// The session's parameters as one vector for SQUAREM: x, a, b, log p (so that an
// extrapolated precision stays positive).
std::vector<double> pack(const std::vector<double>& x, const ItemParameters& items) {
  std::vector<double> theta(x);
  theta.insert(theta.end(), items.intercept.begin(), items.intercept.end());
  theta.insert(theta.end(), items.discrimination.begin(), items.discrimination.end());
  for (double p : items.precision) theta.push_back(std::log(p));
  return theta;
}

void unpack(const std::vector<double>& theta, std::size_t states, std::vector<double>& x,
            ItemParameters& items) {
  const std::size_t j = (theta.size() - states) / 3;
  auto at = theta.begin();
  x.assign(at, at + static_cast<std::ptrdiff_t>(states));
  at += static_cast<std::ptrdiff_t>(states);
  items.intercept.assign(at, at + static_cast<std::ptrdiff_t>(j));
  at += static_cast<std::ptrdiff_t>(j);
  items.discrimination.assign(at, at + static_cast<std::ptrdiff_t>(j));
  at += static_cast<std::ptrdiff_t>(j);
  items.precision.resize(j);
  for (std::size_t k = 0; k < j; ++k)
    items.precision[k] = std::exp(at[static_cast<std::ptrdiff_t>(k)]);
}

// The convergence measure of one EM step on a packed session: the largest of the position,
// intercept and discrimination changes.
double packed_change(const std::vector<double>& before, const std::vector<double>& after,
                     std::size_t states) {
  const std::size_t j = (before.size() - states) / 3;
  return parameter_change(before.data(), after.data(), states + 2 * j);
}

}  // namespace

void plain_em_step(const SessionVotes& votes, const IdealPointOptions& options,
                   std::vector<double>& x, ItemParameters& items, EmWorkspace& work) {
  const double prior_precision = 1 / (options.position_sd * options.position_sd);
  expect(votes, x, items, work.expectations);
  position_evidence(votes, x, items, work.expectations, false, work.precision, work.information);
  for (std::size_t i = 0; i < votes.state_count(); ++i)
    x[i] = work.information[i] / (work.precision[i] + prior_precision);
  update_items(votes, x, work.expectations, options, items);
  align_scale(votes, options, x, items);
}

void ecme_items(const SessionVotes& votes, const std::vector<double>& x,
                const IdealPointOptions& options, ItemParameters& items, Expectations& e) {
  expect(votes, x, items, e);
  update_items(votes, x, e, options, items);
  expect(votes, x, items, e);
  newton_items(votes, x, e, options, items);
  expect(votes, x, items, e);
}

void ecme_step(const SessionVotes& votes, const IdealPointOptions& options, std::vector<double>& x,
               ItemParameters& items, EmWorkspace& work) {
  const double prior_precision = 1 / (options.position_sd * options.position_sd);
  ecme_items(votes, x, options, items, work.expectations);
  position_evidence(votes, x, items, work.expectations, true, work.precision, work.information);
  for (std::size_t i = 0; i < votes.state_count(); ++i)
    x[i] = work.information[i] / (work.precision[i] + prior_precision);
  align_scale(votes, options, x, items);
}

double em_step(const SessionVotes& votes, const IdealPointOptions& options, std::vector<double>& x,
               ItemParameters& items, EmWorkspace& work, double before) {
  if (std::isnan(before)) before = log_posterior(votes, x, items, options);
  work.x = x;
  work.items = items;
  ecme_step(votes, options, x, items, work);
  const double after = log_posterior(votes, x, items, options);
  if (after >= before - 1e-12 * std::abs(before)) return after;
  // A Newton step overshot: the plain EM step from the same point cannot.
  x = work.x;
  items = work.items;
  plain_em_step(votes, options, x, items, work);
  return log_posterior(votes, x, items, options);
}

double log_likelihood(const SessionVotes& votes, const std::vector<double>& x,
                      const ItemParameters& items) {
  double sum = 0;
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    const double root_p = std::sqrt(items.precision[j]);
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const double m = items.intercept[j] + items.discrimination[j] * x[votes.cell_state[c]];
      sum += log_category_probability(votes.cell_category[c], -m * root_p, (1 - m) * root_p);
    }
  }
  return sum;
}

double log_item_prior(const ItemParameters& items, const IdealPointOptions& options,
                      const std::vector<char>* counted) {
  const double pa = 1 / (options.item_sd * options.item_sd);
  double sum = 0;
  for (std::size_t j = 0; j < items.size(); ++j) {
    if (counted != nullptr && (*counted)[j] == 0) continue;
    const double a = items.intercept[j], b = items.discrimination[j], p = items.precision[j];
    sum += -0.5 * pa * (a * a + b * b) + (options.precision_shape - 1) * std::log(p) -
           options.precision_rate * p;
  }
  return sum;
}

double log_posterior(const SessionVotes& votes, const std::vector<double>& x,
                     const ItemParameters& items, const IdealPointOptions& options) {
  const double px = 1 / (options.position_sd * options.position_sd);
  double sum = log_likelihood(votes, x, items) + log_item_prior(items, options);
  for (double v : x) sum -= 0.5 * px * v * v;
  return sum;
}

SessionEstimate fit_session(const SessionVotes& votes, SessionEstimate start,
                            const IdealPointOptions& options) {
  SessionEstimate fit = std::move(start);
  fit.iterations = 0;
  fit.converged = false;
  if (votes.item_count() == 0) {
    fit.x.assign(votes.state_count(), 0.0);
    fit.converged = true;
    return fit;
  }
  const std::size_t n = votes.state_count();
  EmWorkspace work;
  std::vector<double> x;
  ItemParameters items;
  auto step = [&](const std::vector<double>& theta) {
    unpack(theta, n, x, items);
    ecme_step(votes, options, x, items, work);
    return pack(x, items);
  };
  auto safe_step = [&](const std::vector<double>& theta) {
    unpack(theta, n, x, items);
    plain_em_step(votes, options, x, items, work);
    return pack(x, items);
  };
  auto objective = [&](const std::vector<double>& theta) {
    unpack(theta, n, x, items);
    return log_posterior(votes, x, items, options);
  };
  auto change = [&](const std::vector<double>& a, const std::vector<double>& b) {
    return packed_change(a, b, n);
  };
  const SquaremResult r = squarem(pack(fit.x, fit.items), options.max_iterations, options.tolerance,
                                  step, safe_step, objective, change);
  unpack(r.parameters, n, fit.x, fit.items);
  fit.iterations = r.evaluations;
  fit.converged = r.converged;
  return fit;
}

double parameter_change(const double* before, const double* after, std::size_t n) {
  double largest = 0;
  for (std::size_t i = 0; i < n; ++i)
    largest = std::max(largest, std::abs(after[i] - before[i]) / (1 + std::abs(before[i])));
  return largest;
}

std::vector<std::uint8_t> simulate_categories(const SessionVotes& votes,
                                              const std::vector<double>& x,
                                              const ItemParameters& items, Rng& rng) {
  std::vector<std::uint8_t> out(votes.cell_count());
  for (std::size_t j = 0; j < votes.item_count(); ++j) {
    const double sd = 1 / std::sqrt(items.precision[j]);
    for (std::size_t c = votes.item_begin[j]; c < votes.item_begin[j + 1]; ++c) {
      const double z =
          items.intercept[j] + items.discrimination[j] * x[votes.cell_state[c]] + sd * rng.normal();
      out[c] = z < 0 ? kNo : z < 1 ? kAbstain : kYes;
    }
  }
  return out;
}

}  // namespace softpower::alignment::model
