// Keep-alive connections without a thread each. httplib serves a connection on one pool
// thread for as long as it stays open, so 200 dashboards dragging sliders need 200 threads,
// and on two cores the scheduler's order among them gives a long latency tail. Here idle
// connections wait in one epoll set, whose thread also reads what arrives; a connection
// whose request is complete joins a first-in, first-out queue, and a few workers each answer
// one request (httplib's own parsing, routing and writing) and hand the connection back.
// A client that sends its request slowly holds no worker while it does.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

namespace softpower::server {

struct ConnectionOptions {
  std::size_t workers = 8;             ///< requests answered at once
  std::size_t max_connections = 1024;  ///< more are closed at once
  std::size_t max_body = 1 << 20;      ///< a longer announced body is handed on at once (413)
  int idle_seconds = 5;                ///< an idle keep-alive connection is closed after this
  int io_timeout_seconds = 10;         ///< waiting for the rest of a request, or to write
};

class HttpServer : public httplib::Server {
 public:
  HttpServer() = default;
  ~HttpServer() override;
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  /// Starts the epoll thread and the workers; call before listening.
  void start_connections(const ConnectionOptions& options);
  /// Closes every connection and joins the threads; call after stop() returned.
  void stop_connections();
  /// httplib listens with a backlog of 5 (compiled into Debian's library): under a burst
  /// of connections the kernel drops SYNs and clients wait a second to retry. Listening
  /// again on the bound socket raises it (Linux lets listen() change the backlog).
  void widen_backlog();
  std::size_t open_connections() const;

 private:
  struct Connection {
    int fd = -1;
    std::string buffer;  // bytes read and not yet used (the start of a pipelined request)
    std::size_t used = 0;
    std::string remote_ip, local_ip;
    int remote_port = 0, local_port = 0;
    std::chrono::steady_clock::time_point last_active;    // the last answer, or the connection
    std::chrono::steady_clock::time_point partial_since;  // first bytes of an unfinished request
    bool busy = false;      // queued or being answered (not in the epoll set)
    bool draining = false;  // refused and half-closed: what still arrives is read and dropped
  };
  class Stream;

  // Called by httplib's accept loop for each new connection: registers it and returns.
  bool process_and_close_socket(socket_t sock) override;
  void poll_loop();
  // Reads what the socket has without waiting (up to `most` buffered bytes); false at end of
  // stream or on an error.
  static bool read_available(Connection& c, std::size_t most);
  // 0: wait for more; 1: a whole request (head and announced body) is buffered, or the
  // connection ended, so a worker can answer without waiting for the client; 400, 413 or
  // 431: a head no wait can complete (a Content-Length that is not a number, a body over
  // max_body, a head over 64 kB), answered by refuse().
  int request_state(const Connection& c, bool ended) const;
  // Answers `status` with a JSON error, half-closes and drains the connection, so that
  // the client reads the answer and no worker waits for a body that will not be read.
  static void refuse(Connection& c, int status);
  void work();
  void serve(Connection* c);
  void arm(Connection* c, bool add);
  void close_connection(Connection* c);                        // needs mutex_
  void close_idle(std::chrono::steady_clock::time_point now);  // needs mutex_

  ConnectionOptions options_;
  int epoll_ = -1;
  int wake_ = -1;  // eventfd that ends poll_loop
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::deque<Connection*> ready_;
  std::unordered_map<int, Connection*> connections_;
  std::thread poller_;
  std::vector<std::thread> workers_;
};

}  // namespace softpower::server
