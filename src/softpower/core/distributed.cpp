#include "softpower/core/distributed.hpp"

#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <string_view>
#include <thread>

#include "softpower/core/parallel.hpp"

#ifdef SOFTPOWER_HAVE_MPI
#include <mpi.h>
#endif

namespace softpower::distributed {

namespace {

int g_rank = 0;
int g_size = 1;
bool g_mpi = false;           // MPI started by the Session
std::atomic<int> g_alone{0};  // Alone guards alive

// What the launcher says about this process: the ranks of its job, or 0 when it was not started
// as one of an MPI job's ranks. OpenMPI's mpirun sets OMPI_COMM_WORLD_SIZE; srun and other
// PMIx or PMI launchers set PMIX_RANK or PMI_RANK (the size is then learnt from MPI itself).
long launched_size() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE"}) {
    if (const char* v = std::getenv(name); v != nullptr && *v != '\0') {
      return std::max(1L, std::strtol(v, nullptr, 10));
    }
  }
  if (std::getenv("PMIX_RANK") != nullptr || std::getenv("PMI_RANK") != nullptr) return 1;
  return 0;
}

long env_number(const char* name) {
  const char* v = std::getenv(name);
  return v == nullptr || *v == '\0' ? 0 : std::strtol(v, nullptr, 10);
}

#ifdef SOFTPOWER_HAVE_MPI

// The processors this rank may use shared with the other ranks on its machine, unless the
// user chose (SOFTPOWER_THREADS). A rank bound to some processors (mpirun --bind-to core,
// Slurm's --cpus-per-task) gets those; an unbound one its share of the machine.
void share_processors() {
  if (const char* v = std::getenv("SOFTPOWER_THREADS"); v != nullptr && *v != '\0') return;
  cpu_set_t set;
  CPU_ZERO(&set);
  const long hardware = std::max(1U, std::thread::hardware_concurrency());
  long mine = sched_getaffinity(0, sizeof set, &set) == 0 ? CPU_COUNT(&set) : hardware;
  if (mine >= hardware) {
    const long local = std::max(1L, env_number("OMPI_COMM_WORLD_LOCAL_SIZE"));
    mine = hardware / local;
  }
  ::setenv("SOFTPOWER_THREADS", std::to_string(std::max(1L, mine)).c_str(), 1);
}

// Waits for a request without spinning, so a rank that waits leaves its processors to the
// ranks that still work.
void wait_for(MPI_Request& request) {
  auto pause = std::chrono::microseconds(50);
  for (;;) {
    int done = 0;
    MPI_Test(&request, &done, MPI_STATUS_IGNORE);
    if (done) return;
    std::this_thread::sleep_for(pause);
    pause = std::min<std::chrono::microseconds>(pause * 2, std::chrono::milliseconds(20));
  }
}

[[noreturn]] void abort_job(const std::string& message) {
  std::fprintf(stderr, "softpower: internal error (rank %d of %d): %s\n", g_rank, g_size,
               message.c_str());
  MPI_Abort(MPI_COMM_WORLD, 2);
  std::abort();
}

constexpr int kTag = 20;
constexpr std::uint64_t kChunk = std::uint64_t{1} << 30;  // bytes per message

void send_bytes(const std::string& bytes) {
  std::uint64_t length = bytes.size();
  MPI_Send(&length, 1, MPI_UINT64_T, 0, kTag, MPI_COMM_WORLD);
  for (std::uint64_t at = 0; at < length; at += kChunk) {
    const auto count = static_cast<int>(std::min(kChunk, length - at));
    MPI_Send(bytes.data() + at, count, MPI_BYTE, 0, kTag, MPI_COMM_WORLD);
  }
}

std::string receive_bytes(int from) {
  std::uint64_t length = 0;
  MPI_Recv(&length, 1, MPI_UINT64_T, from, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  std::string bytes(length, '\0');
  for (std::uint64_t at = 0; at < length; at += kChunk) {
    const auto count = static_cast<int>(std::min(kChunk, length - at));
    MPI_Recv(bytes.data() + at, count, MPI_BYTE, from, kTag, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
  }
  return bytes;
}

#endif

// The exchanges that start with a check-in; when nobody failed, every rank must be at the same.
enum class Exchange { start = 1, gather = 2, end = 3 };

// Every rank says whether it failed; returns "" when none did, else the message of the lowest
// failed rank (every rank gets the same).
std::string check_in([[maybe_unused]] Exchange exchange, const std::string& error) {
#ifdef SOFTPOWER_HAVE_MPI
  if (!g_mpi) return error;
  const int kind = static_cast<int>(exchange);
  int mine[3] = {error.empty() ? 0 : 1, kind, -kind};
  int all[3] = {0, 0, 0};
  MPI_Request request;
  MPI_Iallreduce(mine, all, 3, MPI_INT, MPI_MAX, MPI_COMM_WORLD, &request);
  wait_for(request);
  if (all[0] == 0) {
    if (all[1] != -all[2]) abort_job("the ranks reached different exchanges");
    return "";
  }
  const int candidate = error.empty() ? g_size : g_rank;
  int lowest = 0;
  MPI_Allreduce(&candidate, &lowest, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
  std::string message = g_rank == lowest ? error : std::string();
  std::uint64_t length = message.size();
  MPI_Bcast(&length, 1, MPI_UINT64_T, lowest, MPI_COMM_WORLD);
  message.resize(length);
  MPI_Bcast(message.data(), static_cast<int>(length), MPI_CHAR, lowest, MPI_COMM_WORLD);
  if (lowest > 0)
    message = "rank " + std::to_string(lowest) + " of " + std::to_string(g_size) + ": " + message;
  return message;
#else
  return error;
#endif
}

// A unit's bytes preceded by their length (8 bytes, little-endian as the machines are).
void append_record(std::string& blob, const std::string& bytes) {
  const std::uint64_t length = bytes.size();
  blob.append(reinterpret_cast<const char*>(&length), sizeof length);
  blob += bytes;
}

}  // namespace

Session::Session() {
  const long launched = launched_size();
  if (launched == 0) return;
#ifdef SOFTPOWER_HAVE_MPI
  int provided = 0;
  // Only the main thread calls MPI; worker threads compute.
  MPI_Init_thread(nullptr, nullptr, MPI_THREAD_FUNNELED, &provided);
  g_mpi = true;
  MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
  MPI_Comm_size(MPI_COMM_WORLD, &g_size);
  share_processors();
#else
  if (launched > 1) {
    throw Error(
        "this softpower was built without MPI, so under mpirun every one of its " +
        std::to_string(launched) +
        " processes would do all the work: rebuild it with MPI (libopenmpi-dev; docs/cluster.md) "
        "or run it alone");
  }
#endif
}

Session::~Session() {
#ifdef SOFTPOWER_HAVE_MPI
  if (g_mpi) MPI_Finalize();
  g_mpi = false;
#endif
  g_rank = 0;
  g_size = 1;
}

Alone::Alone() {
  ++g_alone;
}
Alone::~Alone() {
  --g_alone;
}

bool built_with_mpi() {
#ifdef SOFTPOWER_HAVE_MPI
  return true;
#else
  return false;
#endif
}

int rank() {
  return g_rank;
}
int size() {
  return g_size;
}

namespace {

// The ranks that share units: 1 when this rank works alone.
bool shared() {
  return g_mpi && g_alone.load() == 0;
}

}  // namespace

std::vector<std::size_t> my_units(std::size_t n) {
  const auto first = static_cast<std::size_t>(shared() ? g_rank : 0);
  const auto step = static_cast<std::size_t>(shared() ? g_size : 1);
  std::vector<std::size_t> units;
  for (std::size_t i = first; i < n; i += step) units.push_back(i);
  return units;
}

std::vector<std::string> map_units(std::size_t n, const UnitFunction& compute, Progress& progress,
                                   std::string_view task, Resume* resume, std::size_t threads) {
  // Which units a killed run completed: rank 0 read them; the others learn it here.
  std::vector<char> done(n, 0);
  if (resume != nullptr) {
    for (const auto& [unit, bytes] : resume->done) {
      if (unit < n) done[unit] = 1;
    }
  }
#ifdef SOFTPOWER_HAVE_MPI
  if (resume != nullptr && shared()) {
    if (const std::string agreed = check_in(Exchange::start, ""); !agreed.empty()) {
      throw JobError(agreed);
    }
    for (std::size_t at = 0; at < n; at += kChunk) {
      MPI_Bcast(done.data() + at, static_cast<int>(std::min<std::size_t>(kChunk, n - at)), MPI_CHAR,
                0, MPI_COMM_WORLD);
    }
  }
#endif
  // The missing units dealt out in turn: owner[k] of pending[k].
  std::vector<std::size_t> pending;
  for (std::size_t i = 0; i < n; ++i) {
    if (done[i] == 0) pending.push_back(i);
  }
  const auto ranks = static_cast<std::size_t>(shared() ? g_size : 1);
  const auto me = static_cast<std::size_t>(shared() ? g_rank : 0);
  std::vector<std::size_t> mine;
  for (std::size_t k = me; k < pending.size(); k += ranks) mine.push_back(pending[k]);

  progress.start(task, mine.size());
  std::vector<std::string> results(mine.size());
  auto run_mine = [&] {
    parallel_for(
        mine.size(),
        [&](std::size_t k) {
          results[k] = compute(mine[k], progress);
          if (resume != nullptr && resume->save) resume->save(mine[k], results[k]);
        },
        threads);
    progress.finish();
  };
  // Every unit in order on rank 0: those resumed, and rank r's k-th in pending[r + k·ranks].
  std::vector<std::string> all(n);
  auto put_resumed = [&] {
    if (resume == nullptr) return;
    for (auto& [unit, bytes] : resume->done) {
      if (unit < n) all[unit] = std::move(bytes);
    }
  };
  if (!shared()) {
    run_mine();  // one rank: its errors as they are (a cancellation stays a cancellation)
    put_resumed();
    for (std::size_t k = 0; k < mine.size(); ++k) all[mine[k]] = std::move(results[k]);
    return all;
  }
#ifdef SOFTPOWER_HAVE_MPI
  std::string error;
  try {
    run_mine();
  } catch (const std::exception& e) {
    error = e.what();
  }
  if (const std::string agreed = check_in(Exchange::gather, error); !agreed.empty()) {
    throw JobError(agreed);
  }
  std::string blob;
  for (std::string& r : results) {
    append_record(blob, r);
    std::string().swap(r);
  }
  if (g_rank != 0) {
    send_bytes(blob);
    return {};
  }
  put_resumed();
  for (std::size_t from = 0; from < ranks; ++from) {
    const std::string bytes = from == 0 ? blob : receive_bytes(static_cast<int>(from));
    std::size_t at = 0;
    for (std::size_t k = from; k < pending.size(); k += ranks) {
      std::uint64_t length = 0;
      if (bytes.size() - at < sizeof length) abort_job("a rank sent fewer units than it had");
      std::memcpy(&length, bytes.data() + at, sizeof length);
      at += sizeof length;
      if (bytes.size() - at < length) abort_job("a rank sent a unit cut short");
      all[pending[k]].assign(bytes, at, length);
      at += length;
    }
  }
  return all;
#else
  return all;
#endif
}

std::string agree(const std::string& error) {
  return check_in(Exchange::end, error);
}

}  // namespace softpower::distributed
