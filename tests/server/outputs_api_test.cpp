// Outputs written through the HTTP API follow the rule of the command line
// (core/output_folder.hpp, docs/outputs.md): inside the server's output folder, an operation
// writes into a new folder or beside the files there, never replacing one softpower did not
// write, and a file or a link out of the output folder is refused.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>

#include "apps/server/server.hpp"
#include "store/support.hpp"

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

namespace softpower::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kToken = "outputs-test-token";

std::string slurp(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(ServeOutputs, OperationsWriteByTheRuleOfTheCommandLine) {
  testing::ScratchDir dir;
  const fs::path root = dir / "out";
  fs::create_directories(root / "mine");
  std::ofstream(root / "mine/summary.csv") << "the user's summary";
  fs::create_directories(root / "docs");
  std::ofstream(root / "docs/notes.txt") << "notes";
  std::ofstream(root / "file.txt") << "a file";
  fs::create_directories(dir / "outside");
  fs::create_symlink(dir / "outside", root / "link");
  ServerOptions o;
  o.port = 0;
  o.write_token = kToken;
  o.out_root = root;
  o.rate = 0;
  Server server(o);
  httplib::Client client("127.0.0.1", server.start());
  client.set_read_timeout(30);
  const httplib::Headers token = {{"Authorization", std::string("Bearer ") + kToken}};
  const auto simulate = [&](const std::string& out) {
    const json body = {{"scenario", "axelrod"}, {"L", 3}, {"runs", 1}, {"out", out}};
    return client.Post("/api/simulate", token, body.dump(), "application/json");
  };
  const fs::path real_root = fs::canonical(root);

  auto res = simulate("mine");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find((real_root / "mine/summary.csv").string() +
                           ": softpower did not write this file"),
            std::string::npos)
      << res->body;
  EXPECT_EQ(slurp(root / "mine/summary.csv"), "the user's summary");
  EXPECT_FALSE(fs::exists(root / "mine/final.csv"));

  res = simulate("file.txt");
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("is a file, not a folder"), std::string::npos) << res->body;
  EXPECT_EQ(slurp(root / "file.txt"), "a file");

  res = simulate("link");
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("outputs must lie inside the server's output folder"), std::string::npos)
      << res->body;
  EXPECT_TRUE(fs::is_empty(dir / "outside"));

  res = simulate(".");
  EXPECT_EQ(res->status, 400) << "the output folder itself is not an operation's folder";

  res = simulate("docs");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(slurp(root / "docs/notes.txt"), "notes");
  EXPECT_TRUE(fs::exists(root / "docs/summary.csv"));

  res = simulate("new/");
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_TRUE(fs::exists(root / "new/simulation.html"));
  res = simulate("new");
  ASSERT_EQ(res->status, 200) << "softpower's own folder is replaced: " << res->body;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    EXPECT_EQ(e.path().filename().string().find(".partial"), std::string::npos) << e.path();
  }
}

}  // namespace
}  // namespace softpower::server
