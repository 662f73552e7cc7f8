#pragma once
// Inputs held in memory rather than in files: a host language's package (bindings/python,
// bindings/r through embedded.hpp) hands a table it holds to the engine's readers as bytes,
// without writing a file. Each input has a name; a reader reaches it through the reserved path
// "memory:NAME", which every reader that gets its bytes through open_input_text (CsvStream),
// read_file or read_csv opens as it opens a file (plain or gzip, the same limits and errors).
// A name with '/' puts the input in a folder: the inputs "votes/un_votes.csv" and
// "votes/un_roll_calls.csv" make "memory:votes" a folder holding two files.
//
// The inputs are those of the run on the current thread: MemoryInputs makes them reachable on
// the thread that made it, while it lives, and nowhere else, so one run never reads another's.
// Only an embedding may name them: Operation::validate refuses a memory path from the command
// line and the HTTP API (PathSources::files), so a server's request cannot name one at all.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "softpower/core/byte_stream.hpp"

namespace softpower {

/// The reserved prefix of a path naming an in-memory input: "memory:votes/un_votes.csv".
inline constexpr std::string_view kMemoryPathPrefix = "memory:";

/// Whether `path` has the reserved form "memory:NAME" (whether or not such an input exists).
bool is_memory_path(std::string_view path);
bool is_memory_path(const std::filesystem::path& path);

/// The in-memory inputs of the run on this thread, while this object lives: name -> bytes,
/// reached as "memory:NAME". The bytes are not copied (they must outlive this object). Scopes
/// nest: the innermost is in force. Throws Error for a name that is empty, absolute, has an
/// empty, "." or ".." part, or is the folder of another input.
class MemoryInputs {
 public:
  explicit MemoryInputs(const std::map<std::string, std::string_view>& inputs);
  ~MemoryInputs();
  MemoryInputs(const MemoryInputs&) = delete;
  MemoryInputs& operator=(const MemoryInputs&) = delete;

  /// The inputs in force on this thread, or nullptr.
  static const MemoryInputs* current();

  /// The bytes of the input `name`, or nullptr.
  const std::string_view* file(std::string_view name) const;
  /// Whether `name` is the folder of some input ("votes" for "votes/un_votes.csv").
  bool is_folder(std::string_view name) const;
  /// The names, in order ("none" for none).
  std::string names() const;

 private:
  std::map<std::string, std::string_view, std::less<>> files_;
  const MemoryInputs* outer_;
};

/// What a path names among the in-memory inputs of this thread.
enum class MemoryEntry { none, file, folder };
/// `none` for a path not of the reserved form too.
MemoryEntry memory_entry(const std::filesystem::path& path);

/// The bytes of the in-memory input `path` (a memory path). Throws Error naming it when the
/// run on this thread has no such input, or when it is a folder.
std::string_view memory_input(const std::filesystem::path& path);

/// The text of `path` read front to back: an in-memory input's bytes (gzip data inflated up to
/// `limit`, as open_text does) for a memory path, else open_text(path, limit). Every reader of
/// a CSV or text input opens it through this (or read_file), so a table given in memory reads
/// as one given in a file.
std::unique_ptr<ByteStream> open_input_text(const std::filesystem::path& path,
                                            SizeLimit limit = {});

/// Whether `path` exists: a file or folder on disk, or an in-memory input or folder.
bool input_exists(const std::filesystem::path& path);
/// Whether `path` is a folder on disk or a folder of in-memory inputs.
bool is_input_folder(const std::filesystem::path& path);

}  // namespace softpower
