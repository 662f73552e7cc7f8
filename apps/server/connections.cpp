#include "apps/server/connections.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <string_view>

#include "softpower/core/error.hpp"

namespace softpower::server {

namespace {

void address_of(const sockaddr_storage& a, std::string& ip, int& port) {
  char text[INET6_ADDRSTRLEN] = {};
  if (a.ss_family == AF_INET) {
    const auto& v4 = reinterpret_cast<const sockaddr_in&>(a);
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof text);
    port = ntohs(v4.sin_port);
  } else if (a.ss_family == AF_INET6) {
    const auto& v6 = reinterpret_cast<const sockaddr_in6&>(a);
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof text);
    port = ntohs(v6.sin6_port);
  }
  ip = text;
}

bool wait_for(int fd, short events, int seconds) {
  pollfd p{fd, events, 0};
  for (;;) {
    const int n = ::poll(&p, 1, seconds * 1000);
    if (n < 0 && errno == EINTR) continue;
    return n > 0 && (p.revents & (events | POLLHUP | POLLERR)) != 0;
  }
}

constexpr std::size_t kReadChunk = std::size_t{16} * 1024;
constexpr std::size_t kMaxHead = std::size_t{64} * 1024;  // a longer head is refused (431)

}  // namespace

// One request's view of a connection for httplib: reads come from the connection's buffer
// first (httplib reads the request line and headers a byte at a time), then from the socket.
class HttpServer::Stream : public httplib::Stream {
 public:
  Stream(Connection& c, int timeout) : c_(c), timeout_(timeout) {}

  bool is_readable() const override {
    return c_.used < c_.buffer.size() || wait_for(c_.fd, POLLIN, timeout_);
  }
  bool is_writable() const override { return wait_for(c_.fd, POLLOUT, timeout_); }

  ssize_t read(char* ptr, size_t size) override {
    if (c_.used == c_.buffer.size()) {
      if (!is_readable()) return -1;
      c_.buffer.resize(kReadChunk);
      c_.used = 0;
      ssize_t n = 0;
      do {
        n = ::recv(c_.fd, c_.buffer.data(), kReadChunk, 0);
      } while (n < 0 && errno == EINTR);
      c_.buffer.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
      if (n <= 0) return n;
    }
    const std::size_t k = std::min(size, c_.buffer.size() - c_.used);
    std::memcpy(ptr, c_.buffer.data() + c_.used, k);
    c_.used += k;
    return static_cast<ssize_t>(k);
  }

  ssize_t write(const char* ptr, size_t size) override {
    if (!is_writable()) return -1;
    ssize_t n = 0;
    do {
      n = ::send(c_.fd, ptr, size, MSG_NOSIGNAL);
    } while (n < 0 && errno == EINTR);
    return n;
  }

  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.remote_ip;
    port = c_.remote_port;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = c_.local_ip;
    port = c_.local_port;
  }
  socket_t socket() const override { return c_.fd; }

 private:
  Connection& c_;
  int timeout_;
};

HttpServer::~HttpServer() {
  stop_connections();
}

void HttpServer::widen_backlog() {
  ::listen(svr_sock_, 1024);
}

std::size_t HttpServer::open_connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connections_.size();
}

void HttpServer::start_connections(const ConnectionOptions& options) {
  options_ = options;
  options_.workers = std::max<std::size_t>(options_.workers, 1);
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_ < 0 || wake_ < 0) throw Error(std::string("epoll: ") + std::strerror(errno));
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.ptr = nullptr;  // the wake-up
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &e);
  // Registering a new connection is quick, so httplib's accept loop needs one thread.
  new_task_queue = [] { return new httplib::ThreadPool(1); };
  poller_ = std::thread([this] { poll_loop(); });
  for (std::size_t w = 0; w < options_.workers; ++w) workers_.emplace_back([this] { work(); });
}

void HttpServer::stop_connections() {
  if (epoll_ < 0) return;
  stopping_ = true;
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof one);
  if (poller_.joinable()) poller_.join();
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // Idle ones close now; a busy one is shut so its worker's reads and writes end at once.
    std::vector<Connection*> idle;
    for (auto& [fd, c] : connections_) {
      if (c->busy) {
        ::shutdown(fd, SHUT_RDWR);
      } else {
        idle.push_back(c);
      }
    }
    for (Connection* c : idle) close_connection(c);
  }
  ready_cv_.notify_all();
  for (auto& w : workers_) w.join();
  workers_.clear();
  std::lock_guard<std::mutex> lock(mutex_);
  for (Connection* c : ready_) close_connection(c);
  ready_.clear();
  ::close(epoll_);
  ::close(wake_);
  epoll_ = wake_ = -1;
}

bool HttpServer::process_and_close_socket(socket_t sock) {
  std::unique_lock<std::mutex> lock(mutex_);
  if (stopping_ || epoll_ < 0 || connections_.size() >= options_.max_connections) {
    lock.unlock();
    ::shutdown(sock, SHUT_RDWR);
    ::close(sock);
    return false;
  }
  // Answers go out at once: with Nagle and delayed ACKs a small reply waits 40 ms.
  const int on = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  auto* c = new Connection;
  c->fd = sock;
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    address_of(a, c->remote_ip, c->remote_port);
  len = sizeof a;
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    address_of(a, c->local_ip, c->local_port);
  c->last_active = std::chrono::steady_clock::now();
  connections_.emplace(sock, c);
  arm(c, true);
  return true;
}

void HttpServer::arm(Connection* c, bool add) {
  epoll_event e{};
  e.events = EPOLLIN | EPOLLRDHUP | EPOLLONESHOT;
  e.data.ptr = c;
  ::epoll_ctl(epoll_, add ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, c->fd, &e);
}

void HttpServer::close_connection(Connection* c) {
  ::epoll_ctl(epoll_, EPOLL_CTL_DEL, c->fd, nullptr);
  ::shutdown(c->fd, SHUT_RDWR);
  ::close(c->fd);
  connections_.erase(c->fd);
  delete c;
}

void HttpServer::close_idle(std::chrono::steady_clock::time_point now) {
  std::vector<Connection*> old;
  for (auto& [fd, c] : connections_) {
    if (c->busy) continue;
    const bool partial = c->used < c->buffer.size();
    if (partial ? now - c->partial_since > std::chrono::seconds(options_.io_timeout_seconds)
                : now - c->last_active > std::chrono::seconds(options_.idle_seconds))
      old.push_back(c);
  }
  for (Connection* c : old) close_connection(c);
}

bool HttpServer::read_available(Connection& c, std::size_t most) {
  if (c.used > 0) {
    c.buffer.erase(0, c.used);
    c.used = 0;
  }
  while (c.buffer.size() < most) {
    const std::size_t had = c.buffer.size();
    c.buffer.resize(had + kReadChunk);
    const ssize_t n = ::recv(c.fd, c.buffer.data() + had, kReadChunk, MSG_DONTWAIT);
    c.buffer.resize(had + (n > 0 ? static_cast<std::size_t>(n) : 0));
    if (n > 0 && static_cast<std::size_t>(n) == kReadChunk) continue;
    if (n > 0) return true;
    if (n == 0) return false;
    if (errno == EINTR) continue;
    return errno == EAGAIN || errno == EWOULDBLOCK;
  }
  return true;  // the rest waits in the kernel until these are answered
}

int HttpServer::request_state(const Connection& c, bool ended) const {
  if (ended) return 1;  // the worker answers what is there, then closes
  const std::string_view pending = std::string_view(c.buffer).substr(c.used);
  const std::size_t head_end = pending.find("\r\n\r\n");
  if (head_end == std::string_view::npos) return pending.size() > kMaxHead ? 431 : 0;
  const std::string_view head = pending.substr(0, head_end + 2);
  // The announced body length (Content-Length, in any case); chunked bodies are read by the
  // worker as they come.
  std::size_t length = 0;
  for (std::size_t line = head.find("\r\n"); line != std::string_view::npos;) {
    const std::size_t next = head.find("\r\n", line + 2);
    if (next == std::string_view::npos) break;
    const std::string_view field = head.substr(line + 2, next - line - 2);
    line = next;
    const std::size_t colon = field.find(':');
    if (colon == std::string_view::npos) continue;
    std::string name(field.substr(0, colon));
    for (char& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (name == "transfer-encoding") return 1;
    if (name != "content-length") continue;
    std::string_view value = field.substr(colon + 1);
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
    const auto parsed = std::from_chars(value.data(), value.data() + value.size(), length);
    if (value.empty() || parsed.ec != std::errc() || parsed.ptr != value.data() + value.size())
      return 400;
  }
  if (length > options_.max_body) return 413;
  return pending.size() - (head_end + 4) >= length ? 1 : 0;
}

void HttpServer::refuse(Connection& c, int status) {
  const char* reason = status == 413   ? "Payload Too Large"
                       : status == 431 ? "Request Header Fields Too Large"
                                       : "Bad Request";
  const char* what = status == 413   ? "the request body is too large"
                     : status == 431 ? "the request head is too large"
                                     : "bad request: Content-Length is not a number";
  const std::string body = std::string(R"({"error":")") + what + "\"}";
  const std::string answer =
      "HTTP/1.1 " + std::to_string(status) + " " + reason +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n\r\n" + body;
  // A few hundred bytes into an empty socket buffer: one send without waiting.
  [[maybe_unused]] const ssize_t sent =
      ::send(c.fd, answer.data(), answer.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
  ::shutdown(c.fd, SHUT_WR);
  c.draining = true;
  c.buffer.clear();
  c.used = 0;
  c.last_active = std::chrono::steady_clock::now();
}

void HttpServer::poll_loop() {
  std::vector<epoll_event> events(256);
  std::vector<Connection*> ready, ended;
  auto swept = std::chrono::steady_clock::now();
  // Buffered at most per connection: a whole request, and a little of the next.
  const std::size_t most = options_.max_body + kMaxHead + kReadChunk;
  while (!stopping_) {
    const int n = ::epoll_wait(epoll_, events.data(), static_cast<int>(events.size()), 1000);
    if (n < 0 && errno != EINTR) break;
    const auto now = std::chrono::steady_clock::now();
    // A connection that fired is this thread's alone (one-shot) until queued or re-armed, so
    // its bytes are read without the lock.
    ready.clear();
    ended.clear();
    for (int k = 0; k < n; ++k) {
      auto* c = static_cast<Connection*>(events[static_cast<std::size_t>(k)].data.ptr);
      if (c == nullptr) continue;  // the wake-up: stopping_ is set
      if (c->draining) {
        c->buffer.clear();
        c->used = 0;
        if (read_available(*c, kReadChunk)) {
          arm(c, false);
        } else {
          ended.push_back(c);
        }
        continue;
      }
      const bool had_partial = c->used < c->buffer.size();
      const int state = request_state(*c, !read_available(*c, most));
      if (state == 1) {
        ready.push_back(c);
      } else {
        if (state >= 400) {
          refuse(*c, state);
        } else if (!had_partial) {
          c->partial_since = now;
        }
        arm(c, false);
      }
    }
    std::lock_guard<std::mutex> lock(mutex_);
    for (Connection* c : ended) close_connection(c);
    for (Connection* c : ready) {
      c->busy = true;  // out of the epoll set until a worker hands it back
      ready_.push_back(c);
      ready_cv_.notify_one();
    }
    if (now - swept > std::chrono::seconds(1)) {
      close_idle(now);
      swept = now;
    }
  }
}

void HttpServer::work() {
  for (;;) {
    Connection* c = nullptr;
    {
      std::unique_lock<std::mutex> lock(mutex_);
      ready_cv_.wait(lock, [this] { return stopping_ || !ready_.empty(); });
      if (stopping_) return;
      c = ready_.front();
      ready_.pop_front();
    }
    serve(c);
  }
}

// Answers the requests the connection has ready (more than one when pipelined), then hands it
// back to the epoll set, or closes it.
void HttpServer::serve(Connection* c) {
  for (;;) {
    Stream stream(*c, options_.io_timeout_seconds);
    bool closed = false;
    const bool ok = process_request(stream, stopping_, closed, nullptr);
    std::lock_guard<std::mutex> lock(mutex_);
    if (!ok || closed || stopping_) {
      close_connection(c);
      return;
    }
    const auto now = std::chrono::steady_clock::now();
    c->last_active = now;
    if (c->used < c->buffer.size()) {
      const int state = request_state(*c, false);
      if (state == 1) continue;  // the next request is already here, whole
      if (state >= 400) {
        refuse(*c, state);
      } else {
        c->partial_since = now;
      }
    }
    c->busy = false;
    arm(c, false);
    return;
  }
}

}  // namespace softpower::server
