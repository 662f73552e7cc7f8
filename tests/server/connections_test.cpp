// The server's connection layer (apps/server/connections): keep-alive connections wait in one
// epoll set, and a few workers answer whole requests. Raw sockets, so that requests can be
// sent slowly, in pieces or pipelined.
#include "apps/server/connections.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "apps/server/server.hpp"
#include "support/data.hpp"

namespace softpower::server {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  explicit Socket(int port) : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool connected() const { return connected_; }
  void send(const std::string& s) {
    ASSERT_EQ(::send(fd_, s.data(), s.size(), MSG_NOSIGNAL), static_cast<ssize_t>(s.size()));
  }
  // One response: status and body (by Content-Length), or status 0 when none came within
  // `seconds` or the connection closed.
  std::pair<int, std::string> response(double seconds = 10) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    std::size_t head_end = std::string::npos;
    std::size_t length = 0;
    for (;;) {
      if (head_end == std::string::npos) {
        head_end = buffer_.find("\r\n\r\n");
        if (head_end != std::string::npos) {
          const std::size_t at = lower(buffer_.substr(0, head_end)).find("content-length:");
          if (at != std::string::npos) length = std::stoul(buffer_.substr(at + 15));
        }
      }
      if (head_end != std::string::npos && buffer_.size() >= head_end + 4 + length) {
        const int status = std::stoi(buffer_.substr(9, 3));
        std::string body = buffer_.substr(head_end + 4, length);
        buffer_.erase(0, head_end + 4 + length);
        return {status, body};
      }
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return {0, ""};
      char chunk[8192];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return {0, ""};
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
  }
  // The status of a response whose head arrives within `seconds` (0 if none); the rest stays
  // unread (an event stream).
  int head(double seconds = 10) {
    const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
    while (buffer_.find("\r\n\r\n") == std::string::npos) {
      const auto left =
          std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
      pollfd p{fd_, POLLIN, 0};
      if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return 0;
      char chunk[4096];
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n <= 0) return 0;
      buffer_.append(chunk, static_cast<std::size_t>(n));
    }
    return std::stoi(buffer_.substr(9, 3));
  }
  // True when the server closed the connection (reads end) within `seconds`.
  bool closed_within(double seconds) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(seconds * 1000)) <= 0) return false;
    char c = 0;
    return ::recv(fd_, &c, 1, 0) <= 0;
  }

 private:
  static std::string lower(std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  }
  int fd_;
  bool connected_ = false;
  std::string buffer_;
};

std::unique_ptr<Server> start(std::size_t workers, std::optional<std::string> data = {}) {
  ServerOptions o;
  if (data) {
    o.data = std::move(data);
    o.spec = testing::source_dir() / "examples" / "asem.toml";
  }
  o.port = 0;
  o.rate = 0;
  o.threads = workers;
  o.timeout_seconds = 3;
  o.max_connections_per_client = 512;         // one test holds 300 from 127.0.0.1
  auto server = std::make_unique<Server>(o);  // an index error is kept; GET /api still works
  server->start();
  return server;
}

const std::string kGet = "GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";

// n keep-alive connections to the server, all connected.
std::vector<std::unique_ptr<Socket>> connect_all(const Server& server, int n) {
  std::vector<std::unique_ptr<Socket>> open;
  for (int k = 0; k < n; ++k) {
    open.push_back(std::make_unique<Socket>(server.port()));
    EXPECT_TRUE(open.back()->connected()) << "connection " << k;
  }
  return open;
}

TEST(Connections, SlowClientsHoldNoWorker) {
  const auto server = start(2);
  // More half-sent requests than workers: none of them may keep the others waiting.
  const auto slow = connect_all(*server, 4);
  for (auto& s : slow) s->send("GET /api HTTP/1.1\r\nHo");
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  Socket quick(server->port());
  const auto begin = Clock::now();
  quick.send(kGet);
  const auto [status, body] = quick.response(2);
  EXPECT_EQ(status, 200);
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - begin).count(), 1.0);
  EXPECT_EQ(nlohmann::json::parse(body)["name"], "softpower");
  // The slow ones finish their requests, in two more pieces, and are answered.
  for (auto& s : slow) s->send("st: 127.0.0.1\r\n");
  for (auto& s : slow) s->send("\r\n");
  for (auto& s : slow) EXPECT_EQ(s->response().first, 200);
}

TEST(Connections, ABodyInPiecesIsReadWhole) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto server = start(2, data.string());
  ASSERT_EQ(server->index_error(), "");
  Socket s(server->port());
  const std::string body = R"({"weights":{"Conn":2},"pillars":false})";
  s.send(
      "POST /api/index/reweight HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "content-length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body.substr(0, 5));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  s.send(body.substr(5));
  const auto [status, answer] = s.response();
  ASSERT_EQ(status, 200) << answer;  // a truncated body would be 400 (not valid JSON)
  const auto ranking = nlohmann::json::parse(answer);
  EXPECT_EQ(ranking["weights"]["Conn"], 2.0);
  EXPECT_GT(ranking["ranking"].size(), 30U);
  EXPECT_FALSE(ranking["ranking"][0].contains("pillars"));
  EXPECT_EQ(s.response(0.2).first, 0);  // and nothing more
}

// Heads no wait can complete are refused by the epoll thread at once, with a JSON error, and
// the connection is closed: no worker waits for a body that will never be read.
TEST(Connections, HopelessHeadsAreRefusedAtOnce) {
  const auto server = start(2);
  const auto refused = [&](const std::string& request, int want, const std::string& what) {
    Socket s(server->port());
    s.send(request);
    const auto begin = Clock::now();
    const auto [status, body] = s.response(2);
    EXPECT_EQ(status, want) << request.substr(0, 80);
    EXPECT_LT(std::chrono::duration<double>(Clock::now() - begin).count(), 1.0);
    EXPECT_NE(body.find(what), std::string::npos) << body;
    EXPECT_TRUE(s.closed_within(2));
  };
  refused("POST /api/index/reweight HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: lots\r\n\r\n",
          400, "Content-Length is not a number");
  // More than --max-body (1 MiB by default), announced and never sent.
  refused(
      "POST /api/index/reweight HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
      "1000000000000\r\n\r\n",
      413, "too large");
  // A header line that never ends, longer than 8 KiB; a head of many lines over 64 kB.
  refused("GET /api HTTP/1.1\r\nX-Long: " + std::string(70000, 'a'), 431, "line is too long");
  std::string lines;
  for (int k = 0; k < 90; ++k)
    lines += "X-" + std::to_string(k) + ": " + std::string(800, 'a') + "\r\n";
  refused("GET /api HTTP/1.1\r\n" + lines, 431, "head is too large");
  Socket fine(server->port());  // and the server goes on
  fine.send(kGet);
  EXPECT_EQ(fine.response().first, 200);
}

TEST(Connections, PipelinedRequestsAreAnsweredInOrder) {
  const auto server = start(2);
  Socket s(server->port());
  s.send(kGet + "GET /api/no-such-thing HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n" + kGet);
  EXPECT_EQ(s.response().first, 200);
  EXPECT_EQ(s.response().first, 404);
  EXPECT_EQ(s.response().first, 200);
}

TEST(Connections, ManyKeepAliveConnectionsShareTwoWorkers) {
  const auto server = start(2);
  const auto open = connect_all(*server, 300);
  for (int round = 0; round < 2; ++round) {
    for (auto& s : open) s->send(kGet);
    int ok = 0;
    for (auto& s : open) ok += s->response().first == 200 ? 1 : 0;
    EXPECT_EQ(ok, 300) << "round " << round;
  }
}

TEST(Connections, ConnectionCloseAndUnfinishedRequestsEnd) {
  const auto server = start(2);
  Socket closing(server->port());
  closing.send("GET /api HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  EXPECT_EQ(closing.response().first, 200);
  EXPECT_TRUE(closing.closed_within(2));
  // A request that never ends is dropped after the I/O timeout (3 s here).
  Socket stuck(server->port());
  stuck.send("GET /api HTTP/1.1\r\n");
  EXPECT_FALSE(stuck.closed_within(1));
  EXPECT_TRUE(stuck.closed_within(5));
}

// An open event stream holds a worker until its job ends, so only half of the workers may
// stream; one more stream is refused with 503 and Retry-After, and the place comes back
// when a stream ends.
TEST(Connections, EventStreamsTakeAtMostHalfTheWorkers) {
  SOFTPOWER_REQUIRE_DATA(data);
  const auto server = start(2, data.string());  // one stream at most
  ASSERT_EQ(server->index_error(), "");
  Socket post(server->port());
  const std::string body = R"({"runs":5000})";
  post.send(
      "POST /api/index/intervals HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
      "Content-Length: " +
      std::to_string(body.size()) + "\r\n\r\n" + body);
  const auto [status, answer] = post.response();
  ASSERT_EQ(status, 202) << answer;
  const auto id = nlohmann::json::parse(answer)["id"].get<std::int64_t>();
  const std::string events =
      "GET /api/jobs/" + std::to_string(id) + "/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  Socket first(server->port());
  first.send(events);
  ASSERT_EQ(first.head(), 200);
  Socket second(server->port());
  second.send(events);
  const auto [refused, why] = second.response();
  EXPECT_EQ(refused, 503);
  EXPECT_NE(why.find("event streams are open"), std::string::npos) << why;
  // The API still answers while the stream is open.
  post.send(kGet);
  EXPECT_EQ(post.response().first, 200);
  // Cancelling the job ends the stream, and its place is free again.
  post.send("DELETE /api/jobs/" + std::to_string(id) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(post.response().first, 202);  // cancelling
  for (int tries = 0; tries < 50; ++tries) {
    Socket again(server->port());
    again.send(events);
    const int code = again.head();
    if (code == 200) break;
    ASSERT_EQ(code, 503);
    ASSERT_LT(tries, 49) << "the first stream's place never came back";
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

// The address a connection counts against for the per-client cap.
TEST(Connections, ClientKeysGroupAnIPv6HostsSixtyFourBits) {
  EXPECT_EQ(client_key("127.0.0.1"), "127.0.0.1");
  EXPECT_EQ(client_key("2001:db8:1:2:3:4:5:6"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2:ffff::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("::ffff:10.0.0.7"), "10.0.0.7");
  EXPECT_EQ(client_key("::1"), "::/64");
  EXPECT_EQ(client_key(""), "");
}

}  // namespace
}  // namespace softpower::server
