// The HTTP attack suite: `softpower serve` as a process on a free loopback port, attacked with
// raw sockets as a hostile tester would (issue 13): request-smuggling shapes, compressed
// bodies, Host and Origin checks, cross-site POSTs, the security headers, connection floods
// and slowloris. Bounded: a few hundred requests and about twenty seconds in all. After each
// group the server must still answer GET / with the dashboard's page.

#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <thread>
#include <vector>

#include "raw_http.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

constexpr int kPerClient = 32;     // --max-connections-per-client
constexpr int kConnections = 128;  // --max-connections
const std::string kPage = "<!doctype html><title>attack test</title>";
const std::string kLookup = R"({"value":"France"})";
constexpr char kNulHeader[] = "Host: 127.0.0.1\r\nX-A: a\0b\r\n";

std::string post(const std::string& content_type, const std::string& body,
                 const std::string& extra = "") {
  return "POST /api/countries/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
         (content_type.empty() ? std::string() : "Content-Type: " + content_type + "\r\n") +
         "Content-Length: " + std::to_string(body.size()) + "\r\n" + extra + "\r\n" + body;
}

std::string get(const std::string& path, const std::string& headers = "Host: 127.0.0.1\r\n") {
  return "GET " + path + " HTTP/1.1\r\n" + headers + "\r\n";
}

// `bytes` gzip-compressed, made of `head`, `fill` spaces and `tail`.
std::string gzip_of(const std::string& head, std::size_t fill, const std::string& tail) {
  z_stream z{};
  EXPECT_EQ(deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY), Z_OK);
  std::string out;
  std::vector<unsigned char> buffer(1 << 16);
  const auto feed = [&](const std::string& in, int flush) {
    z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
    z.avail_in = static_cast<uInt>(in.size());
    do {
      z.next_out = buffer.data();
      z.avail_out = static_cast<uInt>(buffer.size());
      deflate(&z, flush);
      out.append(reinterpret_cast<char*>(buffer.data()), buffer.size() - z.avail_out);
    } while (z.avail_out == 0);
  };
  feed(head, Z_NO_FLUSH);
  const std::string spaces(1 << 20, ' ');
  for (std::size_t k = 0; k < fill / spaces.size(); ++k) feed(spaces, Z_NO_FLUSH);
  feed(tail, Z_FINISH);
  deflateEnd(&z);
  return out;
}

class HttpAttack : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    root_ = fs::temp_directory_path() / ("softpower-attack-" + std::to_string(::getpid()));
    fs::create_directories(root_ / "web");
    std::ofstream(root_ / "web" / "index.html") << kPage;
    // No data and no spec: the index endpoints say so, everything else answers at once.
    server_ = new ServeProcess(
        {"--rate", "0", "--threads", "4", "--data", (root_ / "no-data").string(), "--spec",
         (root_ / "no-spec.toml").string(), "--web", (root_ / "web").string(), "--allow-host",
         "example.test", "--max-connections-per-client", std::to_string(kPerClient),
         "--max-connections", std::to_string(kConnections)});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    fs::remove_all(root_);
  }
  void SetUp() override { ASSERT_GT(port(), 0) << "softpower serve did not start"; }
  // After every group: the server still runs and answers GET / with the page.
  void TearDown() override {
    ASSERT_TRUE(server_->alive());
    RawClient c(port(), "127.0.0.99");
    ASSERT_TRUE(c.send(get("/")));
    const RawAnswer a = c.answer(2);
    EXPECT_EQ(a.status, 200);
    EXPECT_EQ(a.body, kPage);
  }

  static int port() { return server_->port(); }

  // A fresh connection, one request, the first answer.
  static RawAnswer ask(const std::string& request, const char* from = "127.0.0.98") {
    RawClient c(port(), from);
    EXPECT_TRUE(c.connected());
    c.send(request);
    return c.answer(3);
  }

  // `request` gets exactly one answer, `status` with a JSON error, and the server closes.
  static void refused_once(const std::string& what, const std::string& request, int status) {
    SCOPED_TRACE(what);
    RawClient c(port(), "127.0.0.97");
    ASSERT_TRUE(c.connected());
    c.send(request);
    const auto begin = Clock::now();
    const RawAnswer a = c.answer(3);
    EXPECT_EQ(a.status, status) << a.body;
    EXPECT_EQ(a.header("content-type"), "application/json");
    const auto body = nlohmann::json::parse(a.body, nullptr, false);
    EXPECT_TRUE(body.is_object() && body.contains("error")) << a.body;
    EXPECT_EQ(c.answer(3).status, 0) << "a second answer";
    EXPECT_TRUE(c.ended()) << "the connection stays open";
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - begin).count(), 2.0);
  }

  static inline ServeProcess* server_ = nullptr;
  static inline fs::path root_;
};

TEST_F(HttpAttack, SmugglingShapesGetOneAnswerAndTheConnectionCloses) {
  const std::string json = "Content-Type: application/json\r\n";
  const std::string head = "POST /api/countries/lookup HTTP/1.1\r\nHost: 127.0.0.1\r\n" + json;
  const std::string smuggled = get("/api/jobs");
  struct Case {
    std::string what, request;
    int status;
  };
  std::string many;
  for (int k = 0; k < 10000; ++k) many += "X: " + std::to_string(k) + "\r\n";
  std::string big;
  for (int k = 0; k < 90; ++k)
    big += "X-" + std::to_string(k) + ": " + std::string(800, 'a') + "\r\n";
  const std::vector<Case> cases = {
      {"two different Content-Lengths",
       head + "Content-Length: 18\r\nContent-Length: 60\r\n\r\n" + kLookup + smuggled, 400},
      {"two equal Content-Lengths",
       head + "Content-Length: 18\r\nContent-Length: 18\r\n\r\n" + kLookup, 400},
      {"a list as Content-Length", head + "Content-Length: 18, 18\r\n\r\n" + kLookup, 400},
      {"Content-Length and Transfer-Encoding",
       head + "Content-Length: 18\r\nTransfer-Encoding: chunked\r\n\r\n12\r\n" + kLookup +
           "\r\n0\r\n\r\n",
       400},
      {"Transfer-Encoding and Content-Length",
       head + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n" + smuggled, 400},
      {"chunked", head + "Transfer-Encoding: chunked\r\n\r\n12\r\n" + kLookup + "\r\n0\r\n\r\n",
       411},
      {"xchunked", head + "Transfer-Encoding: xchunked\r\n\r\n" + smuggled, 501},
      {"chunked, identity", head + "Transfer-Encoding: chunked, identity\r\n\r\n0\r\n\r\n", 501},
      {"two Transfer-Encodings",
       head + "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n\r\n0\r\n\r\n", 501},
      {"space before the colon", head + "Transfer-Encoding : chunked\r\n\r\n0\r\n\r\n", 400},
      {"Transfer-Encoding folded", head + "Transfer-Encoding:\r\n chunked\r\n\r\n0\r\n\r\n", 400},
      {"obs-fold", get("/", "Host: 127.0.0.1\r\nX-A: 1\r\n  folded\r\n"), 400},
      {"bare LF", "GET / HTTP/1.1\nHost: 127.0.0.1\n\n", 400},
      {"bare LF in a header", "GET / HTTP/1.1\r\nHost: 127.0.0.1\nX-A: 1\r\n\r\n", 400},
      {"bare CR", "GET / HTTP/1.1\r\nHost: 127.0.0.1\rX-A: 1\r\n\r\n", 400},
      {"a request line as a header", get("/", "Host: 127.0.0.1\r\nGET /api/jobs HTTP/1.1\r\n"),
       400},
      {"unknown method, then a request line",
       "FOO / HTTP/1.1\r\nGET /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501},
      {"PROPFIND with headers",
       "PROPFIND / HTTP/1.1\r\nHost: 127.0.0.1\r\nDepth: 1\r\nX-A: 1\r\nX-B: 2\r\n\r\n", 501},
      {"a method in lower case", "get / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501},
      {"OPTIONS (a CORS preflight)", "OPTIONS * HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 501},
      {"absolute-form target", "GET http://127.0.0.1/api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400},
      {"authority-form target", "GET 127.0.0.1:80 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400},
      {"HTTP/2 preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505},
      {"HTTP/1.2", "GET / HTTP/1.2\r\nHost: 127.0.0.1\r\n\r\n", 505},
      {"HTTP/0.9", "GET /\r\n\r\n", 400},
      {"two spaces", "GET  / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 400},
      {"NUL in a header", get("/", std::string(kNulHeader, sizeof kNulHeader - 1)), 400},
      {"a space in a header name", get("/", "Host : 127.0.0.1\r\n"), 400},
      {"a GET with a body holding a request",
       "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: " + std::to_string(smuggled.size()) +
           "\r\n\r\n" + smuggled,
       400},
      {"Content-Length with a sign", head + "Content-Length: +18\r\n\r\n" + kLookup, 400},
      {"Content-Length over 64 bits", head + "Content-Length: 99999999999999999999999\r\n\r\n",
       413},
      {"a POST without Content-Length", head + "\r\n" + kLookup, 411},
      {"a request line of 9,000 bytes", get("/" + std::string(9000, 'a')), 414},
      {"a header line of 9,000 bytes",
       get("/", "Host: 127.0.0.1\r\nX-A: " + std::string(9000, 'a') + "\r\n"), 431},
      {"a head over 64 kB", get("/", "Host: 127.0.0.1\r\n" + big), 431},
      {"10,000 headers (108 kB)", get("/", "Host: 127.0.0.1\r\n" + many), 431},
  };
  for (const Case& c : cases) refused_once(c.what, c.request, c.status);

  // The body of a refused POST is skipped, never read as the next request: one answer for
  // the POST, one for the GET after it, nothing for the request inside the body.
  RawClient c(port(), "127.0.0.97");
  c.send(post("text/plain", smuggled) + get("/api"));
  EXPECT_EQ(c.answer().status, 415);
  const RawAnswer api = c.answer();
  EXPECT_EQ(api.status, 200);
  EXPECT_EQ(nlohmann::json::parse(api.body)["name"], "softpower");
  EXPECT_EQ(c.answer(0.5).status, 0) << "the request inside the body was answered";
}

// A request body may not be compressed: a gzip "bomb" of 64 MiB of JSON in 64 kB is refused
// before anything inflates it, and the server's memory does not grow.
TEST_F(HttpAttack, CompressedBodiesAreRefusedUninflated) {
  const std::string bomb = gzip_of(R"({"value":"France")", std::size_t{64} << 20, "}");
  ASSERT_LT(bomb.size(), 1u << 20);  // under --max-body
  const long before = server_->status_kb("VmHWM");
  const auto begin = Clock::now();
  for (const char* coding : {"gzip", "deflate", "br", "GZIP", "gzip, identity", "x-gzip"}) {
    refused_once(
        coding, post("application/json", bomb, std::string("Content-Encoding: ") + coding + "\r\n"),
        415);
  }
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - begin).count(), 3.0);
  EXPECT_LT(server_->status_kb("VmHWM") - before, 16 * 1024) << "kB of peak memory added";
  // identity is no compression.
  const RawAnswer plain = ask(post("application/json", kLookup, "Content-Encoding: identity\r\n"));
  EXPECT_EQ(plain.status, 200) << plain.body;
}

TEST_F(HttpAttack, OnlyTheServersOwnHostNamesAreServed) {
  const std::string p = std::to_string(port());
  for (const std::string& host :
       std::vector<std::string>{"127.0.0.1", "127.0.0.1:" + p, "localhost", "LocalHost:" + p,
                                "[::1]", "[::1]:" + p, "example.test", "Example.Test:8080"}) {
    const RawAnswer a = ask(get("/api", "Host: " + host + "\r\n"));
    EXPECT_EQ(a.status, 200) << host;
  }
  // Names a page could have rebound to 127.0.0.1.
  for (const std::string& host : std::vector<std::string>{
           "evil.example", "evil.example:" + p, "127.0.0.1.nip.io", "localhost.evil.example",
           "localhost.", "example.test.evil", "0x7f.1", "127.1"}) {
    const RawAnswer a = ask(get("/api", "Host: " + host + "\r\n"));
    EXPECT_EQ(a.status, 421) << host;
    EXPECT_NE(a.body.find("--allow-host"), std::string::npos) << a.body;
    EXPECT_EQ(a.body.find("\"operations\""), std::string::npos);
  }
  // No Host, an empty one, two, and ones that are not host names: refused by the head check.
  refused_once("no Host", "GET /api HTTP/1.1\r\n\r\n", 400);
  refused_once("no Host in HTTP/1.0", "GET /api HTTP/1.0\r\n\r\n", 400);
  refused_once("empty Host", get("/api", "Host:\r\n"), 400);
  refused_once("two Hosts", get("/api", "Host: 127.0.0.1\r\nHost: evil.example\r\n"), 400);
  refused_once("IPv6 without brackets", get("/api", "Host: ::1\r\n"), 400);
  refused_once("percent-encoded", get("/api", "Host: 127.0.0.1%2eevil.example\r\n"), 400);
  refused_once("user info", get("/api", "Host: 127.0.0.1@evil.example\r\n"), 400);
  // A browser's page on another site: its Origin is refused, even with a good Host.
  for (const std::string& origin :
       std::vector<std::string>{"http://evil.example", "null", "http://127.0.0.1.evil.example",
                                "file://", "http://localhost/x"}) {
    const RawAnswer a = ask(get("/api", "Host: 127.0.0.1\r\nOrigin: " + origin + "\r\n"));
    EXPECT_EQ(a.status, 403) << origin;
  }
  for (const std::string& origin :
       std::vector<std::string>{"http://127.0.0.1:" + p, "http://localhost:5173"}) {
    const RawAnswer a = ask(get("/api", "Host: 127.0.0.1\r\nOrigin: " + origin + "\r\n"));
    EXPECT_EQ(a.status, 200) << origin;
  }
}

// What a page on another site can POST without asking the server first (a form, or fetch
// with a "simple" content type) is refused; only JSON is taken.
TEST_F(HttpAttack, CrossSitePostsAreRefused) {
  for (const std::string& type : std::vector<std::string>{
           "text/plain", "text/plain;charset=UTF-8", "application/x-www-form-urlencoded",
           "multipart/form-data; boundary=x", "", "application/jsonp",
           "text/plain; application/json"}) {
    const RawAnswer a = ask(post(type, kLookup));
    EXPECT_EQ(a.status, 415) << "'" << type << "'";
    EXPECT_NE(a.body.find("application/json"), std::string::npos) << a.body;
  }
  for (const std::string& type : std::vector<std::string>{
           "application/json", "application/json; charset=utf-8", "APPLICATION/JSON"}) {
    const RawAnswer a = ask(post(type, kLookup));
    EXPECT_EQ(a.status, 200) << type << ": " << a.body;
    EXPECT_NE(a.body.find("FRA"), std::string::npos) << a.body;
  }
  // Starting a job is a POST like any other.
  const RawAnswer job =
      ask("POST /api/jobs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
          "text/plain\r\nContent-Length: 27\r\n\r\n{\"operation\":\"index check\"}");
  EXPECT_EQ(job.status, 415);
}

TEST_F(HttpAttack, EveryAnswerCarriesTheSecurityHeaders) {
  const std::vector<std::pair<std::string, int>> requests = {
      {get("/"), 200},
      {get("/api"), 200},
      {"HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 200},
      {post("application/json", kLookup), 200},
      {get("/api/no-such-thing"), 404},
      {get("/no-such-file.js"), 404},
      {get("/api/countries/lookup"), 405},
      {get("/api", "Host: evil.example\r\n"), 421},
      {get("/api", "Host: 127.0.0.1\r\nOrigin: http://evil.example\r\n"), 403},
      {post("text/plain", kLookup), 415},
      {post("application/json", "{"), 400},
      {"FOO / HTTP/1.1\r\n\r\n", 501},
      {get("/", "Host: 127.0.0.1\r\nX: \x01\r\n"), 400},
  };
  for (const auto& [request, status] : requests) {
    SCOPED_TRACE(request.substr(0, 60));
    RawClient c(port(), "127.0.0.96");
    c.send(request);
    const RawAnswer a = c.answer(3, request.rfind("HEAD", 0) == 0);
    EXPECT_EQ(a.status, status);
    const std::string csp = a.header("content-security-policy");
    EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
    EXPECT_NE(csp.find("script-src 'self'"), std::string::npos) << csp;
    EXPECT_EQ(a.header("x-frame-options"), "DENY");
    EXPECT_EQ(a.header("x-content-type-options"), "nosniff");
    EXPECT_EQ(a.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(a.headers.count("content-security-policy")
                  ? a.headers.at("content-security-policy").size()
                  : 0u,
              1u);
  }
}

// One client holding many idle or half-sent connections (1,100, as in the issue) does not
// keep others out: it never holds more than its cap, a newcomer from its own address takes
// the place of its oldest, and many addresses together do not fill the server either.
TEST_F(HttpAttack, ConnectionFloodsDoNotLockOthersOut) {
  std::vector<std::unique_ptr<RawClient>> flood;
  for (int k = 0; k < 1100; ++k) {
    flood.push_back(std::make_unique<RawClient>(port(), "127.0.0.1"));
    if (k % 2 == 1) flood.back()->send("GET / HTTP/1.1\r\nHost: 127");  // half-sent
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // admitted by now
  for (const char* from : {"127.0.0.2", "127.0.0.1"}) {
    const auto begin = Clock::now();
    RawClient other(port(), from);
    ASSERT_TRUE(other.send(get("/")));
    EXPECT_EQ(other.answer(2).body, kPage) << from;
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - begin).count(), 1.0) << from;
  }
  int open = 0;
  for (auto& c : flood) open += c->closed_within(0.01) ? 0 : 1;
  EXPECT_LE(open, kPerClient);
  EXPECT_GE(open, kPerClient / 2);
  flood.clear();
  // Ten addresses at their caps hold more than the server keeps in all.
  for (int a = 10; a < 20; ++a) {
    const std::string from = "127.0.1." + std::to_string(a);
    for (int k = 0; k < kPerClient; ++k)
      flood.push_back(std::make_unique<RawClient>(port(), from.c_str()));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  RawClient newcomer(port(), "127.0.2.1");
  ASSERT_TRUE(newcomer.send(get("/")));
  EXPECT_EQ(newcomer.answer(2).body, kPage);
  open = 0;
  for (auto& c : flood) open += c->closed_within(0.01) ? 0 : 1;
  EXPECT_LE(open, kConnections);
}

// Slowloris: heads sent a byte at a time hold no worker (others are answered at once) and are
// dropped when the I/O timeout (10 s) has passed since their first byte, though bytes keep
// coming.
TEST_F(HttpAttack, SlowlorisHoldsNoWorkerAndIsDropped) {
  std::vector<std::unique_ptr<RawClient>> slow;
  for (int k = 0; k < kPerClient - 2; ++k) {
    slow.push_back(std::make_unique<RawClient>(port(), "127.0.0.3"));
    slow.back()->send("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: ");
  }
  const auto begin = Clock::now();
  std::vector<double> closed_at(slow.size(), -1);
  bool checked_others = false;
  while (Clock::now() - begin < std::chrono::seconds(14)) {
    const double t = std::chrono::duration<double>(Clock::now() - begin).count();
    if (!checked_others && t > 1) {
      checked_others = true;
      const auto asked = Clock::now();
      EXPECT_EQ(ask(get("/")).body, kPage);
      EXPECT_LT(std::chrono::duration<double>(Clock::now() - asked).count(), 1.0);
    }
    bool any = false;
    for (std::size_t k = 0; k < slow.size(); ++k) {
      if (closed_at[k] >= 0) continue;
      if (!slow[k]->send("a") || slow[k]->closed_within(0.001)) {
        closed_at[k] = t;
      } else {
        any = true;
      }
    }
    if (!any) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
  }
  for (std::size_t k = 0; k < slow.size(); ++k) {
    EXPECT_GE(closed_at[k], 8.0) << k;  // not before the timeout
    EXPECT_LE(closed_at[k], 13.0) << k;
    EXPECT_GE(closed_at[k], 0) << k << " still open after 14 s";
  }
}

}  // namespace
}  // namespace softpower::testing
