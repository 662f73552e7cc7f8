#pragma once
// `softpower serve`: the HTTP API generated from the operation declarations, the dashboard's
// endpoints (instant reweighting, scores, countries, runs, alignment and perception series),
// background jobs with progress streamed as Server-Sent Events, and the static front-end.
// docs/serve.md describes every endpoint, the limits and their defaults.

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace softpower::server {

struct ServerOptions {
  std::string host = "127.0.0.1";
  int port = 8765;                       ///< 0 = any free port (start() returns it)
  std::filesystem::path web_dir;         ///< static front-end ("" = none)
  std::string write_token;               ///< "" = read-only
  std::filesystem::path spec;            ///< the dashboard's index spec
  std::optional<std::string> data;       ///< data directory (resolve_data_dir's rules)
  std::optional<std::string> workspace;  ///< workspace file (resolve_workspace's rules)
  std::filesystem::path out_root;        ///< where writing operations write ("" = a temp folder)
  std::vector<std::filesystem::path> allow_read;  ///< more folders parameters may name
  std::vector<std::string> allow_hosts;  ///< Host names served besides the defaults and `host`
  std::size_t max_body = 1 << 20;        ///< bytes; larger requests get 413
  double rate = 50;                      ///< requests per second per client (0 = no limit)
  double burst = 100;                    ///< bucket size
  std::size_t threads =
      8;  ///< HTTP workers: requests answered at once (idle connections take none)
  std::size_t job_workers = 1;       ///< background jobs run at once
  std::size_t max_queued_jobs = 16;  ///< more are refused with 429
  std::size_t keep_jobs = 100;       ///< finished jobs kept (the most recently finished)
  std::chrono::seconds keep_jobs_for = std::chrono::hours(1);  ///< and for at most this long
  std::size_t max_connections = 1024;                          ///< open connections in all
  std::size_t max_connections_per_client = 256;  ///< open connections per client address
  std::size_t max_sync_calls = 2;                ///< operations run at once inside a request
  int timeout_seconds = 10;                      ///< socket read and write timeouts
};

class Server {
 public:
  /// Resolves folders and builds the dashboard's index (an error building it is kept and
  /// answered by the index endpoints with 503; the rest of the API still works).
  explicit Server(ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and serves on a background thread; returns the port. Throws Error when binding fails.
  int start();
  /// Stops serving, cancels running jobs and joins every thread.
  void stop();
  int port() const;
  /// Why the dashboard's index could not be built ("" = it was).
  std::string index_error() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace softpower::server
