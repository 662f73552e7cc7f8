#include "softpower/report/agreement_html.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>

#include "softpower/core/countries.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"

namespace softpower::report {

namespace {

using alignment::DyadAgreement;

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
// Heatmap geometry: cell side, room for the codes on the left and on top.
constexpr double kCell = 6;
constexpr double kLabel = 30;
constexpr int kBins = 20;  // colour steps of 0.05

// 826826 as "826,826".
std::string grouped(std::size_t value) {
  std::string digits = std::to_string(value), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::pair<std::vector<DyadAgreement>::const_iterator, std::vector<DyadAgreement>::const_iterator>
period_range(const std::vector<DyadAgreement>& dyads, int period) {
  const auto begin = std::partition_point(
      dyads.begin(), dyads.end(), [&](const DyadAgreement& d) { return d.period < period; });
  const auto end = std::partition_point(begin, dyads.end(),
                                        [&](const DyadAgreement& d) { return d.period == period; });
  return {begin, end};
}

// One period's agreement as a symmetric matrix over the states that voted in it.
struct PeriodMatrix {
  int period = 0;
  std::vector<std::string> codes;  // code order
  Eigen::MatrixXd agree;           // NaN: no common vote; 1 on the diagonal
  Eigen::MatrixXd kappa;           // NaN: no common vote or undefined; 1 on the diagonal
  std::vector<double> mean;        // mean agreement with the other states
  std::vector<std::size_t> partners;
};

PeriodMatrix period_matrix(const std::vector<DyadAgreement>& dyads, int period) {
  PeriodMatrix m;
  m.period = period;
  const auto [begin, end] = period_range(dyads, period);
  for (auto it = begin; it != end; ++it) {
    m.codes.push_back(it->a);
    m.codes.push_back(it->b);
  }
  std::sort(m.codes.begin(), m.codes.end());
  m.codes.erase(std::unique(m.codes.begin(), m.codes.end()), m.codes.end());
  const auto k = static_cast<Eigen::Index>(m.codes.size());
  auto index = [&](const std::string& code) {
    return static_cast<Eigen::Index>(std::lower_bound(m.codes.begin(), m.codes.end(), code) -
                                     m.codes.begin());
  };
  m.agree = Eigen::MatrixXd::Constant(k, k, kNaN);
  m.kappa = Eigen::MatrixXd::Constant(k, k, kNaN);
  for (Eigen::Index i = 0; i < k; ++i) m.agree(i, i) = m.kappa(i, i) = 1;
  for (auto it = begin; it != end; ++it) {
    const auto i = index(it->a), j = index(it->b);
    m.agree(i, j) = m.agree(j, i) = it->agree;
    m.kappa(i, j) = m.kappa(j, i) = it->kappa;
  }
  m.mean.assign(m.codes.size(), kNaN);
  m.partners.assign(m.codes.size(), 0);
  for (Eigen::Index i = 0; i < k; ++i) {
    double sum = 0;
    std::size_t count = 0;
    for (Eigen::Index j = 0; j < k; ++j) {
      if (i == j || std::isnan(m.agree(i, j))) continue;
      sum += m.agree(i, j);
      ++count;
    }
    m.partners[static_cast<std::size_t>(i)] = count;
    if (count > 0) m.mean[static_cast<std::size_t>(i)] = sum / static_cast<double>(count);
  }
  return m;
}

// Indices of m.codes in display order (see seriate()).
std::vector<std::size_t> seriation(const PeriodMatrix& m) {
  const auto k = static_cast<Eigen::Index>(m.codes.size());
  std::vector<std::size_t> order(m.codes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  if (k < 3) return order;
  // Squared distances; a pair without a common vote gets the mean of the others.
  Eigen::MatrixXd d2(k, k);
  double sum = 0;
  std::size_t count = 0;
  for (Eigen::Index i = 0; i < k; ++i) {
    for (Eigen::Index j = 0; j < k; ++j) {
      const double a = m.agree(i, j);
      d2(i, j) = std::isnan(a) ? kNaN : (1 - a) * (1 - a);
      if (i != j && !std::isnan(a)) {
        sum += d2(i, j);
        ++count;
      }
    }
  }
  const double fill = count > 0 ? sum / static_cast<double>(count) : 0;
  d2 = d2.unaryExpr([fill](double v) { return std::isnan(v) ? fill : v; });
  // Classical scaling: B = −½ J D² J; the leading eigenvector is the first coordinate.
  const Eigen::MatrixXd centred = d2.rowwise() - d2.colwise().mean();
  Eigen::MatrixXd b = centred.colwise() - centred.rowwise().mean();
  b *= -0.5;
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> solver(b);
  Eigen::VectorXd x = solver.eigenvectors().col(k - 1);
  std::stable_sort(order.begin(), order.end(), [&](std::size_t p, std::size_t q) {
    return x(static_cast<Eigen::Index>(p)) > x(static_cast<Eigen::Index>(q));
  });
  // Orientation: the half of the order with the higher mean agreement first.
  std::array<double, 2> half_sum{}, half_count{};
  for (std::size_t r = 0; r < order.size(); ++r) {
    const double v = m.mean[order[r]];
    if (std::isnan(v)) continue;
    const std::size_t half = 2 * r < order.size() ? 0 : 1;
    half_sum[half] += v;
    half_count[half] += 1;
  }
  if (half_sum[1] * half_count[0] > half_sum[0] * half_count[1])
    std::reverse(order.begin(), order.end());
  return order;
}

// How a measure is drawn: its matrix, range and colours.
struct Shade {
  std::string key;    // data-value of its panels
  std::string label;  // for the select
  Eigen::MatrixXd PeriodMatrix::*values;
  double lo, hi;
  bool diverging;       // orange below the middle, blue above; else light to dark blue
  std::string about;    // the heatmap's description
  std::string missing;  // what a blank cell means
};

const std::vector<Shade>& shades() {
  static const std::vector<Shade> all = {
      {"agree", "agreement (Voeten)", &PeriodMatrix::agree, 0, 1, false,
       "Each cell is the agreement of the row and the column state: the share of their common "
       "roll calls on which they voted alike, a half for one abstaining; darker is closer.",
       "no common vote"},
      {"kappa", "Cohen's kappa", &PeriodMatrix::kappa, -1, 1, true,
       "Each cell is Cohen's kappa of the row and the column state: agreement beyond what their "
       "own shares of yes, abstain and no would give by chance; blue above chance, orange below.",
       "no common vote, or kappa undefined"},
  };
  return all;
}

std::string bin_colour(const Shade& shade, int bin) {
  const double t = (bin + 0.5) / kBins;
  return shade.diverging ? html::diverging_colour(2 * t - 1) : html::sequential_colour(t);
}

int bin_of(const Shade& shade, double v) {
  const double t = (v - shade.lo) / (shade.hi - shade.lo);
  return std::clamp(static_cast<int>(std::floor(t * kBins)), 0, kBins - 1);
}

std::string coord(double v) {
  return fmt::format("{}", std::round(v * 10) / 10);
}

std::string heatmap(const PeriodMatrix& m, const Shade& shade,
                    const std::vector<std::size_t>& order, const std::string& period_label) {
  const Eigen::MatrixXd& values_of = m.*shade.values;
  const std::size_t k = order.size();
  const double size = kLabel + kCell * static_cast<double>(k) + 4;
  std::string codes, names, values;
  for (std::size_t r = 0; r < k; ++r) {
    const std::string& code = m.codes[order[r]];
    codes += (r > 0 ? " " : "") + code;
    names += (r > 0 ? "|" : "") + CountryRegistry::world().display_name(code);
  }
  // One path per colour step keeps the page small, and a row's run of cells of one colour is one
  // rectangle, "Mx yhWv6h-Wz" (seriation puts like cells together: with the values' upper
  // triangle only, the page is half of what a square per cell and the whole matrix made).
  std::vector<std::string> paths(kBins);
  const auto cell = [&](std::size_t r, std::size_t c) {
    return values_of(static_cast<Eigen::Index>(order[r]), static_cast<Eigen::Index>(order[c]));
  };
  for (std::size_t r = 0; r < k; ++r) {
    // The matrix is symmetric: its upper triangle (with the diagonal), row by row, is enough for
    // the page's script to tell the value under the pointer.
    for (std::size_t c = r; c < k; ++c) {
      const double v = cell(r, c);
      if (r + c > 0) values += ',';
      if (!std::isnan(v)) values += std::to_string(std::lround(v * 1000));
    }
    for (std::size_t c = 0; c < k;) {
      const double v = cell(r, c);
      if (std::isnan(v)) {
        ++c;
        continue;
      }
      const int bin = bin_of(shade, v);
      std::size_t end = c + 1;
      while (end < k && !std::isnan(cell(r, end)) && bin_of(shade, cell(r, end)) == bin) ++end;
      const double x = kLabel + kCell * static_cast<double>(c);
      const double y = kLabel + kCell * static_cast<double>(r);
      const std::string w = coord(kCell * static_cast<double>(end - c));
      paths[static_cast<std::size_t>(bin)] +=
          "M" + coord(x) + " " + coord(y) + "h" + w + "v6h-" + w + "z";
      c = end;
    }
  }
  std::string svg = fmt::format(
      "<svg class=\"heatmap\" viewBox=\"0 0 {0} {0}\" width=\"{0}\" height=\"{0}\" role=\"img\"{1}"
      "{2}{3}{4}{5}{6}{7}>",
      coord(size), html::attr("data-codes", codes), html::attr("data-names", names),
      html::attr("data-values", values), html::attr("data-x0", coord(kLabel)),
      html::attr("data-y0", coord(kLabel)), html::attr("data-cell", coord(kCell)),
      html::attr("data-missing", shade.missing));
  svg += "<title>" +
         html::escape(
             fmt::format("{} between {} states, {} {}", shade.label, k, period_label, m.period)) +
         "</title>";
  svg += "<desc>" + html::escape(shade.about + " States in seriated order.") + "</desc>";
  for (int bin = 0; bin < kBins; ++bin) {
    const auto& d = paths[static_cast<std::size_t>(bin)];
    if (!d.empty())
      svg += "<path" + html::attr("fill", bin_colour(shade, bin)) + html::attr("d", d) + "/>";
  }
  for (std::size_t r = 0; r < k; ++r) {
    const std::string& code = m.codes[order[r]];
    const double mid = kLabel + kCell * (static_cast<double>(r) + 0.5);
    svg += html::svg_text(kLabel - 2, mid + 1.8, code,
                          html::attr("class", "code") + html::attr("text-anchor", "end"));
    svg += "<text class=\"code\" transform=\"translate(" + coord(mid + 1.8) + " " +
           coord(kLabel - 2) + ") rotate(-90)\">" + html::escape(code) + "</text>";
  }
  return svg + html::svg_close();
}

std::string legend(const Shade& shade) {
  const double w = 12, h = 12, left = 16;
  std::string svg = html::svg_open(
      left * 2 + w * kBins + 8, 34, "Colour scale",
      fmt::format("{} from {} to {}", shade.label, html::plain(shade.lo), html::plain(shade.hi)),
      "legend-scale");
  for (int bin = 0; bin < kBins; ++bin) {
    svg += html::svg_rect(left + w * bin, 2, w, h, html::attr("fill", bin_colour(shade, bin)));
  }
  for (const double t : {0.0, 0.25, 0.5, 0.75, 1.0}) {
    const double value = shade.lo + t * (shade.hi - shade.lo);
    svg += html::svg_text(left + w * kBins * t, h + 16, html::number(value, 2),
                          html::attr("class", "tick") + html::attr("text-anchor", "middle"));
  }
  return svg + html::svg_close();
}

templates::Data state_rows(const PeriodMatrix& m, const std::vector<std::size_t>& order) {
  templates::List rows;
  const auto k = static_cast<Eigen::Index>(m.codes.size());
  for (std::size_t r = 0; r < order.size(); ++r) {
    const std::size_t s = order[r];
    const auto i = static_cast<Eigen::Index>(s);
    Eigen::Index best = -1, worst = -1;
    for (Eigen::Index j = 0; j < k; ++j) {
      const double v = m.agree(i, j);
      if (j == i || std::isnan(v)) continue;
      if (best < 0 || v > m.agree(i, best)) best = j;
      if (worst < 0 || v < m.agree(i, worst)) worst = j;
    }
    auto partner = [&](Eigen::Index j) {
      if (j < 0) return templates::Data(false);
      const std::string& code = m.codes[static_cast<std::size_t>(j)];
      return templates::Data(
          templates::Object{{"code", code},
                            {"name", CountryRegistry::world().display_name(code)},
                            {"agree", html::number(m.agree(i, j), 3)}});
    };
    const std::string& code = m.codes[s];
    rows.emplace_back(templates::Object{{"order", std::to_string(r + 1)},
                                        {"code", code},
                                        {"name", CountryRegistry::world().display_name(code)},
                                        {"mean_sort", html::plain(m.mean[s])},
                                        {"mean", html::number(m.mean[s], 3)},
                                        {"partners", std::to_string(m.partners[s])},
                                        {"closest", partner(best)},
                                        {"farthest", partner(worst)}});
  }
  return templates::list(rows);
}

}  // namespace

std::vector<int> heatmap_periods(const std::vector<int>& periods, std::size_t count) {
  std::vector<int> sorted = periods;
  std::sort(sorted.begin(), sorted.end());
  sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
  if (sorted.size() <= count) return sorted;
  std::vector<int> out;
  if (count == 0) return out;
  if (count == 1) return {sorted.back()};
  for (std::size_t i = 0; i < count; ++i) {
    const auto at = static_cast<std::size_t>(
        std::llround(static_cast<double>(i) * static_cast<double>(sorted.size() - 1) /
                     static_cast<double>(count - 1)));
    out.push_back(sorted[at]);
  }
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<std::string> seriate(const std::vector<DyadAgreement>& dyads, int period) {
  const PeriodMatrix m = period_matrix(dyads, period);
  std::vector<std::string> out;
  for (const std::size_t s : seriation(m)) out.push_back(m.codes[s]);
  return out;
}

std::string agreement_html(const std::vector<DyadAgreement>& dyads, const AgreementPageInfo& info) {
  std::vector<int> periods;
  for (const auto& d : dyads) {
    if (periods.empty() || periods.back() != d.period) periods.push_back(d.period);
  }
  const std::vector<int> shown = heatmap_periods(periods, 6);
  templates::Data data(templates::Object{{"dyads", grouped(dyads.size())},
                                         {"period_count", std::to_string(periods.size())},
                                         {"period_name", info.period_name},
                                         {"roll_calls", grouped(info.roll_calls)},
                                         {"selection", info.selection},
                                         {"origin", info.origin},
                                         {"any_period", !shown.empty()}});
  if (shown.empty()) return templates::page("agreement", "Agreement", data);
  templates::List shade_items;
  for (const Shade& shade : shades()) {
    shade_items.emplace_back(templates::Object{{"key", shade.key},
                                               {"first", &shade == &shades().front()},
                                               {"label", shade.label},
                                               {"legend", legend(shade)}});
  }
  data["shades"] = templates::list(shade_items);
  templates::List period_items;
  for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
    const PeriodMatrix m = period_matrix(dyads, *it);
    const std::vector<std::size_t> order = seriation(m);
    templates::List figures;
    for (const Shade& shade : shades()) {
      figures.emplace_back(
          templates::Object{{"key", shade.key},
                            {"first", &shade == &shades().front()},
                            {"heatmap", heatmap(m, shade, order, info.period_name)},
                            {"about", shade.about},
                            {"missing", shade.missing}});
    }
    period_items.emplace_back(templates::Object{{"period", std::to_string(*it)},
                                                {"first", it == shown.rbegin()},
                                                {"state_count", std::to_string(m.codes.size())},
                                                {"figures", templates::list(figures)},
                                                {"states", state_rows(m, order)}});
  }
  data["periods"] = templates::list(period_items);
  return templates::page("agreement", "Agreement in roll-call votes", data);
}

}  // namespace softpower::report
