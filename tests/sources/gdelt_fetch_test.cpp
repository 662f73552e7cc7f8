// The GDELT fetcher against a local HTTP server started inside the test (cpp-httplib on
// 127.0.0.1, an ephemeral port): a made-up master list and small fixture files, one listed with
// a wrong MD5, one missing (404), one that arrives cut short once, one behind a redirect.
// Checks: the files downloaded equal the fixtures, a second run downloads nothing, a damaged
// cached copy is fetched again, failures are reported one line each and leave nothing behind.
// MD5 itself is tested in tests/core/md5_test.cpp.

#include "softpower/sources/gdelt_fetch.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/md5.hpp"
#include "support/processes.hpp"
#include "support/scratch.hpp"

namespace softpower::sources {
namespace {

namespace fs = std::filesystem;

using testing::ScratchDir;
using testing::slurp;

// Bytes that look like nothing in particular (a fixed linear congruential sequence).
std::string fixture_bytes(std::size_t n, std::uint32_t seed) {
  std::string out(n, '\0');
  for (char& c : out) {
    seed = seed * 1664525U + 1013904223U;
    c = static_cast<char>(seed >> 24);
  }
  return out;
}

// A small file server on 127.0.0.1: GET /files/NAME serves a fixture, /moved/NAME redirects
// to /files/NAME, /gdeltv2/LIST serves a list; NAME "flaky..." arrives cut short the first
// time. Counts the requests per path.
class FixtureServer {
 public:
  FixtureServer() {
    server_.Get(R"(/files/(.+))",
                [this](const httplib::Request& request, httplib::Response& response) {
                  const std::string name = request.matches[1];
                  std::lock_guard lock(mutex_);
                  const int n = ++hits_["/files/" + name];
                  const auto it = files_.find(name);
                  if (it == files_.end()) {
                    response.status = 404;
                    response.set_content("no such file", "text/plain");
                    return;
                  }
                  std::string body = it->second;
                  if (name.starts_with("flaky") && n == 1) body.resize(body.size() / 2);
                  response.set_content(body, "application/zip");
                });
    server_.Get(R"(/moved/(.+))",
                [this](const httplib::Request& request, httplib::Response& response) {
                  std::lock_guard lock(mutex_);
                  ++hits_[request.path];
                  response.set_redirect("/files/" + std::string(request.matches[1]));
                });
    server_.Get(R"(/gdeltv2/(.+))",
                [this](const httplib::Request& request, httplib::Response& response) {
                  std::lock_guard lock(mutex_);
                  ++hits_[request.path];
                  const auto it = lists_.find(request.matches[1]);
                  if (it == lists_.end()) {
                    response.status = 404;
                    return;
                  }
                  response.set_content(it->second, "text/plain");
                });
    server_.set_keep_alive_timeout(1);
    port_ = server_.bind_to_any_port("127.0.0.1");
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  ~FixtureServer() {
    server_.stop();
    thread_.join();
  }
  FixtureServer(const FixtureServer&) = delete;
  FixtureServer& operator=(const FixtureServer&) = delete;

  std::string base() const { return "http://127.0.0.1:" + std::to_string(port_); }
  void add_file(const std::string& name, std::string bytes) {
    std::lock_guard lock(mutex_);
    files_[name] = std::move(bytes);
  }
  void add_list(const std::string& name, std::string text) {
    std::lock_guard lock(mutex_);
    lists_[name] = std::move(text);
  }
  int hits(const std::string& path) {
    std::lock_guard lock(mutex_);
    return hits_[path];
  }
  int file_hits() {
    std::lock_guard lock(mutex_);
    int n = 0;
    for (const auto& [path, count] : hits_) {
      if (!path.starts_with("/gdeltv2/")) n += count;
    }
    return n;
  }

 private:
  httplib::Server server_;
  std::thread thread_;
  int port_ = 0;
  std::mutex mutex_;
  std::map<std::string, std::string> files_;
  std::map<std::string, std::string> lists_;
  std::map<std::string, int> hits_;
};

// The fixtures of the master list: name -> bytes.
struct Fixtures {
  std::map<std::string, std::string> files = {
      {"20190101000000.export.CSV.zip", fixture_bytes(150000, 1)},
      {"20190101001500.export.CSV.zip", fixture_bytes(20000, 2)},
      {"20190101001500.mentions.CSV.zip", fixture_bytes(3000, 3)},
      {"20190102000000.gkg.csv.zip", fixture_bytes(5000, 4)},
      {"20190102000000.export.CSV.zip", fixture_bytes(7000, 5)},  // listed with a wrong MD5
      {"flaky20190103.export.CSV.zip", fixture_bytes(9000, 6)},
      {"20190104000000.export.CSV.zip", fixture_bytes(1000, 7)},  // behind a redirect
  };
  const std::string missing = "20190105000000.export.CSV.zip";  // listed, not served
  const std::string wrong_md5 = "20190102000000.export.CSV.zip";

  std::string list(const std::string& base) const {
    std::string text;
    for (const auto& [name, bytes] : files) {
      std::string md5 = md5_hex(bytes);
      if (name == wrong_md5) md5 = std::string(32, '0');
      const std::string where = name.starts_with("20190104") ? "/moved/" : "/files/";
      text += std::to_string(bytes.size()) + " " + md5 + " " + base + where + name + "\n";
    }
    text += "1234 " + md5_hex("gone") + " " + base + "/files/" + missing + "\n";
    return text;
  }
};

std::size_t part_files(const fs::path& cache) {
  std::size_t n = 0;
  for (const auto& entry : fs::directory_iterator(cache)) {
    if (entry.path().filename().string().find(".part") != std::string::npos) ++n;
  }
  return n;
}

TEST(GdeltFetch, ParsesListsKindsStampsAndDates) {
  const std::string text =
      "150383 297a16b493de7cf6ca809a7cc31d0b93 "
      "http://data.gdeltproject.org/gdeltv2/20150218230000.export.CSV.zip\r\n"
      "\n"
      "318084 bb27f78ba45f69a17ea6ed7755e9f8ff "
      "http://data.gdeltproject.org/gdeltv2/20150218230000.mentions.CSV.zip\n"
      "10768507 ea8dde0beb0ba98810a92db068c0ce99 "
      "http://data.gdeltproject.org/gdeltv2/20150218230000.gkg.csv.zip\n";
  const auto entries = parse_gdelt_file_list(text, "masterfilelist.txt");
  ASSERT_EQ(entries.size(), 3U);
  EXPECT_EQ(entries[0].size, 150383U);
  EXPECT_EQ(entries[0].md5, "297a16b493de7cf6ca809a7cc31d0b93");
  EXPECT_EQ(entries[0].name, "20150218230000.export.CSV.zip");
  EXPECT_EQ(entries[0].stamp, 20150218230000);
  EXPECT_EQ(entries[0].kind, GdeltFileKind::events);
  EXPECT_EQ(entries[1].kind, GdeltFileKind::mentions);
  EXPECT_EQ(entries[2].kind, GdeltFileKind::gkg);
  EXPECT_EQ(entries[2].size, 10768507U);

  try {
    parse_gdelt_file_list("12 abc http://x/y.zip\n", "list.txt");
    FAIL() << "a bad MD5 is an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().file, "list.txt");
    EXPECT_EQ(e.where().line, 1U);
    EXPECT_EQ(e.where().field, "md5");
  }
  try {
    parse_gdelt_file_list(text + "just a line\n", "list.txt");
    FAIL() << "a line of another shape is an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 5U);
  }
  EXPECT_THROW(parse_gdelt_file_list("x " + std::string(32, 'a') + " http://h/f.zip", "l"), Error);
  EXPECT_THROW(parse_gdelt_file_list("1 " + std::string(32, 'a') + " ftp://h/f.zip", "l"), Error);

  EXPECT_EQ(parse_gdelt_stamp("2019-01-31", false, "from"), 20190131000000);
  EXPECT_EQ(parse_gdelt_stamp("20190131", true, "to"), 20190131235959);
  EXPECT_EQ(parse_gdelt_stamp("20190131143000", true, "to"), 20190131143000);
  EXPECT_THROW(parse_gdelt_stamp("2019-02-30", false, "from"), Error);
  EXPECT_THROW(parse_gdelt_stamp("yesterday", false, "from"), Error);
  EXPECT_EQ(parse_gdelt_file_kind("export"), GdeltFileKind::events);
  EXPECT_EQ(parse_gdelt_file_kind("GKG"), GdeltFileKind::gkg);
  EXPECT_THROW(parse_gdelt_file_kind("tweets"), Error);
}

TEST(GdeltFetch, DownloadsVerifiesAndCaches) {
  FixtureServer server;
  const Fixtures fixtures;
  for (const auto& [name, bytes] : fixtures.files) server.add_file(name, bytes);
  server.add_list("masterfilelist.txt", fixtures.list(server.base()));
  ScratchDir dir;
  const fs::path cache = dir.path() / "cache";

  GdeltFetchOptions options;
  options.list = server.base() + "/gdeltv2/masterfilelist.txt";
  options.cache = cache;
  options.timeout_seconds = 10;
  GdeltFetchReport report = fetch_gdelt(options);
  EXPECT_EQ(report.list_file, cache / "masterfilelist.txt");
  EXPECT_EQ(slurp(report.list_file), fixtures.list(server.base()));
  EXPECT_EQ(report.listed, 8U);
  EXPECT_EQ(report.selected, 6U);  // the event exports only
  EXPECT_EQ(report.cached, 0U);
  EXPECT_EQ(report.downloaded, 4U);
  ASSERT_EQ(report.failures.size(), 2U);
  EXPECT_EQ(report.failures[0].name, fixtures.wrong_md5);
  EXPECT_EQ(report.failures[0].reason, "MD5 " + md5_hex(fixtures.files.at(fixtures.wrong_md5)) +
                                           " of the bytes received, the list gives " +
                                           std::string(32, '0'));
  EXPECT_EQ(report.failures[1].name, fixtures.missing);
  EXPECT_EQ(report.failures[1].reason, "HTTP 404 Not Found");
  // A wrong MD5 is tried again (the bytes may have been damaged on the way), a 404 is not.
  EXPECT_EQ(server.hits("/files/" + fixtures.wrong_md5), 3);
  EXPECT_EQ(server.hits("/files/" + fixtures.missing), 1);
  // The flaky file arrived whole at the second attempt; the redirect was followed.
  EXPECT_EQ(server.hits("/files/flaky20190103.export.CSV.zip"), 2);
  EXPECT_EQ(server.hits("/moved/20190104000000.export.CSV.zip"), 1);
  std::uint64_t expected_bytes = 0;
  ASSERT_EQ(report.files.size(), 4U);
  for (const fs::path& file : report.files) {
    const std::string& bytes = fixtures.files.at(file.filename().string());
    EXPECT_EQ(slurp(file), bytes) << file;
    expected_bytes += bytes.size();
  }
  EXPECT_EQ(report.files[0].filename(), "20190101000000.export.CSV.zip");  // list order
  EXPECT_EQ(report.bytes_downloaded, expected_bytes);
  // Nothing of the failures, the other kinds or the temporary files is in the cache.
  EXPECT_FALSE(fs::exists(cache / fixtures.wrong_md5));
  EXPECT_FALSE(fs::exists(cache / fixtures.missing));
  EXPECT_FALSE(fs::exists(cache / "20190101001500.mentions.CSV.zip"));
  EXPECT_EQ(part_files(cache), 0U);

  // Second run: everything valid is cached, only the list and the two failures are asked for.
  const int before = server.file_hits();
  report = fetch_gdelt(options);
  EXPECT_EQ(report.cached, 4U);
  EXPECT_EQ(report.downloaded, 0U);
  EXPECT_EQ(report.failures.size(), 2U);
  EXPECT_EQ(server.file_hits() - before, 3 + 1);

  // A damaged copy (same size, one byte changed) and a cut one are fetched again.
  const fs::path first = cache / "20190101000000.export.CSV.zip";
  const fs::path second = cache / "20190101001500.export.CSV.zip";
  {
    std::fstream f(first, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(70000);
    f.put('\x5a' ^ fixtures.files.at(first.filename().string())[70000]);
  }
  fs::resize_file(second, 100);
  // The staging folder of a run killed mid-download is cleared away (its list says a process
  // now gone made it), and with it the half file.
  const fs::path killed = cache / ".softpower.partial999999";
  fs::create_directory(killed);
  std::ofstream(killed / ".softpower-outputs")
      << "softpower-outputs 1\nby " << testing::ended_process().str()
      << "\nstaging\nfile 0 0 20190101001500.export.CSV.zip\n";
  std::ofstream(killed / "20190101001500.export.CSV.zip") << "half";
  report = fetch_gdelt(options);
  EXPECT_EQ(report.cached, 2U);
  EXPECT_EQ(report.downloaded, 2U);
  EXPECT_EQ(report.replaced, 2U);
  EXPECT_EQ(slurp(first), fixtures.files.at(first.filename().string()));
  EXPECT_EQ(slurp(second), fixtures.files.at(second.filename().string()));
  EXPECT_EQ(part_files(cache), 0U);
  EXPECT_FALSE(fs::exists(killed));

  // Without MD5 checks of the cache, a same-size damaged copy goes unnoticed (size only).
  {
    std::fstream f(first, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(10);
    f.put('\x01' ^ fixtures.files.at(first.filename().string())[10]);
  }
  options.verify_cached = false;
  report = fetch_gdelt(options);
  EXPECT_EQ(report.downloaded, 0U);
  options.verify_cached = true;
  report = fetch_gdelt(options);
  EXPECT_EQ(report.replaced, 1U);
}

TEST(GdeltFetch, FilesSoftpowerDidNotDownloadAreNeverReplaced) {
  FixtureServer server;
  const Fixtures fixtures;
  for (const auto& [name, bytes] : fixtures.files) server.add_file(name, bytes);
  server.add_list("masterfilelist.txt", fixtures.list(server.base()));
  ScratchDir dir;
  const fs::path cache = dir.path() / "cache";
  fs::create_directories(cache);
  // The user's own file with the name of a listed one (not what the list says it holds).
  const fs::path mine = cache / "20190101000000.export.CSV.zip";
  std::ofstream(mine) << "my own file";
  GdeltFetchOptions options;
  options.list = server.base() + "/gdeltv2/masterfilelist.txt";
  options.cache = cache;
  options.timeout_seconds = 10;
  const GdeltFetchReport report = fetch_gdelt(options);
  EXPECT_EQ(slurp(mine), "my own file");
  EXPECT_EQ(report.downloaded, 3U);
  ASSERT_EQ(report.failures.size(), 3U);
  EXPECT_EQ(report.failures[0].name, "20190101000000.export.CSV.zip");
  EXPECT_EQ(report.failures[0].reason,
            "a file softpower did not download has this name in the cache and is not replaced "
            "(move it away to fetch it)");
  EXPECT_EQ(server.hits("/files/20190101000000.export.CSV.zip"), 0);
  // A file of the user's with the name the list is saved under stops the fetch, untouched.
  ScratchDir other;
  const fs::path list = other.path() / "cache" / "masterfilelist.txt";
  fs::create_directories(list.parent_path());
  std::ofstream(list) << "my list";
  options.cache = list.parent_path();
  try {
    fetch_gdelt(options);
    FAIL() << "the user's file was replaced by the list";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("masterfilelist.txt: softpower did not write this file"),
              std::string::npos)
        << e.what();
  }
  EXPECT_EQ(slurp(list), "my list");
}

TEST(GdeltFetch, SelectsByKindAndDateAndDryRuns) {
  FixtureServer server;
  const Fixtures fixtures;
  for (const auto& [name, bytes] : fixtures.files) server.add_file(name, bytes);
  ScratchDir dir;
  // The list as a local file this time.
  const fs::path list = dir.path() / "masterfilelist.txt";
  std::ofstream(list) << fixtures.list(server.base());
  GdeltFetchOptions options;
  options.list = list.string();
  options.cache = dir.path() / "cache";
  options.from = parse_gdelt_stamp("2019-01-01", false, "from");
  options.to = parse_gdelt_stamp("2019-01-01", true, "to");
  options.dry_run = true;
  GdeltFetchReport report = fetch_gdelt(options);
  EXPECT_EQ(report.list_file, list);
  EXPECT_EQ(report.selected, 2U);
  EXPECT_EQ(report.to_download, (std::vector<std::string>{"20190101000000.export.CSV.zip",
                                                          "20190101001500.export.CSV.zip"}));
  EXPECT_EQ(server.file_hits(), 0);

  options.dry_run = false;
  options.kinds = {GdeltFileKind::mentions, GdeltFileKind::gkg};
  options.to = parse_gdelt_stamp("2019-01-02", true, "to");
  report = fetch_gdelt(options);
  EXPECT_EQ(report.selected, 2U);
  EXPECT_EQ(report.downloaded, 2U);
  EXPECT_EQ(slurp(options.cache / "20190102000000.gkg.csv.zip"),
            fixtures.files.at("20190102000000.gkg.csv.zip"));
  // Names without a time stamp ("flaky...") are left out when a range is given.
  options.kinds = {GdeltFileKind::events};
  options.from = parse_gdelt_stamp("2019-01-03", false, "from");
  options.to = 0;
  options.dry_run = true;
  report = fetch_gdelt(options);
  EXPECT_EQ(report.to_download, (std::vector<std::string>{"20190104000000.export.CSV.zip",
                                                          "20190105000000.export.CSV.zip"}));
}

// Cancels at the first bytes received.
class CancelAtOnce : public Progress {
 protected:
  void changed() override { cancel(); }
};

TEST(GdeltFetch, ErrorsAreOneLineAndLeaveNothing) {
  FixtureServer server;
  server.add_file("big.export.CSV.zip", fixture_bytes(3000000, 9));
  ScratchDir dir;
  GdeltFetchOptions options;
  options.cache = dir.path() / "cache";
  options.timeout_seconds = 10;
  // A list URL that is not there.
  options.list = server.base() + "/gdeltv2/nolist.txt";
  try {
    fetch_gdelt(options);
    FAIL() << "a missing list is an error";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()),
              options.list + ": cannot download the file list: HTTP 404 Not Found");
  }
  EXPECT_FALSE(fs::exists(options.cache / "nolist.txt"));
  // A server that is not there (a port just closed).
  int closed_port = 0;
  {
    // A port the system hands out, closed again without listening.
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    socklen_t length = sizeof address;
    ASSERT_EQ(::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length), 0);
    closed_port = ntohs(address.sin_port);
    ::close(fd);
  }
  options.list = "http://127.0.0.1:" + std::to_string(closed_port) + "/masterfilelist.txt";
  options.retries = 0;
  try {
    fetch_gdelt(options);
    FAIL() << "a refused connection is an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot download the file list: download failed"),
              std::string::npos)
        << e.what();
  }
  // A local list that is not a list.
  std::ofstream(dir.path() / "list.txt") << "hello world\n";
  options.list = (dir.path() / "list.txt").string();
  try {
    fetch_gdelt(options);
    FAIL() << "a bad list is an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.where().line, 1U);
  }
  // A local list that is a folder was read as an empty stream that failed inside the standard
  // library ("internal error: basic_filebuf::underflow").
  fs::create_directories(dir.path() / "lists");
  options.list = (dir.path() / "lists").string();
  try {
    fetch_gdelt(options);
    FAIL() << "a folder is not a list";
  } catch (const Error& e) {
    EXPECT_EQ(std::string(e.what()), options.list + ": is a folder, not a file");
  }
  // A cell that is not a size is shown escaped.
  std::ofstream(dir.path() / "nul.txt")
      << std::string("12\x01", 3) << " 0123456789abcdef0123456789abcdef http://x.org/a.zip\n";
  options.list = (dir.path() / "nul.txt").string();
  try {
    fetch_gdelt(options);
    FAIL() << "a bad size is an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("'12\\x01' is not a size in bytes"), std::string::npos)
        << e.what();
  }
  // Cancelling mid-download throws and leaves no file, whole or part.
  const fs::path big = options.cache / "big.export.CSV.zip";
  CancelAtOnce progress;
  progress.start("test", 0);
  EXPECT_THROW(
      download_file(server.base() + "/files/big.export.CSV.zip", big, 0, {}, 10, &progress), Error);
  EXPECT_FALSE(fs::exists(big));
  EXPECT_EQ(part_files(options.cache), 0U);
  // download_file alone: the size is checked.
  try {
    download_file(server.base() + "/files/big.export.CSV.zip", big, 2999999, {}, 10);
    FAIL() << "a file longer than its size is an error";
  } catch (const Error& e) {
    EXPECT_NE(std::string(e.what()).find("more than the 2999999 bytes"), std::string::npos)
        << e.what();
  }
  EXPECT_FALSE(fs::exists(big));
  EXPECT_EQ(download_file(server.base() + "/files/big.export.CSV.zip", big, 3000000,
                          md5_hex(fixture_bytes(3000000, 9)), 10),
            3000000U);
  EXPECT_EQ(md5_file(big), md5_hex(fixture_bytes(3000000, 9)));
}

}  // namespace
}  // namespace softpower::sources
