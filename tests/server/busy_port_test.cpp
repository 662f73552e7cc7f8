// A port in use: `softpower serve` refuses it with a one-line error and a non-zero exit, and
// while it serves no other socket can bind its port (with SO_REUSEPORT the kernel would split
// the connections between the two listeners, so a dashboard would answer half its requests
// from another process). Loopback only; every wait is bounded.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <string>
#include <string_view>

#include "apps/server/server.hpp"
#include "softpower/core/error.hpp"
#include "support/cli.hpp"
#include "support/paths.hpp"

namespace softpower::server {
namespace {

// A server with no index (none is needed to hold a port) on a free loopback port.
std::unique_ptr<Server> serving() {
  ServerOptions o;
  o.port = 0;
  o.spec.clear();
  auto server = std::make_unique<Server>(o);
  server->start();
  return server;
}

// A socket of `address` (IPv4 or IPv6) at `port`, bound with SO_REUSEADDR and SO_REUSEPORT
// as a process that wants to share the port would, and listening; the errno of the first step
// that failed (0 when it listens). The socket is closed unless `keep` takes it.
int bind_sharing(const char* address, int port, int* keep = nullptr) {
  const bool v6 = std::string_view(address).find(':') != std::string_view::npos;
  const int fd = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof(yes));
  sockaddr_storage a{};
  socklen_t length = 0;
  if (v6) {
    auto& a6 = reinterpret_cast<sockaddr_in6&>(a);
    a6.sin6_family = AF_INET6;
    a6.sin6_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET6, address, &a6.sin6_addr);
    length = sizeof(a6);
  } else {
    auto& a4 = reinterpret_cast<sockaddr_in&>(a);
    a4.sin_family = AF_INET;
    a4.sin_port = htons(static_cast<std::uint16_t>(port));
    ::inet_pton(AF_INET, address, &a4.sin_addr);
    length = sizeof(a4);
  }
  const int error =
      ::bind(fd, reinterpret_cast<const sockaddr*>(&a), length) == 0 && ::listen(fd, 1) == 0
          ? 0
          : errno;
  if (error == 0 && keep != nullptr) {
    *keep = fd;
  } else {
    ::close(fd);
  }
  return error;
}

// The port a socket is bound to.
int port_of(int fd) {
  sockaddr_storage a{};
  socklen_t length = sizeof(a);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &length);
  return ntohs(reinterpret_cast<sockaddr_in6&>(a).sin6_port);
}

TEST(BusyPort, ASecondServerOnTheSamePortIsRefused) {
  const auto first = serving();
  ServerOptions o;
  o.port = first->port();
  o.spec.clear();
  Server second(o);
  try {
    second.start();
    FAIL() << "a second server listens on port " << o.port;
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("127.0.0.1:" + std::to_string(o.port)), std::string::npos) << what;
    EXPECT_NE(what.find("in use by another process"), std::string::npos) << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
}

TEST(BusyPort, NoOtherSocketCanShareTheServersPort) {
  const auto server = serving();
  EXPECT_EQ(bind_sharing("127.0.0.1", server->port()), EADDRINUSE);
  EXPECT_EQ(bind_sharing("0.0.0.0", server->port()), EADDRINUSE);
}

// Whether this machine has IPv6 loopback (without it there is nothing to hold there).
bool has_ipv6_loopback() {
  int fd = -1;
  if (bind_sharing("::1", 0, &fd) != 0) return false;
  ::close(fd);
  return true;
}

// A browser opening localhost:port tries [::1] before 127.0.0.1: a server on 127.0.0.1 holds
// the port on [::1] too, so no other process can listen there while it serves.
TEST(BusyPort, NoOtherSocketCanListenOnTheOtherLoopbackAddress) {
  if (!has_ipv6_loopback()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  const auto server = serving();
  EXPECT_EQ(bind_sharing("::1", server->port()), EADDRINUSE);
  EXPECT_EQ(bind_sharing("::", server->port()), EADDRINUSE);
}

TEST(BusyPort, AListenerOnIpv6LoopbackKeepsTheServerFromStarting) {
  if (!has_ipv6_loopback()) GTEST_SKIP() << "no IPv6 loopback on this machine";
  int listener = -1;
  ASSERT_EQ(bind_sharing("::1", 0, &listener), 0);
  const int port = port_of(listener);
  ServerOptions o;
  o.port = port;
  o.spec.clear();
  Server server(o);
  try {
    server.start();
    ADD_FAILURE() << "the server listens beside another process's [::1]:" << port;
  } catch (const Error& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find("another process listens on [::1]:" + std::to_string(port)),
              std::string::npos)
        << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
  }
  ::close(listener);
}

TEST(BusyPort, ServeOnAPortInUseExitsWithOneLineError) {
  const auto first = serving();
  const std::string port = std::to_string(first->port());
  // `timeout` bounds the test when serve wrongly starts (it would wait for a signal).
  const testing::CommandResult r =
      testing::run_cli_within(20, "serve --port " + port + " --spec " +
                                      (testing::source_dir() / "examples/asem.toml").string());
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_EQ(r.out.find("listening on"), std::string::npos) << r.out;
  const auto error =
      r.out.find("softpower: error: --port " + port + ": cannot listen on 127.0.0.1:" + port +
                 ": the port is in use by another process");
  ASSERT_NE(error, std::string::npos) << r.out;
  EXPECT_EQ(r.out.find('\n', error), r.out.size() - 1) << r.out;
}

}  // namespace
}  // namespace softpower::server
