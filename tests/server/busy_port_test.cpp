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

// errno of binding (and listening on) address:port with SO_REUSEADDR and SO_REUSEPORT, as a
// process that wants to share the port would; 0 when it could.
int bind_sharing(const char* address, int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return errno;
  const int yes = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &yes, sizeof(yes));
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  ::inet_pton(AF_INET, address, &a.sin_addr);
  const int error =
      ::bind(fd, reinterpret_cast<const sockaddr*>(&a), sizeof(a)) == 0 && ::listen(fd, 1) == 0
          ? 0
          : errno;
  ::close(fd);
  return error;
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
