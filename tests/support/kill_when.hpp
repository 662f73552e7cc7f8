#pragma once
// Starts a program and kills it with `signal` once `ready()` holds (polled every 5 ms; at most
// `timeout`): the resume tests kill a job once it has checkpointed some of its units. The
// signal goes to the program and every process it started, as a cluster's scheduler signals
// every task of a preempted job (mpirun's own forwarding of SIGTERM to its ranks, each in a
// process group of its own, took longer than a small job on an idle machine). Returns whether
// ready() held before the program ended by itself.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "support/spawn.hpp"

namespace softpower::testing {

// The processes `pid` started, and theirs, from /proc (the parent is the 4th field of stat,
// after the command's name in parentheses).
inline std::vector<pid_t> descendants_of(pid_t pid) {
  std::vector<pid_t> found;
  std::vector<pid_t> parents = {pid};
  while (!parents.empty()) {
    const pid_t parent = parents.back();
    parents.pop_back();
    std::error_code ec;
    for (const auto& entry : std::filesystem::directory_iterator("/proc", ec)) {
      const std::string name = entry.path().filename().string();
      if (name.empty() || name.find_first_not_of("0123456789") != std::string::npos) continue;
      std::ifstream in(entry.path() / "stat");
      std::string stat;
      std::getline(in, stat);
      const std::size_t close = stat.rfind(')');
      if (close == std::string::npos) continue;
      std::istringstream rest(stat.substr(close + 1));
      std::string state;
      pid_t ppid = 0;
      rest >> state >> ppid;
      if (ppid == parent) {
        found.push_back(static_cast<pid_t>(std::stol(name)));
        parents.push_back(found.back());
      }
    }
  }
  return found;
}

inline bool kill_when(const std::vector<std::string>& words,
                      const std::map<std::string, std::string>& env,
                      const std::function<bool()>& ready, int signal,
                      std::chrono::seconds timeout = std::chrono::seconds(120)) {
  SpawnArgs spawn(words, env);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned =
      posix_spawn(&pid, spawn.argv[0], &actions, nullptr, spawn.argv.data(), spawn.envp.data());
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) return false;
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool killed = false;
  int status = 0;
  while (waitpid(pid, &status, WNOHANG) == 0) {
    if (ready() || std::chrono::steady_clock::now() > deadline) {
      killed = ready();
      for (const pid_t started : descendants_of(pid)) kill(started, signal);
      kill(pid, signal);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return killed;
}

}  // namespace softpower::testing
