#pragma once
// Output folders: the one way softpower writes files for a user (docs/outputs.md). Every
// operation that writes (`index build`, `alignment agreement`, `perception generate`,
// `simulate`, the fetch cache, ...) goes through an OutputFolder; no writer makes folders or
// renames files on its own.
//
// The rule: softpower never deletes or replaces anything it did not make. It keeps, in each
// folder it writes into, a list of the files it wrote there (`.softpower-outputs`, with each
// file's size and modification time). A folder may be written into when it is new, when
// softpower made it, or when none of the files softpower would write is already there (so
// `--out .` puts the outputs beside the user's own files). A file in the way that softpower
// did not write, or that was changed since it wrote it, is never replaced: the run stops
// before anything is written, with an error naming the file. A path that is a file, a device,
// a pipe or a symbolic link to one of them is refused.
//
// Nothing is lost when a run is killed at any point:
// - a new folder is staged in a hidden sibling (`.<name>.partial<pid>`) and appears with one
//   rename, whole or not at all;
// - a folder holding nothing but an earlier output of softpower is staged beside it and the
//   two are exchanged in one atomic step (renameat2 RENAME_EXCHANGE), then the old one removed;
// - in a folder that also holds the user's files, each file is staged inside it
//   (`.softpower.partial<pid>`) and replaced by its own rename, so each file is the old or the
//   new one, never half of either;
// - files of an earlier output that this run does not write again are removed only when the
//   list names them and they are unchanged.
// Staging folders of runs that were killed are removed by the next run that writes there, but
// only when their list says softpower made them and the process that made them is gone.

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/core/operation.hpp"
#include "softpower/core/process.hpp"

namespace softpower {

/// The list of files softpower wrote, kept in each folder it writes into.
inline constexpr std::string_view kOutputList = ".softpower-outputs";

/// The list softpower keeps in a folder it writes into: one record a line.
///   softpower-outputs 1                first line
///   by HOST BOOT PID START             the process that wrote the list (ProcessIdentity)
///   staging                            the folder is a staging folder
///   folder NAME                        a folder softpower made
///   file SIZE MTIME_NS NAME            a file softpower wrote, as it left it
/// NAME is a relative path with '/' between folders. A name may have several file records
/// (each a version softpower wrote). A last line without its line break (a write cut short)
/// and records of unknown kinds are skipped.
struct OutputList {
  struct File {
    std::string name;
    std::uint64_t size = 0;
    std::int64_t mtime_ns = 0;
    bool operator==(const File&) const = default;
  };
  std::optional<ProcessIdentity> by;
  bool staging = false;
  std::vector<std::string> folders;
  std::vector<File> files;

  std::string text() const;
  /// Throws Error at `source`:line when `text` is not such a list or names a path outside
  /// its folder.
  static OutputList parse(std::string_view text, const std::string& source);
  bool has_folder(std::string_view name) const;
};

/// Throws Error unless `name` is a relative path that stays inside its folder: no empty, "."
/// or ".." part, no control character, no part longer than 255 bytes, not softpower's own
/// list or staging folder.
void check_output_name(std::string_view name);

class OutputFolder {
 public:
  enum class Kind {
    /// The folder holds one operation's outputs: files of an earlier output listed there that
    /// this run does not write are removed (when unchanged), and a folder holding nothing but
    /// softpower's outputs is replaced whole.
    outputs,
    /// Files added one by one to a folder that may hold anything (a single output file):
    /// nothing else there is touched.
    files,
    /// A download cache: as `files`, but a file softpower wrote may be replaced even when it
    /// changed since (its digest says it is damaged).
    cache,
  };

  /// Prepares writing `names` (relative paths; more may be added with file()) into the folder
  /// `path`. Made before the work starts, it stops a run that could not keep its outputs. Checks
  /// everything first and throws Error naming the path when it is a file, a device, a pipe, a
  /// socket, a symbolic link to one of them or to nothing, when a part of it is not a folder, when
  /// it cannot be looked into, or when one of `names` is in the way there and softpower did not
  /// write it. Nothing is created until file() or write(); staging folders of killed runs are
  /// removed.
  OutputFolder(const std::filesystem::path& path, const std::vector<std::string>& names,
               Kind kind = Kind::outputs);
  /// A single output file: its folder as Kind::files (or Kind::cache) with the file's name.
  static OutputFolder for_file(const std::filesystem::path& file, Kind kind = Kind::files);
  /// Without commit(): everything this made is removed (the staging folder, folders made for
  /// the output); nothing else is touched.
  ~OutputFolder();
  OutputFolder(OutputFolder&&) noexcept;
  OutputFolder& operator=(OutputFolder&&) noexcept;
  OutputFolder(const OutputFolder&) = delete;
  OutputFolder& operator=(const OutputFolder&) = delete;

  /// Where to write `name`: a new path in the staging folder, whose folder exists. Names not
  /// given at first (known only once the work is done) are checked as the constructor checks
  /// them.
  std::filesystem::path file(std::string_view name);
  /// Writes `content` as `name`; throws Error naming the output file when it cannot. file()
  /// and write() may be called from several threads at once (each with its own names).
  void write(std::string_view name, std::string_view content);
  /// Drops a staged file (a download that failed).
  void discard(std::string_view name);
  /// Removes the file `name` from the folder when softpower wrote it (a damaged copy in a
  /// cache); false when it is absent or not softpower's to remove.
  bool remove(std::string_view name);
  /// Kind::files and Kind::cache: makes the folder now and keeps it, even when no file is put
  /// in it (a cache folder).
  void make();
  /// Kind::files and Kind::cache: puts the staged `name` in place now.
  void commit(std::string_view name);
  /// Puts every staged file in place (Kind::outputs: the whole output, as the header says),
  /// after checking again that nothing came in the way meanwhile.
  void commit();

  /// The folder as given, without a trailing separator ("." for "./").
  const std::string& display() const;
  /// The final path of `name`.
  std::filesystem::path final_path(std::string_view name) const;
  /// Whether the file `name` in the folder may be replaced: absent, or written by softpower
  /// and (unless Kind::cache) unchanged since.
  bool may_replace(std::string_view name) const;

  struct Impl;

 private:
  /// Adds `name` to the outputs unless it is there (checked as the constructor checks them).
  void declare(std::string_view name);
  std::unique_ptr<Impl> impl_;
};

/// The outputs of the operations run on this thread while it lives, kept in memory rather than
/// written (the Python package's results without files, bindings/python). Every OutputFolder of
/// Kind::outputs made on this thread meanwhile checks its names as usual but never looks at or
/// writes its path: write() keeps the bytes, file() gives a path in a private temporary folder
/// (for writers that stream a large file) whose files are read in by commit(), and commit()
/// puts them in `files`; the temporary folder is removed at commit() or destruction. Single
/// output files (Kind::files) and caches are written as usual. Captures nest (the innermost
/// gets the files). A captured folder's display() is kInMemory, so messages say where the
/// files went.
inline constexpr std::string_view kInMemory = "(in memory)";
class OutputCapture {
 public:
  OutputCapture();
  ~OutputCapture();
  OutputCapture(const OutputCapture&) = delete;
  OutputCapture& operator=(const OutputCapture&) = delete;

  /// The capture in force on this thread, or nullptr.
  static OutputCapture* current();

  /// The files committed so far: name (relative path with '/') -> bytes.
  std::map<std::string, std::string> files;

 private:
  OutputCapture* outer_;
};

/// Writes `files` (name -> content) into the output folder `path` (Kind::outputs), all or
/// nothing.
void write_output_folder(const std::filesystem::path& path,
                         const std::map<std::string, std::string>& files);

/// Whether `path` names softpower's own list or one of its staging folders (listings of an
/// output folder leave them out).
bool is_output_bookkeeping(const std::filesystem::path& path);

/// The --out parameter of an operation that writes a folder of outputs; its help points to
/// docs/outputs.md.
Param output_folder_param(const std::string& default_help, const std::string& default_value = "",
                          bool required = false);

}  // namespace softpower
