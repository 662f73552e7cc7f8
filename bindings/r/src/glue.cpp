// The engine for R, generically (docs/r.md): two entry points over embedded.hpp, which the
// Python package shares. It knows no operation by name: R's functions (R/operations.R) are
// generated from operations() by tools/generate.R. run() runs any operation on a worker thread
// while R's thread polls for Ctrl-C in short slices; an interrupt cancels the run's Progress,
// waits for the engine to stop at its next check and is then passed on to R.

#include <Rcpp.h>

#include <chrono>
#include <exception>
#include <future>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "softpower/core/progress.hpp"
#include "softpower/embedded.hpp"

namespace {

// R_CheckUserInterrupt jumps out of the function that calls it when the user pressed Ctrl-C;
// run under R_ToplevelExec it cannot jump past our C++ frames, and the jump shows as FALSE.
void check_interrupt(void*) { R_CheckUserInterrupt(); }

bool interrupted() { return R_ToplevelExec(check_interrupt, nullptr) == FALSE; }

}  // namespace

// Every declared operation and the groups' summaries, as JSON text.
extern "C" SEXP softpower_operations() {
  BEGIN_RCPP
  return Rcpp::wrap(softpower::embedded::operations_json());
  END_RCPP
}

// Runs the operation `name` with `values` (a named list of character vectors: parameter ->
// values as text). With keep_outputs, the files it writes come back as raw vectors. A failure
// comes back as list(error = message), which R raises with its class.
extern "C" SEXP softpower_run(SEXP name, SEXP values, SEXP keep_outputs, SEXP verbose) {
  BEGIN_RCPP
  softpower::embedded::RunRequest request;
  request.name = Rcpp::as<std::string>(name);
  const Rcpp::List list(values);
  if (list.size() > 0) {
    const Rcpp::CharacterVector params = list.names();
    for (R_xlen_t k = 0; k < list.size(); ++k) {
      request.values[Rcpp::as<std::string>(params[k])] =
          Rcpp::as<std::vector<std::string>>(list[k]);
    }
  }
  request.keep_outputs = Rcpp::as<bool>(keep_outputs);
  request.verbose = Rcpp::as<bool>(verbose);

  softpower::Progress progress;
  std::future<softpower::embedded::RunOutcome> done = std::async(
      std::launch::async, [&request, &progress] { return softpower::embedded::run(request, progress); });
  bool stopped = false;
  while (done.wait_for(std::chrono::milliseconds(stopped ? 50 : 5)) != std::future_status::ready) {
    if (!stopped && interrupted()) {
      progress.cancel();  // the engine stops at its next check; its outputs are not kept
      stopped = true;
    }
  }
  softpower::embedded::RunOutcome out;
  std::string failure;
  try {
    out = done.get();
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (stopped) throw Rcpp::internal::InterruptedException();
  // R/engine.R raises it as an error of class softpower_error.
  if (!failure.empty()) return Rcpp::List::create(Rcpp::Named("error") = failure);

  Rcpp::List files(out.files.size());
  Rcpp::CharacterVector file_names(out.files.size());
  R_xlen_t at = 0;
  for (const auto& [file, bytes] : out.files) {
    Rcpp::RawVector raw(bytes.size());
    std::copy(bytes.begin(), bytes.end(), raw.begin());
    files[at] = raw;
    file_names[at] = file;
    ++at;
  }
  files.names() = file_names;
  return Rcpp::List::create(Rcpp::Named("result") = out.result,
                            Rcpp::Named("media_type") = out.media_type,
                            Rcpp::Named("files") = files, Rcpp::Named("log") = out.log,
                            Rcpp::Named("seconds") = out.seconds);
  END_RCPP
}

extern "C" void R_init_softpower(DllInfo* dll) {
  static const R_CallMethodDef calls[] = {
      {"softpower_operations", reinterpret_cast<DL_FUNC>(&softpower_operations), 0},
      {"softpower_run", reinterpret_cast<DL_FUNC>(&softpower_run), 4},
      {nullptr, nullptr, 0}};
  R_registerRoutines(dll, nullptr, calls, nullptr, nullptr);
  R_useDynamicSymbols(dll, FALSE);
}
