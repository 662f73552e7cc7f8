// The analyst's index reads on a running server (ops/dashboard_analyst.cpp and the index
// operations with --spec): the indices listed with the server's own first, another index's
// scores and rank intervals kept apart from the server's own, a country's indicators of
// another index and year.

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <chrono>
#include <nlohmann/json.hpp>
#include <thread>

#include "apps/server/server.hpp"
#include "support/data.hpp"
#include "support/paths.hpp"

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

namespace softpower::server {
namespace {

using nlohmann::json;

json get(httplib::Client& c, const std::string& path, int status = 200) {
  auto res = c.Get(path);
  EXPECT_TRUE(res) << path;
  if (!res) return {};
  EXPECT_EQ(res->status, status) << path << ": " << res->body;
  return json::parse(res->body, nullptr, false);
}

// Runs the interval job of `body` to its end.
void intervals(httplib::Client& c, const std::string& body) {
  auto res = c.Post("/api/index/intervals", body, "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 202) << res->body;
  const std::int64_t id = json::parse(res->body)["id"];
  for (int k = 0; k < 600; ++k) {
    const json job = get(c, fmt::format("/api/jobs/{}", id));
    if (job["state"] == "done") return;
    ASSERT_TRUE(job["state"] == "queued" || job["state"] == "running") << job.dump();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  FAIL() << "the interval job did not end";
}

TEST(AnalystServe, OtherIndicesAreListedScoredAndKeepTheirOwnIntervals) {
  SOFTPOWER_REQUIRE_DATA(data);
  ServerOptions o;
  o.port = 0;
  o.spec = testing::source_dir() / "examples" / "asem.toml";
  o.data = data.string();
  o.rate = 0;
  Server server(std::move(o));
  httplib::Client c("127.0.0.1", server.start());
  c.set_read_timeout(60);

  // The server's own index first, sent as no spec; its file is not listed twice.
  const json list = get(c, "/api/index/list");
  ASSERT_GE(list["indices"].size(), 3u);
  EXPECT_EQ(list["indices"][0]["spec"], "");
  EXPECT_TRUE(list["indices"][0]["own"].get<bool>());
  EXPECT_EQ(list["indices"][0]["file"], "asem.toml");
  int asem = 0;
  bool elcano = false;
  for (const json& i : list["indices"]) {
    asem += i["file"] == "asem.toml" ? 1 : 0;
    elcano |= i["spec"] == "elcano.toml";
  }
  EXPECT_EQ(asem, 1);
  EXPECT_TRUE(elcano);

  // Intervals of the server's own index are not another index's, even of the same year and
  // file: before, GET scores?spec=asem.toml showed the server's own intervals, and intervals
  // computed for a spec were kept nowhere.
  intervals(c, R"({"runs":40,"seed":2})");
  EXPECT_EQ(get(c, "/api/index/scores")["intervals"]["runs"], 40);
  EXPECT_TRUE(get(c, "/api/index/scores?spec=asem.toml")["intervals"].is_null());
  intervals(c, R"({"spec":"asem.toml","runs":30,"seed":2})");
  const json other = get(c, "/api/index/scores?spec=asem.toml");
  EXPECT_EQ(other["intervals"]["runs"], 30);
  EXPECT_TRUE(other["units"][0].contains("interval"));
  EXPECT_EQ(get(c, "/api/index/scores")["intervals"]["runs"], 40);

  // Elcano in 2010: another index and year; its intervals are of the year asked.
  const json e = get(c, "/api/index/scores?spec=elcano.toml&year=2010");
  EXPECT_EQ(e["name"], "Elcano Global Presence Index");
  EXPECT_EQ(e["year"], 2010);
  get(c, "/api/index/scores?spec=elcano.toml&year=2009", 400);
  const json deu = get(c, "/api/index/country?spec=elcano.toml&year=2010&country=DEU");
  EXPECT_EQ(deu["year"], 2010);
  for (const json& u : e["units"]) {
    if (u["iso3"] == "DEU") {
      EXPECT_EQ(deu["rank"], u["rank"]);
      EXPECT_EQ(deu["score"], u["score"]);
    }
  }
  for (const json& ind : deu["indicators"]) {
    if (!ind["raw"].is_null()) EXPECT_EQ(ind["data_year"], 2010) << ind["code"];
  }
  const json m = get(c, "/api/index/method?spec=elcano.toml");
  EXPECT_EQ(m["year"], 2013);
  EXPECT_EQ(m["sources"][0]["producer_url"], "https://www.globalpresence.realinstitutoelcano.org/");
  // A file outside what the server may read is refused, naming the parameter.
  const json refused = get(c, "/api/index/scores?spec=/etc/passwd", 400);
  EXPECT_EQ(refused["param"], "spec");
}

}  // namespace
}  // namespace softpower::server
