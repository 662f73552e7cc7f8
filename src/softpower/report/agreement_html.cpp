#include "softpower/report/agreement_html.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <nlohmann/json.hpp>
#include <string_view>

#include "softpower/alignment/agreement_matrix.hpp"
#include "softpower/core/byte_stream.hpp"
#include "softpower/core/countries.hpp"
#include "softpower/report/template.hpp"

namespace softpower::embedded {
/// web/src/heatmap.js, compiled in by CMake (cmake/embed_text.cmake).
std::string_view heatmap_script();
}  // namespace softpower::embedded

namespace softpower::report {

namespace {

using alignment::AgreementMatrix;
using alignment::DyadAgreement;

// 826826 as "826,826".
std::string grouped(std::size_t value) {
  std::string digits = std::to_string(value), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

// RFC 4648 base64 with padding.
std::string base64(std::string_view bytes) {
  static constexpr std::string_view kDigits =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  out.reserve((bytes.size() + 2) / 3 * 4);
  for (std::size_t i = 0; i < bytes.size(); i += 3) {
    const std::size_t left = bytes.size() - i;
    const auto byte = [&](std::size_t j) {
      return std::uint32_t{static_cast<unsigned char>(bytes[j])};
    };
    const std::uint32_t word =
        (byte(i) << 16) | (left > 1 ? byte(i + 1) << 8 : 0) | (left > 2 ? byte(i + 2) : 0);
    out += kDigits[(word >> 18) & 63];
    out += kDigits[(word >> 12) & 63];
    out += left > 1 ? kDigits[(word >> 6) & 63] : '=';
    out += left > 2 ? kDigits[word & 63] : '=';
  }
  return out;
}

// A measure in thousandths, shifted by `offset` thousandths, as 16-bit numbers in two planes:
// every low byte, then every high byte (the planes pack better than the pairs); kBlank for NaN.
constexpr std::uint16_t kBlank = 0xFFFF;
void append_thousandths(std::string& out, const std::vector<double>& values, long offset) {
  std::vector<std::uint16_t> q(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double v = values[i];
    q[i] = std::isnan(v) ? kBlank
                         : static_cast<std::uint16_t>(
                               std::clamp(std::lround(v * 1000) + offset, 0L, long{kBlank} - 1));
  }
  for (const std::uint16_t v : q) out += static_cast<char>(v & 0xFF);
  for (const std::uint16_t v : q) out += static_cast<char>(v >> 8);
}

// Counts as unsigned LEB128 varints: seven bits a byte, the high bit set on all but the last.
void append_varints(std::string& out, const std::vector<std::size_t>& counts) {
  for (std::size_t v : counts) {
    while (v >= 0x80) {
      out += static_cast<char>((v & 0x7F) | 0x80);
      v >>= 7;
    }
    out += static_cast<char>(v);
  }
}

// Each state's line of the page's table: its mean agreement (to 3 decimals), its partners, and
// the positions of its closest and farthest partner (−1: none).
nlohmann::json state_lines(const AgreementMatrix& m) {
  nlohmann::json lines = nlohmann::json::array();
  const std::size_t k = m.size();
  for (std::size_t i = 0; i < k; ++i) {
    std::size_t best = k, worst = k, partners = 0;
    double sum = 0;
    for (std::size_t j = 0; j < k; ++j) {
      if (j == i) continue;
      const double v = m.agree[m.pair(i, j)];
      if (std::isnan(v)) continue;
      sum += v;
      ++partners;
      if (best == k || v > m.agree[m.pair(i, best)]) best = j;
      if (worst == k || v < m.agree[m.pair(i, worst)]) worst = j;
    }
    const auto at = [k](std::size_t j) { return j == k ? -1L : static_cast<long>(j); };
    nlohmann::json mean = nullptr;
    if (partners > 0) mean = std::round(sum / static_cast<double>(partners) * 1000) / 1000;
    lines.push_back({mean, partners, at(best), at(worst)});
  }
  return lines;
}

// The data the page's script draws (the template's comment gives the layout).
std::string page_data(const std::vector<AgreementMatrix>& matrices,
                      const std::string& period_name) {
  nlohmann::json names = nlohmann::json::object();
  nlohmann::json periods = nlohmann::json::array();
  for (const AgreementMatrix& m : matrices) {
    for (const std::string& code : m.codes)
      names[code] = CountryRegistry::world().display_name(code);
    std::string bytes;
    append_thousandths(bytes, m.agree, 0);
    append_thousandths(bytes, m.kappa, 1000);
    append_varints(bytes, m.n);
    periods.push_back({{"period", m.period},
                       {"codes", m.codes},
                       {"states", state_lines(m)},
                       {"matrix", base64(gzip_member(bytes, 9))}});
  }
  std::string text =
      nlohmann::json{{"period_name", period_name}, {"names", names}, {"periods", periods}}.dump();
  // Inside <script>: no "</" may end it early.
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    out += text[i];
    if (text[i] == '<' && i + 1 < text.size() && text[i + 1] == '/') out += "\\";
  }
  return out;
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
  std::vector<AgreementMatrix> matrices;
  templates::List period_items;
  for (auto it = shown.rbegin(); it != shown.rend(); ++it) {
    matrices.push_back(alignment::agreement_matrix(dyads, *it));
    const AgreementMatrix& m = matrices.back();
    period_items.emplace_back(templates::Object{{"period", std::to_string(*it)},
                                                {"first", it == shown.rbegin()},
                                                {"state_count", std::to_string(m.size())}});
  }
  data["periods"] = templates::list(period_items);
  data["data"] = page_data(matrices, info.period_name);
  data["heatmap_script"] = std::string(embedded::heatmap_script());
  return templates::page("agreement", "Agreement in roll-call votes", data);
}

}  // namespace softpower::report
