#pragma once
// Running the `softpower` command (or any program) from a test with no shell in between: the
// words as given, a working folder, extra environment variables and a time bound, with the
// peak resident memory sampled while it runs. Used by the data-driven suites (bad inputs and
// reference cases).

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <thread>
#include <vector>

extern char** environ;

namespace softpower::testing {

struct Outcome {
  int status = -1;  ///< exit status; -1 when killed by a signal or the timeout
  bool timed_out = false;
  long max_rss_kb = 0;
  std::string out;  ///< stdout and stderr together
};

// The peak resident memory of a running process (VmHWM), in kB; 0 when it cannot be read.
// wait4's ru_maxrss is not used: posix_spawn's child shares the test process's memory until it
// runs exec, and that memory would be counted as the child's.
inline long peak_kb(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::strtol(line.c_str() + 6, nullptr, 10);
  }
  return 0;
}

/// The words and the environment (this process's, with `env` added) as posix_spawn takes them.
struct SpawnArgs {
  SpawnArgs(const std::vector<std::string>& given, const std::map<std::string, std::string>& env)
      : words(given) {
    for (char** e = environ; *e != nullptr; ++e) environment.emplace_back(*e);
    for (const auto& [k, v] : env) environment.push_back(k + "=" + v);
    for (auto& e : environment) envp.push_back(e.data());
    envp.push_back(nullptr);
    for (auto& w : words) argv.push_back(w.data());
    argv.push_back(nullptr);
  }
  SpawnArgs(const SpawnArgs&) = delete;
  SpawnArgs& operator=(const SpawnArgs&) = delete;
  std::vector<std::string> words, environment;
  std::vector<char*> argv, envp;
};

/// Runs argv with `dir` as its working folder, stdout and stderr into one file beside `dir`,
/// killing it after `timeout`; the peak resident memory is sampled every 2 ms while it runs.
inline Outcome run_in(const std::vector<std::string>& words, const std::filesystem::path& dir,
                      const std::map<std::string, std::string>& env, std::chrono::seconds timeout) {
  const std::filesystem::path log = dir.parent_path() / (dir.filename().string() + ".log");
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addchdir_np(&actions, dir.c_str());
  SpawnArgs spawn(words, env);
  pid_t pid = 0;
  Outcome run;
  if (posix_spawn(&pid, spawn.argv[0], &actions, nullptr, spawn.argv.data(), spawn.envp.data()) !=
      0) {
    return run;
  }
  posix_spawn_file_actions_destroy(&actions);
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  int raw = 0;
  for (;;) {
    run.max_rss_kb = std::max(run.max_rss_kb, peak_kb(pid));
    const pid_t done = waitpid(pid, &raw, WNOHANG);
    if (done == pid) break;
    if (std::chrono::steady_clock::now() > deadline) {
      kill(pid, SIGKILL);
      waitpid(pid, &raw, 0);
      run.timed_out = true;
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  run.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  std::ifstream in(log, std::ios::binary);
  run.out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  return run;
}

}  // namespace softpower::testing
