#pragma once
// Which process is this, and is a process recorded earlier still running? Work that leaves a
// mark behind while it runs (a run "running" in the workspace, a hidden folder an output is
// staged in) records the process that made it; whoever finds the mark later asks whether that
// process is gone before treating the mark as left over by a killed run. A process is named by
// its host, the kernel's boot id, its pid and its start time, so that a pid used again by
// another process after a reboot or a wrap-around is not taken for the one recorded.

#include <optional>
#include <string>
#include <string_view>

namespace softpower {

struct ProcessIdentity {
  std::string host;   ///< the host name
  std::string boot;   ///< the kernel's boot id (Linux); "" when unknown
  long long pid = 0;  ///< the process id
  std::string start;  ///< its start time after boot in clock ticks (Linux); "" when unknown

  /// "host boot pid start", with "-" for an empty part: four words, no other spaces.
  std::string str() const;
  /// The identity str() wrote, or nothing when `text` is not one.
  static std::optional<ProcessIdentity> parse(std::string_view text);
  bool operator==(const ProcessIdentity&) const = default;
};

/// This process.
const ProcessIdentity& this_process();

enum class Liveness {
  alive,    ///< running on this host (or cannot be told apart from one that is)
  gone,     ///< ended: no such process, a zombie, another process with its pid, or a reboot since
  unknown,  ///< recorded on another host, or not a valid identity: treated as running
};

/// Whether the recorded process still runs. Only a process of this host can be gone.
Liveness liveness(const ProcessIdentity& process);

}  // namespace softpower
