// softpower._softpower: the engine for Python, generically. It knows no operation by name:
// Python's layer (softpower/_generate.py) builds one function per declared operation from
// operations(), and run() runs any of them with its arguments as text, as the command line does,
// through embedded.hpp (shared with the R package). Outputs are kept in memory unless the caller
// gives an output folder. The one thing bound directly is the fast path of the index's weights
// (index/reweight.hpp), for interactive work (docs/python.md).

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/data_dir.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"
#include "softpower/core/operation.hpp"
#include "softpower/core/output_folder.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/core/table.hpp"
#include "softpower/embedded.hpp"
#include "softpower/index/pipeline.hpp"
#include "softpower/index/reweight.hpp"
#include "softpower/index/spec.hpp"
#include "softpower/ops/index.hpp"

namespace py = pybind11;

namespace {

// What one run gives back to Python: ops/embedded's outcome with the files as bytes.
struct RunOutcome {
  std::string result;
  std::string media_type;
  std::map<std::string, py::bytes> files;
  std::string log;
  double seconds = 0;  ///< the engine's own time: checking the arguments and running
};

// The bytes objects of `inputs` (name -> bytes) as views: not copied, they live while the
// caller's dict does, and bytes are immutable.
std::map<std::string, std::string_view> input_views(const py::dict& inputs) {
  std::map<std::string, std::string_view> views;
  for (const auto& [name, value] : inputs) {
    if (!py::isinstance<py::bytes>(value))
      throw py::type_error("inputs: the value of '" + py::str(name).cast<std::string>() +
                           "' is not bytes");
    char* data = nullptr;
    Py_ssize_t size = 0;
    PyBytes_AsStringAndSize(value.ptr(), &data, &size);
    views.emplace(py::str(name).cast<std::string>(),
                  std::string_view(data, static_cast<std::size_t>(size)));
  }
  return views;
}

// Runs `work` on one of the engine's threads while this thread, without the interpreter's lock,
// waits and looks for signals (PyErr_CheckSignals: Ctrl-C is KeyboardInterrupt in the main
// thread). On one, the work is cancelled and waited for, and the signal's exception raised;
// otherwise the work's own exception, if any (embedded::run_on_engine_thread). Called holding
// the interpreter's lock.
void run_interruptibly(const std::function<void()>& work, softpower::Progress& progress) {
  PyObject* type = nullptr;
  PyObject* value = nullptr;
  PyObject* trace = nullptr;
  bool ended = false;
  {
    py::gil_scoped_release unlocked;
    ended = softpower::embedded::run_on_engine_thread(work, progress, [&] {
      const py::gil_scoped_acquire locked;
      if (PyErr_CheckSignals() == 0) return false;
      PyErr_Fetch(&type, &value, &trace);
      return true;
    });
  }
  if (!ended) {
    PyErr_Restore(type, value, trace);
    throw py::error_already_set();
  }
}

RunOutcome run_operation(const std::string& name,
                         const std::map<std::string, std::vector<std::string>>& values,
                         bool keep_outputs, bool verbose, const py::dict& inputs) {
  softpower::embedded::RunRequest request{name, values, keep_outputs, verbose, input_views(inputs)};
  softpower::embedded::RunOutcome done;
  // The engine runs without the interpreter's lock: other Python threads go on meanwhile, and
  // Ctrl-C cancels it.
  softpower::Progress progress;
  run_interruptibly([&] { done = softpower::embedded::run(request, progress); }, progress);
  RunOutcome out{
      std::move(done.result), std::move(done.media_type), {}, std::move(done.log), done.seconds};
  for (auto& [file, bytes] : done.files) out.files.emplace(file, py::bytes(bytes));
  return out;
}

// An index built once, reweighted at will: the spec's data read and its pipeline run, then each
// reweight() only aggregates again (index/reweight.hpp).
class IndexSession {
 public:
  IndexSession(const std::string& spec_path, const std::optional<std::string>& data) {
    std::ostringstream log;
    softpower::Progress progress;
    softpower::Context ctx{progress, log};
    // On an engine thread, so that Ctrl-C stops the data's reading.
    run_interruptibly(
        [&] {
          spec_ = softpower::index::parse_spec(softpower::read_file(spec_path), spec_path);
          const auto loaded =
              softpower::index::load_data(spec_, softpower::resolve_data_dir(data), ctx);
          if (progress.cancelled()) return;
          pipeline_ = std::make_unique<softpower::index::Pipeline>(spec_);
          input_ = softpower::index::assemble_input(spec_, loaded.datasets, loaded.groups);
          result_ = pipeline_->run(input_);
          reweighter_ = std::make_unique<softpower::index::Reweighter>(*pipeline_, year());
        },
        progress);
    log_ = log.str();
  }

  const softpower::index::YearResult& year() const { return result_.years.back(); }

  // Every unit's rank and score under `weights` (code -> weight; others keep the spec's), best
  // first, with its rank under the spec's weights; `unit` indexes units().
  py::dict reweight(const std::map<std::string, double>& weights) const {
    const softpower::index::Ranking ranking = reweighter_->rank(reweighter_->weights(weights));
    const int root = pipeline_->framework().root();
    const std::size_t n = ranking.order.size();
    py::array_t<std::int64_t> units(static_cast<py::ssize_t>(n));
    auto un = units.mutable_unchecked<1>();
    py::array_t<double> rank(static_cast<py::ssize_t>(n));
    py::array_t<double> score(static_cast<py::ssize_t>(n));
    py::array_t<double> nominal(static_cast<py::ssize_t>(n));
    auto rk = rank.mutable_unchecked<1>();
    auto sc = score.mutable_unchecked<1>();
    auto no = nominal.mutable_unchecked<1>();
    for (std::size_t k = 0; k < n; ++k) {
      const auto r = static_cast<std::size_t>(ranking.order[k]);
      const auto row = static_cast<Eigen::Index>(r);
      const auto at = static_cast<py::ssize_t>(k);
      un(at) = ranking.rows[r];
      rk(at) = ranking.ranks[r];
      sc(at) = ranking.scores(row, root);
      no(at) = year().ranks(row, root);
    }
    py::dict out;
    out["unit"] = units;
    out["rank"] = rank;
    out["score"] = score;
    out["nominal_rank"] = nominal;
    return out;
  }

  // The framework's nodes: code, level and weight as the spec gives them.
  py::dict nodes() const {
    py::list codes, levels, weights;
    const auto& nodes = pipeline_->framework().nodes();
    for (std::size_t k = 0; k < nodes.size(); ++k) {
      codes.append(nodes[k].code);
      levels.append(nodes[k].level);
      weights.append(year().weights[k]);
    }
    py::dict out;
    out["code"] = codes;
    out["level"] = levels;
    out["weight"] = weights;
    return out;
  }

  // The units' codes (IndexInput::units), which reweight()'s `unit` indexes.
  const std::vector<std::string>& units() const { return input_.units; }
  const std::string& name() const { return spec_.name; }
  const std::string& log() const { return log_; }

 private:
  softpower::index::Spec spec_;
  std::unique_ptr<softpower::index::Pipeline> pipeline_;
  softpower::index::IndexInput input_;
  softpower::index::IndexResult result_;
  std::unique_ptr<softpower::index::Reweighter> reweighter_;
  std::string log_;
};

}  // namespace

PYBIND11_MODULE(_softpower, m) {
  m.doc() = "The softpower engine's operation registry (use the package softpower, not this)";
  // softpower::Error (and Unavailable) as softpower._softpower.Error, which softpower.Error wraps.
  py::register_exception<softpower::Error>(m, "Error", PyExc_ValueError);
  m.attr("version") = SOFTPOWER_VERSION;
  m.attr("in_memory") = std::string(softpower::kInMemory);
  m.attr("memory_path_prefix") = std::string(softpower::kMemoryPathPrefix);
  m.def("operations", &softpower::embedded::operations_json,
        "Every declared operation and the groups' summaries, as JSON text");
  py::class_<RunOutcome>(m, "RunOutcome")
      .def_readonly("result", &RunOutcome::result)
      .def_readonly("media_type", &RunOutcome::media_type)
      .def_readonly("files", &RunOutcome::files)
      .def_readonly("log", &RunOutcome::log)
      .def_readonly("seconds", &RunOutcome::seconds);
  m.def("run", &run_operation, py::arg("name"), py::arg("args"), py::arg("keep_outputs"),
        py::arg("verbose") = false, py::arg("inputs") = py::dict(),
        "Runs the operation `name` with its arguments as text (parameter -> values); with "
        "keep_outputs, the files it would write are returned in memory instead; `inputs` "
        "(name -> bytes) are files the arguments name as memory:NAME");
  py::class_<IndexSession>(m, "IndexSession")
      .def(py::init<const std::string&, const std::optional<std::string>&>(), py::arg("spec"),
           py::arg("data") = py::none())
      .def("reweight", &IndexSession::reweight, py::arg("weights"))
      .def("nodes", &IndexSession::nodes)
      .def("units", &IndexSession::units)
      .def_property_readonly("name", &IndexSession::name)
      .def_property_readonly("year", [](const IndexSession& s) { return s.year().year; })
      .def_property_readonly("log", &IndexSession::log);
}
