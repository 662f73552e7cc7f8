// The engine for R, generically (docs/r.md): four entry points over embedded.hpp, which the
// Python package shares. It knows no operation by name: R's functions (R/operations.R) are
// generated from operations() by tools/generate.R. run() runs any operation on one of the
// engine's kept threads while R's thread polls for Ctrl-C in short slices; an interrupt cancels
// the run's Progress, waits for the engine to stop at its next check and is then passed on to R.

#include <Rcpp.h>

#include <cmath>
#include <exception>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "softpower/core/csv_writer.hpp"
#include "softpower/core/progress.hpp"
#include "softpower/core/table.hpp"
#include "softpower/embedded.hpp"

namespace {

// JSON as R values, simplified as jsonlite::fromJSON(simplifyVector = TRUE) would: an array of
// scalars of one kind (null as NA) an atomic vector, an array of objects with the same keys and
// scalar values a data frame, an object a named list. Made here rather than by jsonlite, whose
// parse costs about ten times the whole call of a small operation.
enum class Kind { none, logical, integer, real, text, other };

Kind kind_of(const nlohmann::json& v) {
  if (v.is_null()) return Kind::none;
  if (v.is_boolean()) return Kind::logical;
  if (v.is_number_integer() || v.is_number_unsigned()) {
    const double d = v.get<double>();
    return d >= -2147483647.0 && d <= 2147483647.0 ? Kind::integer : Kind::real;
  }
  if (v.is_number()) return Kind::real;
  if (v.is_string()) return Kind::text;
  return Kind::other;
}

// The common kind of scalars (integer and real make real); other when they do not mix.
Kind common(Kind a, Kind b) {
  if (a == Kind::none) return b;
  if (b == Kind::none || a == b) return a;
  if ((a == Kind::integer && b == Kind::real) || (a == Kind::real && b == Kind::integer)) {
    return Kind::real;
  }
  return Kind::other;
}

SEXP to_r(const nlohmann::json& v);

// Values of one kind as an atomic vector.
template <typename Get>
SEXP vector_of(Kind kind, std::size_t n, Get get) {
  switch (kind) {
    case Kind::logical: {
      Rcpp::LogicalVector out(n);
      for (std::size_t k = 0; k < n; ++k) {
        const nlohmann::json& v = get(k);
        out[k] = v.is_null() ? NA_LOGICAL : static_cast<int>(v.get<bool>());
      }
      return out;
    }
    case Kind::integer: {
      Rcpp::IntegerVector out(n);
      for (std::size_t k = 0; k < n; ++k) {
        const nlohmann::json& v = get(k);
        out[k] = v.is_null() ? NA_INTEGER : v.get<int>();
      }
      return out;
    }
    case Kind::real: {
      Rcpp::NumericVector out(n);
      for (std::size_t k = 0; k < n; ++k) {
        const nlohmann::json& v = get(k);
        out[k] = v.is_null() ? NA_REAL : v.get<double>();
      }
      return out;
    }
    default: {
      Rcpp::CharacterVector out(n);
      for (std::size_t k = 0; k < n; ++k) {
        const nlohmann::json& v = get(k);
        if (v.is_null()) {
          out[k] = NA_STRING;
        } else {
          out[k] = Rcpp::String(v.get_ref<const std::string&>(), CE_UTF8);
        }
      }
      return out;
    }
  }
}

SEXP array_to_r(const nlohmann::json& a) {
  const std::size_t n = a.size();
  Kind kind = Kind::none;
  bool records = n > 0;
  for (const auto& v : a) {
    kind = common(kind, kind_of(v));
    records = records && v.is_object() && v.size() == a.front().size();
  }
  if (n == 0) return Rcpp::List(0);
  if (kind != Kind::other) {
    if (kind == Kind::none) return Rcpp::LogicalVector(n, NA_LOGICAL);
    return vector_of(kind, n, [&](std::size_t k) -> const nlohmann::json& { return a[k]; });
  }
  if (records) {
    std::vector<std::string> keys;
    for (const auto& [key, value] : a.front().items()) keys.push_back(key);
    std::vector<Kind> kinds(keys.size(), Kind::none);
    for (const auto& row : a) {
      for (std::size_t c = 0; c < keys.size() && records; ++c) {
        const auto it = row.find(keys[c]);
        if (it == row.end()) {
          records = false;
        } else {
          kinds[c] = common(kinds[c], kind_of(*it));
        }
      }
    }
    for (const Kind k : kinds) records = records && k != Kind::other;
    if (records) {
      static const nlohmann::json null_value;
      Rcpp::List frame(keys.size());
      for (std::size_t c = 0; c < keys.size(); ++c) {
        const Kind k = kinds[c] == Kind::none ? Kind::logical : kinds[c];
        frame[c] = vector_of(k, n, [&](std::size_t r) -> const nlohmann::json& {
          const auto it = a[r].find(keys[c]);
          return it == a[r].end() ? null_value : *it;
        });
      }
      frame.names() = Rcpp::wrap(keys);
      frame.attr("row.names") = Rcpp::IntegerVector::create(NA_INTEGER, -static_cast<int>(n));
      frame.attr("class") = "data.frame";
      return frame;
    }
  }
  Rcpp::List out(n);
  for (std::size_t k = 0; k < n; ++k) out[k] = to_r(a[k]);
  return out;
}

SEXP to_r(const nlohmann::json& v) {
  if (v.is_array()) return array_to_r(v);
  if (v.is_object()) {
    Rcpp::List out(v.size());
    Rcpp::CharacterVector names(v.size());
    R_xlen_t k = 0;
    for (const auto& [key, value] : v.items()) {
      out[k] = to_r(value);
      names[k] = Rcpp::String(key, CE_UTF8);
      ++k;
    }
    out.names() = names;
    return out;
  }
  const Kind kind = kind_of(v);
  if (kind == Kind::none) return R_NilValue;
  return vector_of(kind, 1, [&](std::size_t) -> const nlohmann::json& { return v; });
}

// A CSV output as a data frame: every cell read as written, only an empty cell missing (so
// Namibia's "NA" stays a code); a column of whole numbers within R's integers is integer, one
// of numbers double, any other text.
SEXP csv_to_frame(const std::string& text, const std::string& name) {
  const softpower::Table t =
      softpower::parse_csv(text, softpower::CsvOptions{.delimiter = ','}, name);
  const std::size_t n = t.size();
  Rcpp::List frame(t.header.size());
  for (std::size_t c = 0; c < t.header.size(); ++c) {
    bool numbers = true;
    bool integers = true;
    std::vector<double> values(n, NA_REAL);
    for (std::size_t r = 0; r < n && numbers; ++r) {
      const std::string& cell = t.cell(r, c);
      if (cell.empty()) continue;
      double value = 0;
      if (softpower::parse_double(cell, value) != softpower::NumberText::number || cell == "nan" ||
          cell == "inf" || cell == "-inf") {
        numbers = false;
        break;
      }
      values[r] = value;
      integers = integers && value == std::floor(value) && std::fabs(value) <= 2147483647.0 &&
                 cell.find_first_of(".eE") == std::string::npos;
    }
    if (numbers && integers) {
      Rcpp::IntegerVector column(n);
      for (std::size_t r = 0; r < n; ++r) {
        column[r] = std::isnan(values[r]) ? NA_INTEGER : static_cast<int>(values[r]);
      }
      frame[c] = column;
    } else if (numbers) {
      frame[c] = Rcpp::NumericVector(values.begin(), values.end());
    } else {
      Rcpp::CharacterVector column(n);
      for (std::size_t r = 0; r < n; ++r) {
        const std::string& cell = t.cell(r, c);
        column[r] = cell.empty() ? Rcpp::String(NA_STRING) : Rcpp::String(cell, CE_UTF8);
      }
      frame[c] = column;
    }
  }
  Rcpp::CharacterVector names(t.header.size());
  for (std::size_t c = 0; c < t.header.size(); ++c) names[c] = Rcpp::String(t.header[c], CE_UTF8);
  frame.names() = names;
  frame.attr("row.names") = Rcpp::IntegerVector::create(NA_INTEGER, -static_cast<int>(n));
  frame.attr("class") = "data.frame";
  return frame;
}

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

// An output file as R reads it: a CSV table a data frame, JSON as above, anything else text.
SEXP output_to_r(const std::string& name, const std::string& bytes) {
  if (ends_with(name, ".csv")) return csv_to_frame(bytes, name);
  if (ends_with(name, ".json")) return to_r(nlohmann::json::parse(bytes));
  return Rcpp::wrap(bytes);
}

// R_CheckUserInterrupt jumps out of the function that calls it when the user pressed Ctrl-C;
// run under R_ToplevelExec it cannot jump past our C++ frames, and the jump shows as FALSE.
void check_interrupt(void*) {
  R_CheckUserInterrupt();
}

bool interrupted() {
  return R_ToplevelExec(check_interrupt, nullptr) == FALSE;
}

}  // namespace

// Every declared operation and the groups' summaries, as JSON text.
extern "C" SEXP softpower_operations() {
  BEGIN_RCPP
  return Rcpp::wrap(softpower::embedded::operations_json());
  END_RCPP
}

// A file's bytes as R reads it (results read from an output folder, R/results.R).
extern "C" SEXP softpower_read_output(SEXP name, SEXP bytes) {
  BEGIN_RCPP
  const Rcpp::RawVector raw(bytes);
  return output_to_r(Rcpp::as<std::string>(name), std::string(raw.begin(), raw.end()));
  END_RCPP
}

// Runs the operation `name` with `values` (a named list of character vectors: parameter ->
// values as text). With keep_outputs, the files it writes come back as raw vectors (files) and
// as R values (outputs: CSV tables as data frames, JSON as lists, text); the JSON result as an
// R value too (value). A failure
// comes back as list(error = message), which R raises with its class.
extern "C" SEXP softpower_run(SEXP name, SEXP values, SEXP keep_outputs, SEXP verbose,
                              SEXP inputs) {
  BEGIN_RCPP
  softpower::embedded::RunRequest request;
  request.name = Rcpp::as<std::string>(name);
  // The tables R holds, as their files' bytes (raw vectors, R/inputs.R): read in place, since
  // the arguments of a .Call stay alive until it returns.
  const Rcpp::List tables(inputs);
  if (tables.size() > 0) {
    const Rcpp::CharacterVector table_names = tables.names();
    for (R_xlen_t k = 0; k < tables.size(); ++k) {
      const SEXP bytes = tables[k];
      request.inputs[Rcpp::as<std::string>(table_names[k])] = std::string_view(
          reinterpret_cast<const char*>(RAW(bytes)), static_cast<std::size_t>(XLENGTH(bytes)));
    }
  }
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
  softpower::embedded::RunOutcome out;
  std::string failure;
  bool stopped = false;  // by an interrupt
  try {
    stopped = !softpower::embedded::run_on_engine_thread(
        [&] { out = softpower::embedded::run(request, progress); }, progress, interrupted);
  } catch (const std::exception& e) {
    failure = e.what();
  }
  if (stopped) throw Rcpp::internal::InterruptedException();
  // R/engine.R raises it as an error of class softpower_error.
  if (!failure.empty()) return Rcpp::List::create(Rcpp::Named("error") = failure);

  Rcpp::List files(out.files.size());
  Rcpp::List outputs(out.files.size());
  Rcpp::CharacterVector file_names(out.files.size());
  R_xlen_t at = 0;
  for (const auto& [file, bytes] : out.files) {
    Rcpp::RawVector raw(bytes.size());
    std::copy(bytes.begin(), bytes.end(), raw.begin());
    files[at] = raw;
    outputs[at] = output_to_r(file, bytes);
    file_names[at] = file;
    ++at;
  }
  files.names() = file_names;
  outputs.names() = file_names;
  const bool json = out.media_type == "application/json";
  return Rcpp::List::create(Rcpp::Named("result") = out.result,
                            Rcpp::Named("value") = json ? to_r(nlohmann::json::parse(out.result))
                                                        : Rcpp::wrap(out.result),
                            Rcpp::Named("outputs") = outputs,
                            Rcpp::Named("media_type") = out.media_type,
                            Rcpp::Named("files") = files, Rcpp::Named("log") = out.log,
                            Rcpp::Named("seconds") = out.seconds);
  END_RCPP
}

// A data frame as the bytes of a CSV file, by the engine's one CSV writer (core/csv_writer.hpp):
// numbers in the shortest text that reads back as the same double, NA as an empty field,
// factors as their labels, logicals as TRUE and FALSE. Dates come as text (R/inputs.R).
extern "C" SEXP softpower_frame_csv(SEXP frame) {
  BEGIN_RCPP
  const Rcpp::List columns(frame);
  const auto width = columns.size();
  std::vector<std::string> header;
  if (width > 0) header = Rcpp::as<std::vector<std::string>>(columns.names());
  std::vector<SEXP> levels(static_cast<std::size_t>(width), R_NilValue);
  for (R_xlen_t c = 0; c < width; ++c) {
    const SEXP column = columns[c];
    if (Rf_isFactor(column))
      levels[static_cast<std::size_t>(c)] = Rf_getAttrib(column, R_LevelsSymbol);
    const int type = TYPEOF(column);
    if (type != REALSXP && type != INTSXP && type != LGLSXP && type != STRSXP) {
      Rcpp::stop("column '" + header[static_cast<std::size_t>(c)] +
                 "': a table's columns must be numbers, text, factors or logicals");
    }
  }
  const R_xlen_t rows = width > 0 ? XLENGTH(columns[0]) : 0;
  std::string text;
  softpower::CsvWriter writer(text, header);
  for (R_xlen_t r = 0; r < rows; ++r) {
    for (R_xlen_t c = 0; c < width; ++c) {
      const SEXP column = columns[c];
      switch (TYPEOF(column)) {
        case REALSXP:
          writer.cell(REAL(column)[r]);  // NA and NaN: the empty field
          break;
        case INTSXP: {
          const int v = INTEGER(column)[r];
          const SEXP labels = levels[static_cast<std::size_t>(c)];
          if (v == NA_INTEGER) {
            writer.cell(std::string_view());
          } else if (labels != R_NilValue) {
            writer.cell(std::string_view(CHAR(STRING_ELT(labels, v - 1))));
          } else {
            writer.cell(v);
          }
          break;
        }
        case LGLSXP: {
          const int v = LOGICAL(column)[r];
          writer.cell(v == NA_LOGICAL ? std::string_view() : v ? "TRUE" : "FALSE");
          break;
        }
        default: {
          const SEXP v = STRING_ELT(column, r);
          writer.cell(v == NA_STRING ? std::string_view() : std::string_view(CHAR(v)));
        }
      }
    }
    writer.end_row();
  }
  Rcpp::RawVector out(text.size());
  std::copy(text.begin(), text.end(), out.begin());
  return out;
  END_RCPP
}

extern "C" void R_init_softpower(DllInfo* dll) {
  static const R_CallMethodDef calls[] = {
      {"softpower_operations", reinterpret_cast<DL_FUNC>(&softpower_operations), 0},
      {"softpower_run", reinterpret_cast<DL_FUNC>(&softpower_run), 5},
      {"softpower_frame_csv", reinterpret_cast<DL_FUNC>(&softpower_frame_csv), 1},
      {"softpower_read_output", reinterpret_cast<DL_FUNC>(&softpower_read_output), 2},
      {nullptr, nullptr, 0}};
  R_registerRoutines(dll, nullptr, calls, nullptr, nullptr);
  R_useDynamicSymbols(dll, FALSE);
}
