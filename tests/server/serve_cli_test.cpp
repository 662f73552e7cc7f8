// `softpower serve` as a user starts it: the binary on a free port prints where it listens,
// answers, and stops cleanly on SIGTERM.

#include <gtest/gtest.h>
#include <httplib.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <string>

#include "support/cli.hpp"
#include "support/data.hpp"

namespace {

TEST(ServeCli, PrintsItsPortAnswersAndStopsOnSigterm) {
  SOFTPOWER_REQUIRE_DATA(data);
  int out[2];
  ASSERT_EQ(pipe(out), 0);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  const std::string spec = (softpower::testing::source_dir() / "examples/asem.toml").string();
  const std::string data_dir = data.string();
  std::vector<std::string> words = {
      softpower::testing::cli_path(), "serve", "--port", "0", "--spec", spec, "--data", data_dir};
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  ASSERT_EQ(
      posix_spawn(&pid, softpower::testing::cli_path(), &actions, nullptr, argv.data(), environ),
      0);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);

  std::string line;
  char c = 0;
  while (read(out[0], &c, 1) == 1 && c != '\n') line += c;
  const auto colon = line.rfind(':');
  ASSERT_NE(colon, std::string::npos) << line;
  const int port = std::stoi(line.substr(colon + 1));
  EXPECT_GT(port, 0);
  EXPECT_NE(line.find("read-only"), std::string::npos) << line;

  httplib::Client client("127.0.0.1", port);
  auto res = client.Get("/api");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_FALSE(nlohmann::json::parse(res->body)["writable"].get<bool>());
  res = client.Post("/api/index/reweight", R"({"weights":{"Conn":2}})", "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);

  kill(pid, SIGTERM);
  int status = 0;
  ASSERT_EQ(waitpid(pid, &status, 0), pid);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
  std::string rest;
  while (read(out[0], &c, 1) == 1) rest += c;
  close(out[0]);
  EXPECT_NE(rest.find("stopped (SIGTERM)"), std::string::npos) << rest;
}

}  // namespace
