#include "softpower/core/process.hpp"

#include <signal.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <charconv>
#include <fstream>
#include <iterator>
#include <vector>

namespace softpower {

namespace {

std::string first_line(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  return line;
}

// A word safe to store among others separated by spaces.
std::string word(std::string text) {
  for (char& c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\0') c = '_';
  }
  return text.empty() ? "-" : text;
}

std::string host_name() {
  std::array<char, 256> name{};
  if (::gethostname(name.data(), name.size() - 1) != 0) return "";
  return name.data();
}

struct ProcStat {
  bool found = false;
  char state = '?';
  std::string start;
};

// /proc/<pid>/stat: "pid (comm) state ppid ..."; the command may hold spaces and parentheses,
// so the fields are counted from the last ')'. The start time is field 22.
ProcStat proc_stat(long long pid) {
  ProcStat s;
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  if (!in) return s;
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  const std::size_t close = text.rfind(')');
  if (close == std::string::npos) return s;
  std::vector<std::string> fields;
  std::size_t at = close + 1;
  while (at < text.size()) {
    while (at < text.size() && text[at] == ' ') ++at;
    const std::size_t end = std::min(text.find(' ', at), text.size());
    if (end > at) fields.push_back(text.substr(at, end - at));
    at = end;
  }
  // fields[0] is field 3 (the state), so field 22 is fields[19].
  if (fields.size() < 20) return s;
  s.found = true;
  s.state = fields[0].empty() ? '?' : fields[0][0];
  s.start = fields[19];
  while (!s.start.empty() && (s.start.back() == '\n' || s.start.back() == '\r')) s.start.pop_back();
  return s;
}

}  // namespace

std::string ProcessIdentity::str() const {
  return word(host) + " " + word(boot) + " " + std::to_string(pid) + " " + word(start);
}

std::optional<ProcessIdentity> ProcessIdentity::parse(std::string_view text) {
  std::vector<std::string_view> words;
  std::size_t at = 0;
  while (at < text.size()) {
    const std::size_t end = std::min(text.find(' ', at), text.size());
    words.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  if (words.size() != 4) return std::nullopt;
  for (const std::string_view w : words) {
    if (w.empty()) return std::nullopt;
    for (const char c : w) {
      if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return std::nullopt;
    }
  }
  ProcessIdentity p;
  const auto [end, error] =
      std::from_chars(words[2].data(), words[2].data() + words[2].size(), p.pid);
  if (error != std::errc() || end != words[2].data() + words[2].size() || p.pid <= 0) {
    return std::nullopt;
  }
  const auto part = [](std::string_view w) { return w == "-" ? std::string() : std::string(w); };
  p.host = part(words[0]);
  p.boot = part(words[1]);
  p.start = part(words[3]);
  return p;
}

const ProcessIdentity& this_process() {
  static const ProcessIdentity self = [] {
    ProcessIdentity p;
    p.host = host_name();
    p.boot = first_line("/proc/sys/kernel/random/boot_id");
    p.pid = ::getpid();
    p.start = proc_stat(p.pid).start;
    return p;
  }();
  // After a fork the child is another process: its pid and start time are its own.
  if (self.pid != ::getpid()) {
    static thread_local ProcessIdentity child;
    child = self;
    child.pid = ::getpid();
    child.start = proc_stat(child.pid).start;
    return child;
  }
  return self;
}

Liveness liveness(const ProcessIdentity& process) {
  const ProcessIdentity& self = this_process();
  if (process.pid <= 0 || process.host.empty() || process.host != self.host) {
    return Liveness::unknown;
  }
  if (!process.boot.empty() && !self.boot.empty() && process.boot != self.boot) {
    return Liveness::gone;
  }
  if (process.pid == self.pid && (process.start.empty() || process.start == self.start)) {
    return Liveness::alive;
  }
  if (::kill(static_cast<pid_t>(process.pid), 0) != 0 && errno == ESRCH) return Liveness::gone;
  const ProcStat stat = proc_stat(process.pid);
  if (stat.found) {
    if (stat.state == 'Z' || stat.state == 'X') return Liveness::gone;
    if (!process.start.empty() && stat.start != process.start) return Liveness::gone;
  }
  return Liveness::alive;
}

}  // namespace softpower
