#include "apps/server/connections.hpp"

#include <arpa/inet.h>
#include <netdb.h>
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

#include "apps/server/request_policy.hpp"
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

std::string_view reason_phrase(int status) {
  switch (status) {
    case 411:
      return "Length Required";
    case 413:
      return "Payload Too Large";
    case 414:
      return "URI Too Long";
    case 415:
      return "Unsupported Media Type";
    case 431:
      return "Request Header Fields Too Large";
    case 501:
      return "Not Implemented";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Bad Request";
  }
}

}  // namespace

std::string client_key(std::string_view address) {
  in6_addr v6{};
  std::string text(address);
  if (address.find(':') == std::string_view::npos || ::inet_pton(AF_INET6, text.c_str(), &v6) != 1)
    return text;
  if (IN6_IS_ADDR_V4MAPPED(&v6)) return text.substr(text.rfind(':') + 1);
  std::memset(v6.s6_addr + 8, 0, 8);
  char out[INET6_ADDRSTRLEN] = {};
  ::inet_ntop(AF_INET6, &v6, out, sizeof out);
  return std::string(out) + "/64";
}

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
      c_.refilled = true;
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

HttpServer::HttpServer() {
  // SO_REUSEADDR alone: a restarted server may bind while its old connections linger in
  // TIME_WAIT, but Linux refuses any socket a port another socket listens on.
  set_socket_options([](socket_t sock) {
    const int yes = 1;
    ::setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
}

HttpServer::~HttpServer() {
  stop_connections();
  if (held_ >= 0) ::close(held_);
}

namespace {

// Whether something accepts connections at the address `a` (a loopback probe: a refused or
// failed connect answers at once).
bool listened_on(const addrinfo& a) {
  const int fd = ::socket(a.ai_family, a.ai_socktype | SOCK_CLOEXEC, a.ai_protocol);
  if (fd < 0) return false;
  const bool accepted = ::connect(fd, a.ai_addr, a.ai_addrlen) == 0;
  ::close(fd);
  return accepted;
}

}  // namespace

int HttpServer::hold_address(const std::string& address, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICHOST | AI_NUMERICSERV;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (::getaddrinfo(address.c_str(), service.c_str(), &hints, &found) != 0) return 0;
  int held = 0;
  const int fd = ::socket(found->ai_family, found->ai_socktype | SOCK_CLOEXEC, 0);
  if (fd >= 0 && ::bind(fd, found->ai_addr, found->ai_addrlen) == 0) {
    sockaddr_storage local{};
    socklen_t length = sizeof(local);
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&local), &length);
    held = ntohs(local.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6&>(local).sin6_port
                                             : reinterpret_cast<sockaddr_in&>(local).sin_port);
    if (held_ >= 0) ::close(held_);
    held_ = fd;
  } else {
    // In use: by a listener (refused), or only by connections of an earlier process still
    // closing, which no browser can reach (nothing to hold). Any other error: the machine
    // has no such address.
    const int error = errno;
    if (fd >= 0) ::close(fd);
    held = error == EADDRINUSE && listened_on(*found) ? -1 : 0;
  }
  ::freeaddrinfo(found);
  return held;
}

int HttpServer::bind_error(const std::string& host, int port) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0) return EADDRNOTAVAIL;
  int error = EADDRNOTAVAIL;
  for (const addrinfo* a = found; a != nullptr && error != 0; a = a->ai_next) {
    const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
    if (fd < 0) {
      error = errno;
      continue;
    }
    const int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
    error = ::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 1) == 0 ? 0 : errno;
    ::close(fd);
  }
  ::freeaddrinfo(found);
  return error;
}

void HttpServer::widen_backlog() {
  ::listen(svr_sock_, 1024);
}

std::size_t HttpServer::open_connections() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return connections_.size();
}

std::size_t HttpServer::open_connections(std::string_view address) const {
  std::lock_guard<std::mutex> lock(mutex_);
  const auto it = per_client_.find(client_key(address));
  return it == per_client_.end() ? 0 : it->second;
}

void HttpServer::start_connections(const ConnectionOptions& options) {
  options_ = options;
  options_.workers = std::max<std::size_t>(options_.workers, 1);
  options_.max_connections = std::max<std::size_t>(options_.max_connections, 1);
  options_.max_per_client = std::max<std::size_t>(options_.max_per_client, 1);
  epoll_ = ::epoll_create1(EPOLL_CLOEXEC);
  wake_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (epoll_ < 0 || wake_ < 0) throw Error(std::string("epoll: ") + std::strerror(errno));
  epoll_event e{};
  e.events = EPOLLIN;
  e.data.ptr = nullptr;  // the wake-up
  ::epoll_ctl(epoll_, EPOLL_CTL_ADD, wake_, &e);
  // Handing a new connection on is quick, so httplib's accept loop needs one thread.
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
    for (Connection* c : accepted_) {
      ::close(c->fd);
      delete c;
    }
    accepted_.clear();
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
  // Answers go out at once: with Nagle and delayed ACKs a small reply waits 40 ms.
  const int on = 1;
  ::setsockopt(sock, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
  auto* c = new Connection;
  c->fd = sock;
  c->scanner = HeadScanner(options_.head);
  sockaddr_storage a{};
  socklen_t len = sizeof a;
  if (::getpeername(sock, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    address_of(a, c->remote_ip, c->remote_port);
  len = sizeof a;
  if (::getsockname(sock, reinterpret_cast<sockaddr*>(&a), &len) == 0)
    address_of(a, c->local_ip, c->local_port);
  c->client = client_key(c->remote_ip);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    // The epoll thread admits it; a backlog beyond what it could ever admit is not kept.
    if (!stopping_ && epoll_ >= 0 && accepted_.size() < options_.max_connections) {
      accepted_.push_back(c);
      c = nullptr;
    }
  }
  if (c != nullptr) {
    ::close(sock);
    delete c;
    return false;
  }
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_, &one, sizeof one);
  return true;
}

HttpServer::Connection* HttpServer::longest_waiting(std::string_view client) const {
  Connection* oldest = nullptr;
  for (const auto& [fd, c] : connections_) {
    if (c->busy || (!client.empty() && c->client != client)) continue;
    if (oldest == nullptr || c->last_active < oldest->last_active) oldest = c;
  }
  return oldest;
}

void HttpServer::admit(Connection* c) {
  Connection* evict = nullptr;
  const auto count = per_client_.find(c->client);
  if (count != per_client_.end() && count->second >= options_.max_per_client) {
    evict = longest_waiting(c->client);
    if (evict == nullptr) {  // all of this client's connections are being answered
      ::close(c->fd);
      delete c;
      return;
    }
  } else if (connections_.size() >= options_.max_connections) {
    evict = longest_waiting({});
    if (evict == nullptr) {
      ::close(c->fd);
      delete c;
      return;
    }
  }
  if (evict != nullptr) close_connection(evict);
  c->last_active = std::chrono::steady_clock::now();
  connections_.emplace(c->fd, c);
  ++per_client_[c->client];
  arm(c, true);
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
  const auto count = per_client_.find(c->client);
  if (count != per_client_.end() && --count->second == 0) per_client_.erase(count);
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

int HttpServer::request_state(Connection& c, bool ended) {
  const std::string_view pending = std::string_view(c.buffer).substr(c.used);
  if (pending.empty()) return ended ? -1 : 0;
  const HeadVerdict v = c.scanner.scan(pending);
  if (v.kind == HeadVerdict::Kind::refused) {
    c.refusal = v.reason;
    return v.status;
  }
  if (v.kind == HeadVerdict::Kind::complete &&
      pending.size() - v.head_size >= v.body_size) {  // the parser bounds body_size
    c.request_size = v.head_size + static_cast<std::size_t>(v.body_size);
    return 1;
  }
  return ended ? -1 : 0;
}

void HttpServer::refuse(Connection& c, int status) {
  std::string body = R"({"error":")";
  for (const char ch : c.refusal.empty() ? std::string_view("bad request") : c.refusal) {
    if (ch == '"' || ch == '\\') body += '\\';
    body += ch;
  }
  body += "\"}";
  const std::string answer =
      "HTTP/1.1 " + std::to_string(status) + " " + std::string(reason_phrase(status)) +
      "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) +
      "\r\nConnection: close\r\n" + security_header_lines() + "\r\n" + body;
  // Under a kilobyte into an empty socket buffer: one send without waiting.
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
  std::vector<Connection*> ready, ended, accepted;
  auto swept = std::chrono::steady_clock::now();
  // Buffered at most per connection: a whole request, and a little of the next.
  const std::size_t most =
      static_cast<std::size_t>(options_.head.max_body) + options_.head.max_head + kReadChunk;
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
      if (c == nullptr) {  // the wake-up: new connections, or stopping_ is set
        std::uint64_t count = 0;
        [[maybe_unused]] const auto r = ::read(wake_, &count, sizeof count);
        continue;
      }
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
      } else if (state < 0) {
        ended.push_back(c);
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
    // New connections join after this round's events were handled, so a connection closed
    // to make room is none this round still holds.
    accepted.swap(accepted_);
    for (Connection* c : accepted) admit(c);
    accepted.clear();
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
    // The request is buffered whole: [used, used + request_size).
    const std::size_t end = c->used + c->request_size;
    c->refilled = false;
    Stream stream(*c, options_.io_timeout_seconds);
    bool closed = false;
    const bool ok = process_request(stream, stopping_, closed, nullptr);
    std::lock_guard<std::mutex> lock(mutex_);
    // httplib reading past the request would mean the two parsers disagree on its framing.
    if (!ok || closed || stopping_ || c->refilled || c->used > end) {
      close_connection(c);
      return;
    }
    // A body httplib did not read (a request refused before its handler) is skipped, so
    // its bytes are never taken for the next request.
    c->used = end;
    c->scanner.reset();
    c->request_size = 0;
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
