// The strict request-head check of the connection layer (apps/server/http_head), without
// sockets.

#include "apps/server/http_head.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>
#include <vector>

namespace softpower::server {
namespace {

using Kind = HeadVerdict::Kind;

HeadVerdict fed_bytewise(const std::string& head, const HeadLimits& limits = {}) {
  HeadScanner scanner(limits);
  HeadVerdict v;
  for (std::size_t n = 1; n <= head.size(); ++n) {
    v = scanner.scan(std::string_view(head).substr(0, n));
    if (v.kind != Kind::incomplete) break;
  }
  return v;
}

TEST(HttpHead, AWholeHeadGivesItsFramingInAnyPieces) {
  const std::string get = "GET /api?x=1 HTTP/1.1\r\nHost: 127.0.0.1:8765\r\nAccept: */*\r\n\r\n";
  HeadVerdict v = check_head(get + "next");
  EXPECT_EQ(v.kind, Kind::complete);
  EXPECT_EQ(v.head_size, get.size());
  EXPECT_EQ(v.body_size, 0u);
  EXPECT_EQ(fed_bytewise(get), v);

  const std::string post =
      "POST /api/index/reweight HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\n"
      "content-length:  42 \r\nConnection: keep-alive\r\n\r\n";
  v = check_head(post);
  EXPECT_EQ(v.kind, Kind::complete);
  EXPECT_EQ(v.head_size, post.size());
  EXPECT_EQ(v.body_size, 42u);
  EXPECT_EQ(fed_bytewise(post), v);

  HeadScanner scanner;
  EXPECT_EQ(scanner.scan("DELETE /api/jobs/3 HTTP/1.0\r\nHost: [::1]:80\r\n").kind,
            Kind::incomplete);
  EXPECT_EQ(scanner.scan("DELETE /api/jobs/3 HTTP/1.0\r\nHost: [::1]:80\r\n\r").kind,
            Kind::incomplete);
  v = scanner.scan("DELETE /api/jobs/3 HTTP/1.0\r\nHost: [::1]:80\r\n\r\n");
  EXPECT_EQ(v.kind, Kind::complete);
  EXPECT_EQ(scanner.method(), Method::del);
  scanner.reset();
  EXPECT_EQ(scanner.scan("").kind, Kind::incomplete);
  EXPECT_EQ(scanner.method(), Method::none);
}

TEST(HttpHead, EachRuleRefusesWithItsStatus) {
  const std::string host = "Host: 127.0.0.1\r\n";
  const std::vector<std::pair<std::string, int>> cases = {
      {"GET / HTTP/1.1\r\n\r\n", 400},                                   // no Host
      {"GET / HTTP/1.1\r\n" + host + host + "\r\n", 400},                // two
      {"GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400},                      // not a host
      {"GET / HTTP/1.1\r\nHost: [::1\r\n\r\n", 400},                     // unclosed bracket
      {"GET / HTTP/1.1\r\nHost: x:123456\r\n\r\n", 400},                 // six-digit port
      {"GET / HTTP/1.1\r\nHost: x:\r\n\r\n", 400},                       // empty port
      {"GET / HTTP/1.1\r\n" + host + "Content-Length: 1\r\n\r\n", 400},  // a GET with a body
      {"HEAD / HTTP/1.1\r\n" + host + "Content-Length: 1\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\n" + host + "\r\n", 411},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 1048577\r\n\r\n", 413},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length: 0x10\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\n" + host + "Content-Length:\r\n\r\n", 400},
      {"POST / HTTP/1.1\r\n" + host + "Content-Encoding: gzip\r\nContent-Length: 1\r\n\r\n", 415},
      {"POST / HTTP/1.1\r\n" + host + "Content-Encoding:\r\nContent-Length: 1\r\n\r\n", 415},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: Chunked\r\n\r\n", 411},
      {"POST / HTTP/1.1\r\n" + host + "Transfer-Encoding: gzip\r\n\r\n", 501},
      {"PUT / HTTP/1.1\r\n" + host + "\r\n", 501},
      {"TRACE / HTTP/1.1\r\n" + host + "\r\n", 501},
      {"CONNECT 127.0.0.1:80 HTTP/1.1\r\n" + host + "\r\n", 501},
      {"GET / HTTP/1.1 \r\n" + host + "\r\n", 400},  // a trailing space
      {"GET /\x7f HTTP/1.1\r\n" + host + "\r\n", 400},
      {"GET /\xc3\xa9 HTTP/1.1\r\n" + host + "\r\n", 400},  // bytes outside ASCII in the target
      {"GET / HTTP/3\r\n" + host + "\r\n", 400},
      {"GET /?a?b HTTP/1.1\r\n" + host + "\r\n", 400},  // httplib cannot parse it (fuzzing)
      {"GET / HTTP/1.1\r\n" + host + "Remote_Addr: 10.0.0.1\r\n\r\n", 400},  // httplib's own
      {"GET / HTTP/1.1\r\n" + host + "LOCAL_PORT: 1\r\n\r\n", 400},
      {"\r\nGET / HTTP/1.1\r\n" + host + "\r\n", 400},  // a blank line first
      {"GET / HTTP/1.1\r\n: x\r\n" + host + "\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "X-A: \x7f\r\n\r\n", 400},
      {"GET / HTTP/1.1\r\n" + host + "X-\xc3\xa9: 1\r\n\r\n", 400},  // a name outside tchar
  };
  for (const auto& [head, status] : cases) {
    const HeadVerdict v = check_head(head);
    EXPECT_EQ(v.kind, Kind::refused) << head;
    EXPECT_EQ(v.status, status) << head;
    EXPECT_FALSE(v.reason.empty()) << head;
    EXPECT_EQ(fed_bytewise(head), v) << head;
  }
  // Accepted: obs-text in a value, a tab, a 0 Content-Length on a GET, identity coding.
  for (const std::string& head :
       {"GET / HTTP/1.1\r\n" + host + "X-A: caf\xc3\xa9\tb\r\n\r\n",
        "GET / HTTP/1.1\r\n" + host + "Content-Length: 0\r\n\r\n",
        "POST / HTTP/1.1\r\n" + host + "Content-Encoding: Identity\r\nContent-Length: 0\r\n\r\n",
        std::string("GET / HTTP/1.1\r\nHost: my_host-1.example:65535\r\n\r\n")}) {
    EXPECT_EQ(check_head(head).kind, Kind::complete) << head;
  }
}

// A head is refused as soon as a whole line breaks a rule, not when the head ends: an unknown
// method is answered once, before the header lines after it arrive.
TEST(HttpHead, ARefusalComesAtTheFirstBadLine) {
  EXPECT_EQ(check_head("FOO / HTTP/1.1").kind, Kind::incomplete);
  const HeadVerdict v = check_head("FOO / HTTP/1.1\r\n");
  EXPECT_EQ(v.kind, Kind::refused);
  EXPECT_EQ(v.status, 501);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\nGET /x HTTP/1.1\r\n").status, 400);
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\nContent-Length: 99999999\r\n").status, 413);
  // And the verdict stays, whatever follows.
  HeadScanner scanner;
  EXPECT_EQ(scanner.scan("GET / HTTP/1.1\nHost: x\n\n").status, 400);
  EXPECT_EQ(scanner.scan("GET / HTTP/1.1\nHost: x\n\nmore").status, 400);
}

TEST(HttpHead, LimitsHoldAtTheirBoundaries) {
  HeadLimits limits;
  const std::string host = "Host: h\r\n";
  // The request line: 8192 bytes with its CRLF pass, 8193 do not (414), even unfinished.
  const auto line_of = [](std::size_t size) {
    return "GET /" + std::string(size - 16, 'a') + " HTTP/1.1\r\n";  // 16: "GET /", " HTTP/1.1\r\n"
  };
  ASSERT_EQ(line_of(8192).size(), 8192u);
  EXPECT_EQ(check_head(line_of(8192) + host + "\r\n").kind, Kind::complete);
  EXPECT_EQ(check_head(line_of(8193) + host + "\r\n").status, 414);
  EXPECT_EQ(check_head("GET /" + std::string(8200, 'a')).status, 414);
  // A header line likewise (431).
  const auto field_of = [](std::size_t size) {
    return "X: " + std::string(size - 5, 'b') + "\r\n";
  };
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\n" + host + field_of(8192) + "\r\n").kind, Kind::complete);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\n" + host + field_of(8193) + "\r\n").status, 431);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\nX: " + std::string(9000, 'b')).status, 431);
  // 100 header lines pass, 101 do not.
  std::string fields = host;
  for (int k = 1; k < 100; ++k) fields += "X-" + std::to_string(k) + ": 1\r\n";
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\n" + fields + "\r\n").kind, Kind::complete);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\n" + fields + "X-100: 1\r\n\r\n").status, 431);
  // The whole head: exactly max_head bytes pass, one more does not.
  limits.max_head = 1000;
  std::string head = "GET / HTTP/1.1\r\n" + host;
  head += "X: " + std::string(1000 - head.size() - 7, 'c') + "\r\n\r\n";
  ASSERT_EQ(head.size(), 1000u);
  EXPECT_EQ(check_head(head, limits).kind, Kind::complete);
  EXPECT_EQ(check_head("GET / HTTP/1.1\r\n" + host + "X: " + std::string(head.size() - 32, 'c') +
                           "d\r\n\r\n",
                       limits)
                .status,
            431);
  EXPECT_EQ(check_head(std::string(head.begin(), head.end() - 1) + "x", limits).status, 431);
  // A line over its limit in a head over its limit: the limit broken at fewer bytes is the
  // verdict, whether the bytes come at once or one by one (found by fuzzing).
  limits.max_field_line = 100;
  limits.max_head = 120;
  const std::string both = "GET / HTTP/1.1\r\n" + host + "X: " + std::string(150, 'd');
  EXPECT_EQ(check_head(both, limits).reason, "the request head is too large");  // at 120 bytes
  EXPECT_EQ(fed_bytewise(both, limits), check_head(both, limits));
  limits.max_head = 200;
  EXPECT_EQ(check_head(both, limits).reason, "a header line is too long");  // at 125 bytes
  EXPECT_EQ(fed_bytewise(both, limits), check_head(both, limits));
  // A body of exactly max_body is announced; one more byte is 413.
  limits = HeadLimits{};
  limits.max_body = 10;
  EXPECT_EQ(
      check_head("POST / HTTP/1.1\r\n" + host + "Content-Length: 10\r\n\r\n", limits).body_size,
      10u);
  EXPECT_EQ(check_head("POST / HTTP/1.1\r\n" + host + "Content-Length: 11\r\n\r\n", limits).status,
            413);
}

// Fed a byte at a time (slowloris), the scanner resumes where it stopped: a 60 kB head costs
// linear time, not a scan of everything received at every byte.
TEST(HttpHead, ScanningAHeadByteByByteIsLinear) {
  std::string head = "GET / HTTP/1.1\r\nHost: h\r\n";
  while (head.size() < 60000) head += "X-Long-Header-Name: " + std::string(500, 'v') + "\r\n";
  head += "\r\n";
  const auto begin = std::chrono::steady_clock::now();
  HeadLimits limits;
  limits.max_fields = 1000;
  const HeadVerdict v = fed_bytewise(head, limits);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();
  EXPECT_EQ(v.kind, Kind::complete);
  EXPECT_EQ(v.head_size, head.size());
  EXPECT_LT(seconds, 0.05);  // a quadratic scan: 60,000 scans of up to 60 kB, seconds
}

}  // namespace
}  // namespace softpower::server
