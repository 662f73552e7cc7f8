#pragma once
// Work spread over the processes ("ranks") of an MPI job (docs/cluster.md): the one place that
// knows MPI. The same `softpower` runs alone or under mpirun/srun: MPI is started only when
// the process is one of an MPI job's (the launcher set OMPI_COMM_WORLD_SIZE, PMIX_RANK or
// PMI_RANK) and the build has MPI; otherwise it is a job of one rank and MPI is never touched.
//
// Results never depend on the number of ranks: work is cut into units numbered 0 … n−1 whose
// results depend only on their number (seed streams: core/random seed_of); unit i is computed
// by rank i mod size (a cyclic split, so units of different cost spread evenly), and the
// results are gathered to rank 0 in the order of their numbers. Only rank 0 writes and prints.
//
// Errors: every exchange between ranks starts with a check-in where each rank says whether it
// failed; when one did, every rank learns the message of the lowest failed rank and throws it
// as JobError, so no rank waits forever for one that stopped.

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/progress.hpp"

namespace softpower::distributed {

/// Starts MPI when this process was started as one of an MPI job's ranks and the build has MPI
/// (an MPI job of several ranks without MPI built in is refused: each would do all the work);
/// ends it when destroyed. Made once, by the command line's main(); without one, every function
/// below sees a job of one rank. Under MPI, when SOFTPOWER_THREADS is not set, it is set to the
/// processors this rank may use divided by the ranks on its machine (at least 1).
class Session {
 public:
  Session();
  ~Session();
  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;
};

/// While one lives, this rank works alone: map_units computes every unit here without the
/// other ranks (an operation that is not distributed, run by rank 0 under mpirun). agree()
/// still ends the job with every rank.
class Alone {
 public:
  Alone();
  ~Alone();
  Alone(const Alone&) = delete;
  Alone& operator=(const Alone&) = delete;
};

/// Whether this build has MPI.
bool built_with_mpi();
/// This process's rank, 0 … size() − 1.
int rank();
/// Ranks in the job (1 without MPI).
int size();
inline bool is_root() {
  return rank() == 0;
}

/// An error every rank knows (agreed at a check-in): rank 0 reports it; no more check-ins.
class JobError : public Error {
 public:
  using Error::Error;
};

/// The units of [0, n) this rank computes: i with i mod size() == rank(), ascending.
std::vector<std::size_t> my_units(std::size_t n);

/// One unit's result as bytes (its encoding is the caller's: results cross machines).
using UnitFunction = std::function<std::string(std::size_t unit, Progress& progress)>;

/// Units a killed run completed, and a record of each unit completed now (core/checkpoint).
struct Resume {
  std::map<std::size_t, std::string> done;  ///< on rank 0: unit -> its bytes (others: empty)
  /// Called on every rank, from its worker threads, with each unit it completes.
  std::function<void(std::size_t unit, const std::string& bytes)> save;
};

/// Computes units [0, n) over every rank and gathers them to rank 0. The units not in
/// `resume->done` are dealt out in turn (the k-th missing unit to rank k mod size) and computed
/// on each rank's threads (parallel_for: each result in its own slot). Returns, on rank 0, every
/// unit's bytes in unit order, the same for any number of ranks and whatever was resumed; on
/// other ranks, nothing. `progress` is started as `task` with this rank's units; `compute`
/// advances it. Every rank must call it, in the same order, with the same n and with or without
/// `resume`. Throws JobError (on every rank) when a unit failed on any rank. `threads`: at most
/// that many per rank (0: worker_count(); a server leaves its other cores to the requests).
std::vector<std::string> map_units(std::size_t n, const UnitFunction& compute, Progress& progress,
                                   std::string_view task, Resume* resume = nullptr,
                                   std::size_t threads = 0);

/// The end of an operation on every rank: `error` is this rank's error ("" when it succeeded).
/// Returns the message of the lowest failed rank ("rank k of n: " before it when k > 0), ""
/// when none failed. Without MPI, returns `error`.
std::string agree(const std::string& error);

}  // namespace softpower::distributed
