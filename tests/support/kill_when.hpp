#pragma once
// Starts a program and kills it with `signal` once `ready()` holds (polled every 5 ms; at most
// `timeout`): the resume tests kill a job once it has checkpointed some of its units. Returns
// whether ready() held before the program ended by itself.

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>

#include <chrono>
#include <functional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "support/spawn.hpp"

namespace softpower::testing {

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
      kill(pid, signal);
      waitpid(pid, &status, 0);
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return killed;
}

}  // namespace softpower::testing
