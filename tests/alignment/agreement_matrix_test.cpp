// The agreement heatmap's matrix (alignment/agreement_matrix.hpp): its order on a made-up
// assembly, the data agreement.html embeds (decoded as its script decodes it) and `alignment
// matrix` (the dashboard's heatmap), both against agreement.csv on the real UN votes.

#include "softpower/alignment/agreement_matrix.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "softpower/core/byte_stream.hpp"
#include "softpower/core/table.hpp"
#include "softpower/operations.hpp"
#include "softpower/report/agreement_html.hpp"
#include "support/data.hpp"
#include "support/scratch.hpp"

namespace softpower::alignment {
namespace {

DyadAgreement dyad(int period, std::string a, std::string b, std::size_t n, double agree,
                   double kappa) {
  DyadAgreement d;
  d.period = period;
  d.a = std::move(a);
  d.b = std::move(b);
  d.n = n;
  d.agree = agree;
  d.kappa = kappa;
  return d;
}

// Two blocs: AAA, CCC and EEE agree 0.9 among themselves, BBB and DDD 0.8, the blocs 0.2 across;
// BBB and EEE never voted together (no row). The first bloc's mean agreement is the higher.
std::vector<DyadAgreement> two_blocs(int period) {
  const std::vector<std::string> codes = {"AAA", "BBB", "CCC", "DDD", "EEE"};
  const std::vector<int> bloc = {0, 1, 0, 1, 0};
  std::vector<DyadAgreement> rows;
  for (std::size_t i = 0; i < codes.size(); ++i) {
    for (std::size_t j = i + 1; j < codes.size(); ++j) {
      if (codes[i] == "BBB" && codes[j] == "EEE") continue;
      const double a = bloc[i] != bloc[j] ? 0.2 : bloc[i] == 0 ? 0.9 : 0.8;
      rows.push_back(dyad(period, codes[i], codes[j], 10 + i * 5 + j, a, 2 * a - 1));
    }
  }
  return rows;
}

TEST(AgreementMatrix, BlocsSideBySideTheCloserBlocFirst) {
  std::vector<DyadAgreement> rows = two_blocs(7);
  // Another period before and after: only period 7 is read.
  rows.insert(rows.begin(), dyad(6, "AAA", "ZZZ", 3, 0.5, 0));
  rows.push_back(dyad(8, "AAA", "YYY", 3, 0.5, 0));
  const AgreementMatrix m = agreement_matrix(rows, 7);
  ASSERT_EQ(m.size(), 5u);
  EXPECT_EQ(m.period, 7);
  const std::set<std::string> first(m.codes.begin(), m.codes.begin() + 3);
  EXPECT_EQ(first, (std::set<std::string>{"AAA", "CCC", "EEE"}));
  const std::set<std::string> last(m.codes.begin() + 3, m.codes.end());
  EXPECT_EQ(last, (std::set<std::string>{"BBB", "DDD"}));
  // The pairs: ten, each once, in either order, with the dyad's values.
  ASSERT_EQ(m.agree.size(), 10u);
  std::set<std::size_t> seen;
  const auto at = [&](const std::string& code) {
    return static_cast<std::size_t>(std::find(m.codes.begin(), m.codes.end(), code) -
                                    m.codes.begin());
  };
  for (std::size_t i = 0; i < 5; ++i) {
    for (std::size_t j = i + 1; j < 5; ++j) {
      EXPECT_EQ(m.pair(i, j), m.pair(j, i));
      seen.insert(m.pair(i, j));
    }
  }
  EXPECT_EQ(seen.size(), 10u);
  EXPECT_EQ(*seen.rbegin(), 9u);
  EXPECT_EQ(m.pair(0, 1), 0u);
  EXPECT_EQ(m.pair(3, 4), 9u);
  const std::size_t ac = m.pair(at("AAA"), at("CCC"));
  EXPECT_DOUBLE_EQ(m.agree[ac], 0.9);
  EXPECT_DOUBLE_EQ(m.kappa[ac], 0.8);
  EXPECT_EQ(m.n[ac], 10u + 0 * 5 + 2);
  const std::size_t bd = m.pair(at("DDD"), at("BBB"));
  EXPECT_DOUBLE_EQ(m.agree[bd], 0.8);
  EXPECT_EQ(m.n[bd], 10u + 1 * 5 + 3);
  const std::size_t be = m.pair(at("BBB"), at("EEE"));
  EXPECT_TRUE(std::isnan(m.agree[be]));
  EXPECT_TRUE(std::isnan(m.kappa[be]));
  EXPECT_EQ(m.n[be], 0u);
  // Nothing in a period without dyads; two states keep code order.
  EXPECT_EQ(agreement_matrix(rows, 9).size(), 0u);
  EXPECT_EQ(agreement_matrix({dyad(1, "BBB", "CCC", 1, 1, 1), dyad(1, "AAA", "CCC", 1, 0, 0)}, 1)
                .codes.size(),
            3u);
  EXPECT_EQ(agreement_matrix({dyad(1, "XXX", "YYY", 1, 0.5, 0)}, 1).codes,
            (std::vector<std::string>{"XXX", "YYY"}));
}

// ---- agreement.html's data, decoded as its script does

std::string unbase64(const std::string& text) {
  const std::string digits = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  std::uint32_t word = 0;
  int bits = 0;
  for (const char c : text) {
    if (c == '=') break;
    word = (word << 6) | static_cast<std::uint32_t>(digits.find(c));
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((word >> bits) & 0xFF);
    }
  }
  return out;
}

std::string gunzipped(const std::string& packed) {
  auto stream = gunzip(memory_bytes(packed, "matrix"));
  std::string out;
  char buffer[65536];
  while (const std::size_t n = stream->read(buffer, sizeof buffer)) out.append(buffer, n);
  return out;
}

struct Decoded {
  std::vector<std::string> codes;
  std::vector<double> agree, kappa;  // NaN blank
  std::vector<std::size_t> n;
  nlohmann::json states;
};

// Every period of the page's #agreement-data.
std::map<int, Decoded> page_matrices(const std::string& html, nlohmann::json* names = nullptr) {
  const std::string open = "<script type=\"application/json\" id=\"agreement-data\">";
  const std::size_t at = html.find(open);
  if (at == std::string::npos) throw Error("no agreement-data");
  const std::size_t from = at + open.size();
  const nlohmann::json data =
      nlohmann::json::parse(html.substr(from, html.find("</script>", from) - from));
  if (names != nullptr) *names = data["names"];
  std::map<int, Decoded> out;
  for (const auto& p : data["periods"]) {
    Decoded d;
    d.codes = p["codes"].get<std::vector<std::string>>();
    d.states = p["states"];
    const std::string bytes = gunzipped(unbase64(p["matrix"].get<std::string>()));
    const std::size_t k = d.codes.size();
    const std::size_t m = k * (k - 1) / 2;
    const auto u = [&](std::size_t i) {
      return static_cast<unsigned>(static_cast<unsigned char>(bytes.at(i)));
    };
    const auto plane = [&](std::size_t start, int offset) {
      std::vector<double> v(m);
      for (std::size_t i = 0; i < m; ++i) {
        const unsigned q = u(start + i) | (u(start + m + i) << 8);
        v[i] = q == 0xFFFF ? std::nan("") : (static_cast<int>(q) - offset) / 1000.0;
      }
      return v;
    };
    d.agree = plane(0, 0);
    d.kappa = plane(2 * m, 1000);
    std::size_t value = 0;
    int shift = 0;
    for (std::size_t i = 4 * m; i < bytes.size(); ++i) {
      value |= static_cast<std::size_t>(u(i) & 0x7F) << shift;
      if ((u(i) & 0x80) != 0) {
        shift += 7;
      } else {
        d.n.push_back(value);
        value = 0;
        shift = 0;
      }
    }
    out.emplace(p["period"].get<int>(), std::move(d));
  }
  return out;
}

TEST(AgreementMatrix, PageEmbedsEachPeriodOnceInThousandths) {
  std::vector<DyadAgreement> rows = two_blocs(2000);
  rows.push_back(dyad(2001, "AAA", "BBB", 300, 0.12345, std::nan("")));
  const std::string html = report::agreement_html(rows, {"year", "all roll calls", "v", 10});
  // Drawn by the page's script on a canvas: no SVG heatmap, the drawing code is there once.
  EXPECT_EQ(html.find("<svg class=\"heatmap\""), std::string::npos);
  EXPECT_NE(html.find("export function heatmap(root, options)"), std::string::npos);
  EXPECT_EQ(html.find("export function heatmap("), html.rfind("export function heatmap("));
  nlohmann::json names;
  const auto pages = page_matrices(html, &names);
  ASSERT_EQ(pages.size(), 2u);
  const Decoded& d = pages.at(2000);
  const AgreementMatrix m = agreement_matrix(rows, 2000);
  EXPECT_EQ(d.codes, m.codes);
  ASSERT_EQ(d.agree.size(), 10u);
  ASSERT_EQ(d.n, m.n);
  for (std::size_t p = 0; p < 10; ++p) {
    if (std::isnan(m.agree[p])) {
      EXPECT_TRUE(std::isnan(d.agree[p]));
      EXPECT_TRUE(std::isnan(d.kappa[p]));
      continue;
    }
    EXPECT_DOUBLE_EQ(d.agree[p], m.agree[p]) << p;  // 0.2, 0.8 and 0.9 are whole thousandths
    EXPECT_NEAR(d.kappa[p], m.kappa[p], 1e-12) << p;
  }
  // 0.12345 is 0.123; an undefined kappa is blank; 300 common votes take two bytes.
  const Decoded& one = pages.at(2001);
  EXPECT_EQ(one.codes, (std::vector<std::string>{"AAA", "BBB"}));
  EXPECT_DOUBLE_EQ(one.agree.at(0), 0.123);
  EXPECT_TRUE(std::isnan(one.kappa.at(0)));
  EXPECT_EQ(one.n, (std::vector<std::size_t>{300}));
  // The table's lines: AAA's mean agreement with its four partners, closest and farthest.
  const std::size_t a =
      static_cast<std::size_t>(std::find(d.codes.begin(), d.codes.end(), "AAA") - d.codes.begin());
  const nlohmann::json& line = d.states.at(a);
  EXPECT_DOUBLE_EQ(line[0].get<double>(), 0.55);
  EXPECT_EQ(line[1], 4);
  EXPECT_EQ(d.codes.at(line[2].get<std::size_t>()) == "CCC" ||
                d.codes.at(line[2].get<std::size_t>()) == "EEE",
            true);
  EXPECT_EQ(names["AAA"], "AAA");
}

std::string read_text(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

nlohmann::json run(const std::string& name,
                   std::initializer_list<std::pair<std::string, std::string>> values) {
  const Operation* op = operations().find(name);
  if (op == nullptr) throw Error("no operation " + name);
  Args args;
  for (const auto& [k, v] : values) args.set(k, v);
  Progress quiet;
  std::ostringstream log;
  Cache cache;
  Context ctx{quiet, log, &cache};
  return op->run(op->validate(args), ctx);
}

// agreement.html of every session of the UN votes: six sessions' matrices, each dyad to the
// thousandth of agreement.csv, in a page a small fraction of its 3.2 MB before (issue 17); and
// `alignment matrix` answers session 74 exactly as agreement.csv has it, in the page's order.
TEST(AgreementMatrix, PageAndOperationMatchAgreementCsvOnTheUnVotes) {
  SOFTPOWER_REQUIRE_DATA(data);
  testing::ScratchDir dir;
  run("alignment agreement",
      {{"votes", (data / "un-votes").string()}, {"out", dir.path().string()}});
  const std::string html = read_text(dir / "agreement.html");
  EXPECT_LT(html.size(), 400'000u);
  const auto pages = page_matrices(html);
  EXPECT_EQ(pages.size(), 6u);
  ASSERT_TRUE(pages.contains(74));
  ASSERT_TRUE(pages.contains(1));

  const nlohmann::json answer =
      run("alignment matrix", {{"period", "74"}, {"data", data.string()}});
  EXPECT_EQ(answer["period"], 74);
  EXPECT_EQ(answer["periods"].size(), 74u);
  EXPECT_EQ(answer["roll_calls"], 91);
  const auto codes = answer["codes"].get<std::vector<std::string>>();
  EXPECT_EQ(codes, pages.at(74).codes);
  EXPECT_EQ(codes.front(), "SYR");
  EXPECT_EQ(codes.back(), "USA");
  EXPECT_EQ(answer["names"].back(), "United States");
  std::map<std::string, std::size_t> where;
  for (std::size_t i = 0; i < codes.size(); ++i) where[codes[i]] = i;
  const std::size_t k = codes.size();
  const auto pair = [k](std::size_t i, std::size_t j) {
    if (i > j) std::swap(i, j);
    return i * (2 * k - i - 1) / 2 + (j - i - 1);
  };

  const Table csv = read_csv(dir / "agreement.csv");
  std::map<int, std::size_t> checked;
  std::size_t exact = 0;
  for (std::size_t row = 0; row < csv.size(); ++row) {
    const int period = std::stoi(csv.cell(row, 0));
    const auto page = pages.find(period);
    if (page == pages.end()) continue;
    const Decoded& d = page->second;
    const auto ia = std::find(d.codes.begin(), d.codes.end(), csv.cell(row, 1)) - d.codes.begin();
    const auto ib = std::find(d.codes.begin(), d.codes.end(), csv.cell(row, 2)) - d.codes.begin();
    ASSERT_LT(static_cast<std::size_t>(std::max(ia, ib)), d.codes.size());
    const std::size_t kk = d.codes.size();
    std::size_t i = static_cast<std::size_t>(std::min(ia, ib));
    std::size_t j = static_cast<std::size_t>(std::max(ia, ib));
    const std::size_t p = i * (2 * kk - i - 1) / 2 + (j - i - 1);
    const std::size_t n = std::stoul(csv.cell(row, 3));
    const double agree = std::stod(csv.cell(row, 4));
    ASSERT_EQ(d.n.at(p), n);
    ASSERT_NEAR(d.agree.at(p), agree, 0.0005 + 1e-12);
    if (csv.cell(row, 6).empty()) {
      ASSERT_TRUE(std::isnan(d.kappa.at(p)));
    } else {
      ASSERT_NEAR(d.kappa.at(p), std::stod(csv.cell(row, 6)), 0.0005 + 1e-12);
    }
    ++checked[period];
    if (period != 74) continue;
    // The operation: every digit.
    const std::size_t q = pair(where.at(csv.cell(row, 1)), where.at(csv.cell(row, 2)));
    ASSERT_EQ(answer["n"][q], n);
    ASSERT_EQ(answer["agree"][q].get<double>(), agree);
    if (csv.cell(row, 6).empty()) {
      ASSERT_TRUE(answer["kappa"][q].is_null());
    } else {
      ASSERT_EQ(answer["kappa"][q].get<double>(), std::stod(csv.cell(row, 6)));
    }
    ++exact;
  }
  // Every pair of the page with a value is a row of agreement.csv, and the reverse.
  for (const auto& [period, d] : pages) {
    std::size_t with = 0;
    for (const std::size_t n : d.n) with += n > 0 ? 1 : 0;
    EXPECT_EQ(checked[period], with) << period;
  }
  std::size_t answered = 0;
  for (const auto& n : answer["n"]) answered += n.get<std::size_t>() > 0 ? 1 : 0;
  EXPECT_EQ(exact, answered);
  EXPECT_GT(exact, 18000u);

  // The filters: nuclear-weapons votes of 2019, by year.
  const nlohmann::json nu =
      run("alignment matrix",
          {{"by", "year"}, {"issue", "nu"}, {"period", "2019"}, {"data", data.string()}});
  EXPECT_EQ(nu["by"], "year");
  EXPECT_EQ(nu["issue"], "nu");
  EXPECT_GT(nu["roll_calls"].get<int>(), 0);
  EXPECT_LT(nu["roll_calls"].get<int>(), 91);
  try {
    run("alignment matrix", {{"period", "99"}, {"data", data.string()}});
    ADD_FAILURE() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              "--period 99: no roll call of session 99 is kept (the sessions run 1–74)");
  }
}

}  // namespace
}  // namespace softpower::alignment
