#pragma once
// Processes for tests of what a killed run leaves behind: the identity of a process that has
// ended (a child that exited at once), as softpower records the process that made a staging
// folder or started a run.

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>

#include "softpower/core/process.hpp"

namespace softpower::testing {

/// A process of this host that has ended: a child forked, exited and reaped.
inline ProcessIdentity ended_process() {
  const pid_t pid = ::fork();
  if (pid == 0) ::_exit(0);
  ::waitpid(pid, nullptr, 0);
  ProcessIdentity p = this_process();
  p.pid = pid;
  p.start = "1";  // not the start of any process with this pid now
  return p;
}

}  // namespace softpower::testing
