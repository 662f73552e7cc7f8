#include "softpower/embedded.hpp"

#include <pthread.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <exception>
#include <mutex>
#include <optional>
#include <sstream>
#include <thread>
#include <utility>
#include <vector>

#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/operations.hpp"

namespace softpower::embedded {

std::string operations_json() {
  nlohmann::json ops = nlohmann::json::array();
  for (const Operation& op : operations().all()) ops.push_back(op.describe());
  return nlohmann::json{{"operations", ops}, {"groups", operations().groups()}}.dump();
}

RunOutcome run(const RunRequest& request, Progress& progress) {
  const Operation* op = operations().find(request.name);
  if (op == nullptr) throw Error("no operation named '" + request.name + "'");
  Args args;
  for (const auto& [param, items] : request.values) {
    for (const std::string& item : items) args.add(param, item);
  }
  std::ostringstream log;
  RunOutcome out;
  out.media_type = op->media_type;
  const auto started = std::chrono::steady_clock::now();
  Context ctx{progress, log};
  ctx.verbose = request.verbose;
  const MemoryInputs inputs(request.inputs);
  const Args checked = op->validate(std::move(args), PathSources::files_and_memory);
  std::optional<OutputCapture> capture;
  if (request.keep_outputs) capture.emplace();
  if (op->answer) {
    Answer answer = op->answer(checked, ctx);
    out.result = std::move(answer.body);
    out.media_type = answer.media_type;
  } else {
    out.result = op->run(checked, ctx).dump();
  }
  if (progress.cancelled()) throw Error("cancelled");
  if (capture) out.files = std::move(capture->files);
  const std::chrono::duration<double> took = std::chrono::steady_clock::now() - started;
  out.seconds = took.count();
  out.log = log.str();
  return out;
}

namespace {

// How long a thread waits for a short call's end, or an idle engine thread for the next call,
// by spinning before it sleeps: a sleep and a wake cost 5-10 us each here, more than a short
// call's own work, and calls from a host's loop come within this of each other.
constexpr std::chrono::microseconds kSpin{100};

// Spins until `ready()` or kSpin has passed; returns ready().
template <typename Ready>
bool spin_for(Ready ready) {
  const auto until = std::chrono::steady_clock::now() + kSpin;
  while (!ready()) {
    if (std::chrono::steady_clock::now() >= until) return false;
    std::this_thread::yield();
  }
  return true;
}

// The engine's kept threads: each waits for a call, runs it, and is idle again.
class EngineThreads {
 public:
  // One call: the work, and whether (and how) it ended. `ended` is set, and the waiter woken,
  // under `mutex`: the caller locks it once it sees `ended`, so the engine thread is done with
  // the call before the caller lets it go.
  struct Call {
    const std::function<void()>* work = nullptr;
    std::mutex mutex;
    std::condition_variable ended_cv;
    std::atomic<bool> ended{false};
    std::exception_ptr error;
  };

  // The threads of this process (a child after fork() has none of its parent's: new ones).
  static EngineThreads& of_process() {
    static std::mutex guard;
    static EngineThreads* threads = nullptr;
    static pid_t owner = 0;
    const std::lock_guard lock(guard);
    if (threads == nullptr || owner != getpid()) {
      threads = new EngineThreads;  // kept for the process's life: its threads wait on it
      owner = getpid();
    }
    return *threads;
  }

  // Runs `call` on an idle thread, or on a new one when every thread is busy.
  void start(Call& call) {
    Worker* worker = nullptr;
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        worker = idle_.back();
        idle_.pop_back();
      }
    }
    if (worker == nullptr) {
      worker = new Worker;  // kept, as its thread is
      // The new thread, and every thread the engine starts from it, inherit this mask: the
      // host's signals go to the host's threads.
      sigset_t block;
      sigset_t before;
      sigemptyset(&block);
      sigaddset(&block, SIGINT);
      sigaddset(&block, SIGTERM);
      pthread_sigmask(SIG_BLOCK, &block, &before);
      std::thread([this, worker] { serve(*worker); }).detach();
      pthread_sigmask(SIG_SETMASK, &before, nullptr);
    }
    worker->call.store(&call);
    // A worker between its look at `call` and its sleep holds the mutex: taking it here makes
    // the wake below come after the sleep began.
    { const std::lock_guard lock(worker->mutex); }
    worker->wake.notify_one();
  }

 private:
  struct Worker {
    std::mutex mutex;
    std::condition_variable wake;
    std::atomic<Call*> call{nullptr};
  };

  static Call* next(Worker& worker) {
    Call* call = nullptr;
    auto taken = [&] { return (call = worker.call.exchange(nullptr)) != nullptr; };
    if (spin_for(taken)) return call;
    std::unique_lock lock(worker.mutex);
    worker.wake.wait(lock, taken);
    return call;
  }

  void serve(Worker& worker) {
    for (;;) {
      Call* call = next(worker);
      std::exception_ptr error;
      try {
        (*call->work)();
      } catch (...) {
        error = std::current_exception();
      }
      {
        // Idle again before the caller hears of the end, so its next call finds this thread.
        const std::lock_guard idle(mutex_);
        idle_.push_back(&worker);
      }
      const std::lock_guard ended(call->mutex);
      call->error = error;
      call->ended.store(true);
      call->ended_cv.notify_one();
    }
  }

  std::mutex mutex_;
  std::vector<Worker*> idle_;
};

}  // namespace

bool run_on_engine_thread(const std::function<void()>& work, Progress& progress,
                          const std::function<bool()>& interrupted) {
  EngineThreads::Call call;
  call.work = &work;
  EngineThreads::of_process().start(call);
  auto ended = [&] { return call.ended.load(); };
  bool stopped = false;
  std::unique_lock lock(call.mutex, std::defer_lock);
  if (spin_for(ended)) {
    lock.lock();
  } else {
    lock.lock();
    while (!call.ended_cv.wait_for(lock, kInterruptSlice, ended)) {
      if (stopped) continue;  // waiting for the work to stop
      lock.unlock();
      if (interrupted()) {
        progress.cancel();
        stopped = true;
      }
      lock.lock();
    }
  }
  if (stopped) return false;
  if (call.error) std::rethrow_exception(call.error);
  return true;
}

}  // namespace softpower::embedded
