#pragma once
// Raw HTTP for the server's tests: a client socket that sends exactly the bytes it is given
// (from any loopback address, so that one test can be several clients), reads answers by
// their Content-Length, and tells when the server closed; and `softpower serve` started as a
// process on a free port, as a user starts it.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "support/cli.hpp"

namespace softpower::testing {

struct RawAnswer {
  int status = 0;                                           ///< 0: none came (timeout or closed)
  std::map<std::string, std::vector<std::string>> headers;  ///< names in lower case
  std::string body;

  std::string header(const std::string& name) const {
    const auto it = headers.find(name);
    return it == headers.end() || it->second.empty() ? std::string() : it->second.front();
  }
};

class RawClient {
 public:
  using Clock = std::chrono::steady_clock;

  /// Connects to 127.0.0.1:port from `from` (any 127.x.y.z works on Linux without setup).
  explicit RawClient(int port, const char* from = nullptr)
      : fd_(::socket(AF_INET, SOCK_STREAM, 0)) {
    if (from != nullptr) {
      sockaddr_in local{};
      local.sin_family = AF_INET;
      ::inet_pton(AF_INET, from, &local.sin_addr);
      bound_ = ::bind(fd_, reinterpret_cast<sockaddr*>(&local), sizeof local) == 0;
    }
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = bound_ && ::connect(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
  }
  ~RawClient() { ::close(fd_); }
  RawClient(const RawClient&) = delete;
  RawClient& operator=(const RawClient&) = delete;

  bool connected() const { return connected_; }
  /// Whether a read has seen the server close the connection.
  bool ended() const { return ended_; }

  /// Sends all of `s`; false when the server has closed.
  bool send(const std::string& s) {
    std::size_t sent = 0;
    while (sent < s.size()) {
      const ssize_t n = ::send(fd_, s.data() + sent, s.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) return false;
      sent += static_cast<std::size_t>(n);
    }
    return true;
  }

  /// One answer (head, and body by Content-Length unless `no_body`: the answer to HEAD), or
  /// status 0 when none came within `seconds` or the connection closed first.
  RawAnswer answer(double seconds = 5, bool no_body = false) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(seconds));
    for (;;) {
      const std::size_t head_end = buffer_.find("\r\n\r\n");
      if (head_end != std::string::npos) {
        RawAnswer a = parse_head(buffer_.substr(0, head_end));
        const std::string length = a.header("content-length");
        const std::size_t n = length.empty() || no_body ? 0 : std::stoul(length);
        if (buffer_.size() >= head_end + 4 + n) {
          a.body = buffer_.substr(head_end + 4, n);
          buffer_.erase(0, head_end + 4 + n);
          return a;
        }
      }
      if (!fill(deadline)) return {};
    }
  }

  /// Every answer until the server closes (or `seconds` pass): their statuses.
  std::vector<int> statuses_until_closed(double seconds = 5) {
    std::vector<int> out;
    for (;;) {
      const RawAnswer a = answer(seconds);
      if (a.status == 0) return out;
      out.push_back(a.status);
    }
  }

  /// True when the server closed the connection (a read ends) within `seconds`; answers
  /// still unread are skipped.
  bool closed_within(double seconds) {
    const auto deadline = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                             std::chrono::duration<double>(seconds));
    while (fill(deadline)) buffer_.clear();
    return ended_;
  }

 private:
  // Reads what arrives before the deadline; false on timeout or end of stream.
  bool fill(Clock::time_point deadline) {
    if (ended_) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    pollfd p{fd_, POLLIN, 0};
    if (left <= 0 || ::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char chunk[16384];
    const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      ended_ = true;
      return false;
    }
    buffer_.append(chunk, static_cast<std::size_t>(n));
    return true;
  }

  static RawAnswer parse_head(const std::string& head) {
    RawAnswer a;
    if (head.size() < 12 || head.compare(0, 5, "HTTP/") != 0) return a;
    a.status = std::stoi(head.substr(9, 3));
    std::size_t line = head.find("\r\n");
    while (line != std::string::npos) {
      const std::size_t next = head.find("\r\n", line + 2);
      const std::string field = head.substr(line + 2, next - line - 2);
      line = next;
      const std::size_t colon = field.find(':');
      if (colon == std::string::npos) continue;
      std::string name = field.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = field.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      a.headers[name].push_back(value);
    }
    return a;
  }

  int fd_;
  bool bound_ = true;
  bool connected_ = false;
  bool ended_ = false;
  std::string buffer_;
};

/// `softpower serve --port 0 ARGS...` as a process; stopped (SIGTERM) when destroyed.
class ServeProcess {
 public:
  explicit ServeProcess(const std::vector<std::string>& args) {
    int out[2];
    if (::pipe(out) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, out[1], STDOUT_FILENO);
    posix_spawn_file_actions_addclose(&actions, out[0]);
    std::vector<std::string> words = {cli_path(), "serve", "--port", "0"};
    words.insert(words.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
    if (posix_spawn(&pid_, cli_path(), &actions, nullptr, argv.data(), environ) != 0) pid_ = 0;
    posix_spawn_file_actions_destroy(&actions);
    ::close(out[1]);
    std::string line;
    char c = 0;
    while (pid_ > 0 && ::read(out[0], &c, 1) == 1 && c != '\n') line += c;
    ::close(out[0]);
    const auto colon = line.rfind(':');
    if (line.find("listening on") != std::string::npos && colon != std::string::npos)
      port_ = std::stoi(line.substr(colon + 1));
  }
  ~ServeProcess() {
    if (pid_ <= 0 || !alive()) return;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  ServeProcess(const ServeProcess&) = delete;
  ServeProcess& operator=(const ServeProcess&) = delete;

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  /// A field of /proc/PID/status in kB ("VmHWM": the peak resident memory), or -1.
  long status_kb(const std::string& field) const {
    std::ifstream in("/proc/" + std::to_string(pid_) + "/status");
    std::string line;
    while (std::getline(in, line)) {
      if (line.rfind(field + ":", 0) == 0) return std::stol(line.substr(field.size() + 1));
    }
    return -1;
  }
  /// Whether the process is still running.
  bool alive() {
    if (pid_ <= 0 || exited_) return false;
    int status = 0;
    exited_ = ::waitpid(pid_, &status, WNOHANG) == pid_;
    return !exited_;
  }

 private:
  pid_t pid_ = 0;
  bool exited_ = false;
  int port_ = 0;
};

}  // namespace softpower::testing
