// Who may talk to the server (apps/server/request_policy): host names, origins, JSON media
// types and the security headers. No sockets.

#include "apps/server/request_policy.hpp"

#include <gtest/gtest.h>

#include <string>

#include "softpower/core/error.hpp"

namespace softpower::server {
namespace {

TEST(RequestPolicy, HostsAndOrigins) {
  HostPolicy hosts;  // listening on 127.0.0.1
  for (const char* ok : {"127.0.0.1", "127.0.0.1:8765", "localhost", "LOCALHOST:1", "[::1]",
                         "[::1]:8765", " localhost "})
    EXPECT_TRUE(hosts.allows_host(ok)) << ok;
  for (const char* no : {"", "evil.example", "localhost.", "127.0.0.2", "[::2]", "::1",
                         "localhost.evil.example", "[::1]x", "127.0.0.1.evil.example"})
    EXPECT_FALSE(hosts.allows_host(no)) << no;
  // The address a connection came to is one of the server's (never a name).
  EXPECT_TRUE(hosts.allows_host("10.1.2.3:8765", "10.1.2.3"));
  EXPECT_TRUE(hosts.allows_host("[fe80::1]", "fe80::1"));
  EXPECT_FALSE(hosts.allows_host("10.1.2.3", "10.1.2.4"));
  hosts.allow("Dashboard.Example");
  EXPECT_TRUE(hosts.allows_host("dashboard.example:443"));
  EXPECT_THROW(hosts.allow("http://x"), Error);
  // Listening on another address serves that address too.
  EXPECT_TRUE(HostPolicy("192.168.1.5").allows_host("192.168.1.5:8765"));
  EXPECT_TRUE(HostPolicy("::").allows_host("[::]"));
  EXPECT_FALSE(HostPolicy("192.168.1.5").allows_host("192.168.1.6"));

  for (const char* ok :
       {"http://127.0.0.1:8765", "http://localhost:5173", "https://[::1]", "HTTP://LOCALHOST"})
    EXPECT_TRUE(hosts.allows_origin(ok)) << ok;
  for (const char* no : {"null", "", "http://evil.example", "http://", "file://",
                         "http://localhost/", "ws://localhost", "http://localhost.evil"})
    EXPECT_FALSE(hosts.allows_origin(no)) << no;
}

TEST(RequestPolicy, HostNamesForAllowHost) {
  for (const char* ok : {"example.com", "my-host_1", "10.0.0.1", "[::1]", "[fe80::1:2]", "a"})
    EXPECT_TRUE(is_host_name(ok)) << ok;
  for (const char* no : {"", "example.com:80", "http://example.com", "a b", "a/b", "[]", "[::1",
                         "::1", "*", ".", "-", "[xyz::]", "caf\xc3\xa9"})
    EXPECT_FALSE(is_host_name(no)) << no;
  EXPECT_FALSE(is_host_name(std::string(254, 'a')));
}

TEST(RequestPolicy, JsonMediaTypes) {
  for (const char* ok : {"application/json", "Application/JSON", "application/json; charset=utf-8",
                         " application/json ;x=y"})
    EXPECT_TRUE(is_json_media_type(ok)) << ok;
  for (const char* no :
       {"", "text/plain", "application/jsonp", "application/x-www-form-urlencoded",
        "multipart/form-data", "text/plain; application/json", "application/json+x"})
    EXPECT_FALSE(is_json_media_type(no)) << no;
}

TEST(RequestPolicy, SecurityHeaders) {
  const std::string lines = security_header_lines();
  EXPECT_NE(lines.find("Content-Security-Policy: default-src 'self';"), std::string::npos);
  EXPECT_NE(lines.find("frame-ancestors 'none'\r\n"), std::string::npos);
  EXPECT_NE(lines.find("X-Frame-Options: DENY\r\n"), std::string::npos);
  EXPECT_NE(lines.find("X-Content-Type-Options: nosniff\r\n"), std::string::npos);
  EXPECT_NE(lines.find("Referrer-Policy: no-referrer\r\n"), std::string::npos);
  EXPECT_EQ(security_headers().size(), 5u);
}

}  // namespace
}  // namespace softpower::server
