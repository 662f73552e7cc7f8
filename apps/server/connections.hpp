// Keep-alive connections without a thread each. httplib serves a connection on one pool
// thread for as long as it stays open, so 200 dashboards dragging sliders need 200 threads,
// and on two cores the scheduler's order among them gives a long latency tail. Here idle
// connections wait in one epoll set, whose thread also reads what arrives; a connection
// whose request is complete joins a first-in, first-out queue, and a few workers each answer
// one request (httplib's own parsing, routing and writing) and hand the connection back.
// A client that sends its request slowly holds no worker while it does. Every request's head
// is checked strictly (apps/server/http_head) before httplib parses it; a head that breaks a
// rule is refused with one answer and the connection closed. Open connections are capped per
// client address and in all, and a newcomer over a cap takes the place of the connection that
// has waited longest, so idle or half-sent connections cannot lock other clients out.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <unordered_map>
#include <vector>

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

#include "apps/server/http_head.hpp"

namespace softpower::server {

struct ConnectionOptions {
  std::size_t workers = 8;             ///< requests answered at once
  std::size_t max_connections = 1024;  ///< open at once, in all
  std::size_t max_per_client = 256;    ///< open at once from one client address (IPv6: /64)
  HeadLimits head;                     ///< what a request's head may be (max_body too)
  int idle_seconds = 5;                ///< an idle keep-alive connection is closed after this
  int io_timeout_seconds = 10;         ///< waiting for the rest of a request, or to write
};

/// The address a connection counts against for the per-client cap: an IPv4 address as it is,
/// an IPv6 address by its first 64 bits (one host commonly holds a whole /64).
std::string client_key(std::string_view address);

class HttpServer : public httplib::Server {
 public:
  /// Listens without SO_REUSEPORT (httplib sets it by default): with it, a second process
  /// could bind the same port and the kernel would split the connections between the two.
  HttpServer();
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
  /// Why host:port cannot be bound, found by trying it: an errno value (EADDRINUSE, ...),
  /// EADDRNOTAVAIL when the host does not resolve, 0 when it can be bound now.
  static int bind_error(const std::string& host, int port);
  /// Connections open from one client address (its client_key).
  std::size_t open_connections(std::string_view address) const;
  /// Holds `address`:`port` for as long as this server lives: a socket bound there without
  /// SO_REUSEADDR or SO_REUSEPORT and never listening, so no other process can listen there
  /// (a browser opening localhost:port tries [::1] first, then 127.0.0.1). Port 0 takes a free
  /// port. Returns the port held, 0 when the machine has no such address (no IPv6: nothing
  /// to take), or -1 when another process listens there.
  int hold_address(const std::string& address, int port);

 private:
  struct Connection {
    int fd = -1;
    std::string buffer;  // bytes read and not yet used (the start of a pipelined request)
    std::size_t used = 0;
    std::string remote_ip, local_ip;
    std::string client;  // client_key(remote_ip)
    int remote_port = 0, local_port = 0;
    HeadScanner scanner;           // the head of the request that starts at `used`
    std::size_t request_size = 0;  // head and body of that request, once buffered whole
    std::string_view refusal;      // why its head was refused
    bool refilled = false;         // the worker read past the buffered request
    std::chrono::steady_clock::time_point last_active;    // the last answer, or the connection
    std::chrono::steady_clock::time_point partial_since;  // first bytes of an unfinished request
    bool busy = false;      // queued or being answered (not in the epoll set)
    bool draining = false;  // refused and half-closed: what still arrives is read and dropped
  };
  class Stream;

  // Called by httplib's accept loop for each new connection: hands it to the epoll thread,
  // which admits it (admit()) and returns.
  bool process_and_close_socket(socket_t sock) override;
  void poll_loop();
  // Registers a new connection, first closing one that has waited longest if the client, or
  // the server, is at its cap; closes the new one when every other is being answered.
  void admit(Connection* c);  // needs mutex_; the epoll thread only
  // The connection of `client` (every client when empty) that has waited longest for a
  // request and is not being answered, or nullptr.
  Connection* longest_waiting(std::string_view client) const;  // needs mutex_
  // Reads what the socket has without waiting (up to `most` buffered bytes); false at end of
  // stream or on an error.
  static bool read_available(Connection& c, std::size_t most);
  // 0: wait for more; 1: a whole request (head and announced body) is buffered, so a worker
  // can answer without waiting for the client (its size is in request_size); -1: the client
  // ended its side before a whole request; 400 and up: the head broke a rule
  // (http_head.hpp; the reason is in refusal), answered by refuse().
  static int request_state(Connection& c, bool ended);
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
  int held_ = -1;  // hold_address's socket
  int wake_ = -1;  // eventfd that ends poll_loop
  std::atomic<bool> stopping_{false};
  mutable std::mutex mutex_;
  std::condition_variable ready_cv_;
  std::deque<Connection*> ready_;
  std::vector<Connection*> accepted_;  // not yet admitted by the epoll thread
  std::unordered_map<int, Connection*> connections_;
  std::unordered_map<std::string, std::size_t> per_client_;  // open connections by client_key
  std::thread poller_;
  std::vector<std::thread> workers_;
};

}  // namespace softpower::server
