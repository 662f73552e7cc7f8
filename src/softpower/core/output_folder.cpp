#include "softpower/core/output_folder.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>  // renameat2
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <mutex>
#include <set>
#include <system_error>

#include "softpower/core/error.hpp"

namespace softpower {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kHeader = "softpower-outputs 1";
constexpr std::string_view kInnerStaging = ".softpower.partial";
constexpr std::string_view kDocs = "docs/outputs.md";
// A new list is written under this name, then renamed over the list.
constexpr std::string_view kNextList = ".softpower-outputs.next";
constexpr std::size_t kMaxName = 255;
constexpr std::size_t kMaxPath = 4096;
// How much of a folder's name goes into its staging sibling's name (which must stay a name).
constexpr std::size_t kStagingStem = 200;
constexpr std::uint64_t kMaxListBytes = std::uint64_t{256} << 20;

std::string message_of(int error) {
  return std::error_code(error, std::generic_category()).message();
}

// ---- files, folders and their kinds

struct Status {
  int error = 0;  ///< errno of lstat/stat; 0 = found
  struct stat st {};
  bool found() const { return error == 0; }
  bool is_dir() const { return found() && S_ISDIR(st.st_mode); }
  bool is_file() const { return found() && S_ISREG(st.st_mode); }
  bool is_link() const { return found() && S_ISLNK(st.st_mode); }
};

Status lstat_of(const fs::path& path) {
  Status s;
  if (::lstat(path.c_str(), &s.st) != 0) s.error = errno;
  return s;
}

Status stat_of(const fs::path& path) {
  Status s;
  if (::stat(path.c_str(), &s.st) != 0) s.error = errno;
  return s;
}

std::string kind_words(mode_t mode) {
  if (S_ISREG(mode)) return "a file";
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  if (S_ISFIFO(mode)) return "a pipe";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISLNK(mode)) return "a symbolic link";
  return "not a file";
}

std::int64_t mtime_ns(const struct stat& st) {
  return static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 +
         static_cast<std::int64_t>(st.st_mtim.tv_nsec);
}

OutputList::File entry_of(const std::string& name, const struct stat& st) {
  return {name, static_cast<std::uint64_t>(st.st_size), mtime_ns(st)};
}

bool matches(const OutputList::File& f, const struct stat& st) {
  return S_ISREG(st.st_mode) && f.size == static_cast<std::uint64_t>(st.st_size) &&
         f.mtime_ns == mtime_ns(st);
}

std::vector<std::string> split_name(std::string_view name) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at <= name.size()) {
    const std::size_t end = std::min(name.find('/', at), name.size());
    parts.emplace_back(name.substr(at, end - at));
    at = end + 1;
  }
  return parts;
}

// "a/b/c.csv" -> {"a", "a/b"}
std::vector<std::string> parent_names(std::string_view name) {
  std::vector<std::string> out;
  for (std::size_t at = name.find('/'); at != std::string_view::npos; at = name.find('/', at + 1)) {
    out.emplace_back(name.substr(0, at));
  }
  return out;
}

std::size_t depth_of(const std::string& name) {
  return static_cast<std::size_t>(std::count(name.begin(), name.end(), '/'));
}

bool is_within(const fs::path& path, const fs::path& root) {
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty()) break;  // a trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

// An open folder descriptor, closed on scope exit.
struct Fd {
  int fd = -1;
  Fd() = default;
  explicit Fd(int f) : fd(f) {}
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  Fd(Fd&& o) noexcept : fd(o.fd) { o.fd = -1; }
  Fd& operator=(Fd&& o) noexcept {
    std::swap(fd, o.fd);
    return *this;
  }
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
};

// The folder holding `name` inside `root`, reached without following any symbolic link inside
// `root` (a list could otherwise lead a removal out of the folder); -1 when a part is missing
// or not a real folder. `last` gets the name's last part.
Fd open_parent_inside(const fs::path& root, std::string_view name, std::string& last) {
  Fd dir(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (dir.fd < 0) return dir;
  std::vector<std::string> parts = split_name(name);
  last = parts.back();
  parts.pop_back();
  for (const std::string& part : parts) {
    Fd next(::openat(dir.fd, part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (next.fd < 0) return next;
    dir = std::move(next);
  }
  return dir;
}

// Removes the file `name` inside `root` when it is a regular file and, given `versions`, one
// of them describes it as it is now.
void remove_file_inside(const fs::path& root, std::string_view name,
                        const std::vector<OutputList::File>* versions) {
  std::string last;
  const Fd dir = open_parent_inside(root, name, last);
  if (dir.fd < 0) return;
  struct stat st {};
  if (::fstatat(dir.fd, last.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISREG(st.st_mode)) {
    return;
  }
  if (versions != nullptr &&
      std::none_of(versions->begin(), versions->end(),
                   [&](const OutputList::File& f) { return matches(f, st); })) {
    return;
  }
  ::unlinkat(dir.fd, last.c_str(), 0);
}

// Removes the folder `name` inside `root` when it is empty.
void remove_folder_inside(const fs::path& root, std::string_view name) {
  std::string last;
  const Fd dir = open_parent_inside(root, name, last);
  if (dir.fd >= 0) ::unlinkat(dir.fd, last.c_str(), AT_REMOVEDIR);
}

// ---- the list

std::optional<std::string> read_list_text(const fs::path& path, int& error) {
  error = 0;
  Fd fd(::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
  if (fd.fd < 0) {
    error = errno;
    return std::nullopt;
  }
  struct stat st {};
  if (::fstat(fd.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    error = EINVAL;
    return std::nullopt;
  }
  if (static_cast<std::uint64_t>(st.st_size) > kMaxListBytes) {
    error = EFBIG;
    return std::nullopt;
  }
  std::string text(static_cast<std::size_t>(st.st_size), '\0');
  std::size_t got = 0;
  while (got < text.size()) {
    const ssize_t n = ::read(fd.fd, text.data() + got, text.size() - got);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  text.resize(got);
  return text;
}

// The list of a folder: nothing when there is none; throws Error when something else is there.
std::optional<OutputList> load_list(const fs::path& folder) {
  const fs::path path = folder / kOutputList;
  const Status s = lstat_of(path);
  if (s.error == ENOENT) return std::nullopt;
  if (!s.found()) {
    throw Error(Location{path.string()}, "cannot be read: " + message_of(s.error));
  }
  if (!s.is_file()) {
    throw Error(Location{path.string()},
                "is " + kind_words(s.st.st_mode) +
                    " where softpower keeps its list of outputs; it is not replaced (" +
                    std::string(kDocs) + ")");
  }
  int error = 0;
  const auto text = read_list_text(path, error);
  if (!text) {
    throw Error(Location{path.string()},
                error == EFBIG ? "is too large for softpower's list of outputs; it is not replaced"
                               : "cannot be read: " + message_of(error));
  }
  try {
    return OutputList::parse(*text, path.string());
  } catch (const Error& e) {
    throw Error(Location{path.string()},
                "is not a list of outputs softpower wrote, so it is not replaced (" +
                    std::string(e.what()) + "; " + std::string(kDocs) + ")");
  }
}

void write_all(int fd, std::string_view bytes, const fs::path& shown) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int e = errno;
      throw Error(Location{shown.string()}, "cannot be written: " + message_of(e) +
                                                (e == ENOSPC ? " (the disk is full)" : ""));
    }
    done += static_cast<std::size_t>(n);
  }
}

// Writes a new file (it must not exist); throws Error naming `shown`.
void write_new_file(const fs::path& path, std::string_view bytes, const fs::path& shown) {
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0666));
  if (fd.fd < 0) {
    throw Error(Location{shown.string()}, "cannot be written: " + message_of(errno));
  }
  write_all(fd.fd, bytes, shown);
  if (::close(fd.fd) != 0) {
    fd.fd = -1;
    throw Error(Location{shown.string()}, "cannot be written: " + message_of(errno));
  }
  fd.fd = -1;
}

// Appends one record to a list, after a line break when a cut-short write left the last line
// without one.
void append_to_list(const fs::path& list, const std::string& line) {
  Fd fd(::open(list.c_str(), O_WRONLY | O_APPEND | O_NOFOLLOW | O_CLOEXEC));
  if (fd.fd < 0) throw Error(Location{list.string()}, "cannot be written: " + message_of(errno));
  struct stat st {};
  std::string bytes = line + "\n";
  if (::fstat(fd.fd, &st) == 0 && st.st_size > 0) {
    Fd reader(::open(list.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC));
    char c = '\n';
    if (reader.fd >= 0 && ::pread(reader.fd, &c, 1, st.st_size - 1) == 1 && c != '\n') {
      bytes.insert(bytes.begin(), '\n');
    }
  }
  write_all(fd.fd, bytes, list);
}

std::string file_record(const OutputList::File& f) {
  return "file " + std::to_string(f.size) + " " + std::to_string(f.mtime_ns) + " " + f.name;
}

int rename_with(const fs::path& from, const fs::path& to, unsigned flags) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0) return 0;
  return errno;
}

// A rename that never replaces anything: EEXIST when `to` exists.
int rename_new(const fs::path& from, const fs::path& to) {
  const int e = rename_with(from, to, RENAME_NOREPLACE);
  if (e != EINVAL && e != ENOSYS) return e;
  // A file system without RENAME_NOREPLACE: check, then rename (a race is left open).
  if (lstat_of(to).found()) return EEXIST;
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

// Removes what a list names inside `folder` (files only when unchanged, unless `any`), the
// folders it names when empty, the list, then `folder` itself when empty.
void remove_listed(const fs::path& folder, const OutputList& list, bool any) {
  std::map<std::string, std::vector<OutputList::File>> versions;
  for (const OutputList::File& f : list.files) versions[f.name].push_back(f);
  for (const auto& [name, v] : versions) remove_file_inside(folder, name, any ? nullptr : &v);
  std::vector<std::string> folders = list.folders;
  std::sort(folders.begin(), folders.end(),
            [](const std::string& a, const std::string& b) { return depth_of(a) > depth_of(b); });
  for (const std::string& f : folders) remove_folder_inside(folder, f);
  remove_file_inside(folder, kNextList, nullptr);
  remove_file_inside(folder, kOutputList, nullptr);
  ::rmdir(folder.c_str());
}

// A staging folder whose process was killed while it wrote the folder's first list holds that
// list alone, cut short inside its first line. It is removed when the process its name ends
// with (`<pid>` or `<pid>-<n>`) is gone; anything else in it, or more in the list, keeps it.
void remove_unstarted_staging(const fs::path& folder, std::string_view suffix) {
  const std::string_view digits = suffix.substr(0, suffix.find('-'));
  pid_t pid = 0;
  const auto [end, error] = std::from_chars(digits.data(), digits.data() + digits.size(), pid);
  if (error != std::errc() || end != digits.data() + digits.size() || pid <= 0) return;
  if (::kill(pid, 0) == 0 || errno != ESRCH) return;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (entry.path().filename() != kOutputList) return;
  }
  if (ec) return;
  int read_error = 0;
  const auto text = read_list_text(folder / kOutputList, read_error);
  const std::string header = std::string(kHeader) + "\n";
  if (!text || text->size() >= header.size() || !header.starts_with(*text)) return;
  remove_file_inside(folder, kOutputList, nullptr);
  ::rmdir(folder.c_str());
}

// Removes the staging folders in `dir` whose names begin with `prefix` and whose lists say
// that a process now gone made them. Anything not named in their lists stays.
void clean_dead_staging(const fs::path& dir, const std::string& prefix) {
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return;
  std::vector<std::string> candidates;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name.size() > prefix.size() && name.starts_with(prefix)) candidates.push_back(name);
  }
  ::closedir(d);
  for (const std::string& name : candidates) {
    const fs::path folder = dir / name;
    if (!lstat_of(folder).is_dir()) continue;
    std::optional<OutputList> list;
    try {
      list = load_list(folder);
    } catch (const Error&) {
      remove_unstarted_staging(folder, name.substr(prefix.size()));
      continue;  // otherwise not a list of ours: not ours to remove
    }
    if (!list) {
      ::rmdir(folder.c_str());  // made, then killed before its list: empty
      continue;
    }
    if (!list->by || liveness(*list->by) != Liveness::gone) continue;
    remove_listed(folder, *list, list->staging);
  }
}

std::string staging_prefix(const std::string& name) {
  return "." + name.substr(0, std::min(name.size(), kStagingStem)) + ".partial";
}

std::string strip_trailing_separators(std::string text) {
  while (text.size() > 1 && text.back() == '/') text.pop_back();
  return text;
}

std::string refused(const std::string& what) {
  return what +
         ": softpower writes its outputs into a folder and replaces nothing it did not "
         "write (" +
         std::string(kDocs) + ")";
}

std::string not_replaced(const std::string& what) {
  return what + " (" + std::string(kDocs) + ")";
}

}  // namespace

// ---- OutputList

std::string OutputList::text() const {
  std::string out(kHeader);
  out += "\n";
  if (by) out += "by " + by->str() + "\n";
  if (staging) out += "staging\n";
  for (const std::string& f : folders) out += "folder " + f + "\n";
  for (const File& f : files) out += file_record(f) + "\n";
  return out;
}

bool OutputList::has_folder(std::string_view name) const {
  return std::find(folders.begin(), folders.end(), name) != folders.end();
}

OutputList OutputList::parse(std::string_view text, const std::string& source) {
  OutputList list;
  std::size_t number = 0;
  std::size_t at = 0;
  bool header = false;
  while (at < text.size()) {
    const std::size_t end = text.find('\n', at);
    if (end == std::string_view::npos) break;  // cut short: not a whole record
    const std::string_view line = text.substr(at, end - at);
    at = end + 1;
    ++number;
    const Location where{source, number};
    if (!header) {
      if (line != kHeader) throw Error(where, "does not begin with '" + std::string(kHeader) + "'");
      header = true;
      continue;
    }
    if (line.empty()) continue;
    const std::size_t space = line.find(' ');
    const std::string_view kind = line.substr(0, space);
    const std::string_view rest =
        space == std::string_view::npos ? std::string_view() : line.substr(space + 1);
    const auto name_of = [&](std::string_view name) {
      try {
        check_output_name(name);
      } catch (const Error& e) {
        throw Error(where, e.what());
      }
      return std::string(name);
    };
    if (kind == "by") {
      list.by = ProcessIdentity::parse(rest);
      if (!list.by) throw Error(where, "not a process: '" + std::string(rest) + "'");
    } else if (kind == "staging") {
      list.staging = true;
    } else if (kind == "folder") {
      list.folders.push_back(name_of(rest));
    } else if (kind == "file") {
      File f;
      const std::size_t s1 = rest.find(' ');
      const std::size_t s2 = s1 == std::string_view::npos ? s1 : rest.find(' ', s1 + 1);
      if (s2 == std::string_view::npos) throw Error(where, "a file record needs size, time, name");
      const std::string_view size = rest.substr(0, s1);
      const std::string_view time = rest.substr(s1 + 1, s2 - s1 - 1);
      const auto [e1, r1] = std::from_chars(size.data(), size.data() + size.size(), f.size);
      const auto [e2, r2] = std::from_chars(time.data(), time.data() + time.size(), f.mtime_ns);
      if (r1 != std::errc() || e1 != size.data() + size.size() || r2 != std::errc() ||
          e2 != time.data() + time.size() || size.empty() || time.empty()) {
        throw Error(where, "a file record needs size, time, name");
      }
      f.name = name_of(rest.substr(s2 + 1));
      list.files.push_back(std::move(f));
    }
    // Records of other kinds (a later softpower's) are skipped.
  }
  if (!header) throw Error(Location{source, 1}, "is empty or cut short");
  return list;
}

void check_output_name(std::string_view name) {
  const std::string shown(name.substr(0, 300));
  if (name.empty()) throw Error("an output name is empty");
  if (name.size() > kMaxPath) throw Error("output name too long: '" + shown + "...'");
  if (name.front() == '/') throw Error("output name '" + shown + "' is not relative");
  for (const char c : name) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      throw Error("output name '" + shown + "' holds a control character");
    }
  }
  for (const std::string& part : split_name(name)) {
    if (part.empty() || part == "." || part == "..") {
      throw Error("output name '" + shown + "' leaves its folder or has an empty part");
    }
    if (part.size() > kMaxName) {
      throw Error("output name '" + shown + "' has a part longer than 255 bytes");
    }
    if (part.starts_with(".softpower")) {
      throw Error("output name '" + shown + "' is kept for softpower's own bookkeeping");
    }
  }
}

bool is_output_bookkeeping(const fs::path& path) {
  const std::string name = path.filename().string();
  return name == kOutputList || name.starts_with(kInnerStaging) ||
         (name.starts_with(".") && name.find(".partial") != std::string::npos);
}

Param output_folder_param(const std::string& default_help, const std::string& default_value,
                          bool required) {
  std::string help = "output folder";
  if (!default_help.empty()) help += " (" + default_help + ")";
  help += "; replaces only files softpower wrote there (" + std::string(kDocs) + ")";
  return Param{"out", ParamType::path, help, default_value, required}.as(ParamRole::output_folder);
}

// ---- OutputFolder

struct OutputFolder::Impl {
  enum class Mode { fresh, swap, in_place };

  Kind kind = Kind::outputs;
  std::string display;
  fs::path target;  ///< absolute, lexically normal, no trailing separator
  bool exists = false;
  bool via_link = false;
  Mode mode = Mode::in_place;
  std::vector<std::string> names;
  std::optional<OutputList> old_list;
  fs::path writable_above;     ///< a new folder: the nearest folder above it that exists
  fs::path staging;            ///< once made
  fs::path staging_list;       ///< its list
  std::vector<fs::path> made;  ///< folders made outside the staging folder, in order
  std::set<std::string> staged;
  std::vector<OutputList::File> committed;  ///< Kind::files/cache: records appended
  bool replaced = false;                    ///< Kind::files/cache: a file was replaced
  bool done = false;
  std::mutex mutex;  ///< file() and write() may be called from several threads
  /// In force when the folder was made (OutputCapture): the outputs are kept in `kept` and
  /// `staging` is a private temporary folder for file(); the path is never looked at.
  OutputCapture* capture = nullptr;
  std::map<std::string, std::string> kept;

  fs::path final_path(std::string_view name) const { return target / std::string(name); }
  // A path in the folder as the user would write it: the folder as given, then the name.
  std::string shown(std::string_view name) const {
    return (display == "/" ? display : display + "/") + std::string(name);
  }

  bool declared(std::string_view name) const {
    return std::find(names.begin(), names.end(), name) != names.end();
  }

  std::vector<OutputList::File> versions_of(std::string_view name) const {
    std::vector<OutputList::File> v;
    if (!old_list) return v;
    for (const OutputList::File& f : old_list->files) {
      if (f.name == name) v.push_back(f);
    }
    for (const OutputList::File& f : committed) {
      if (f.name == name) v.push_back(f);
    }
    return v;
  }

  // Why `name` may not be written into the folder, or "" when it may.
  std::string in_the_way(std::string_view name, std::string& where) const {
    if (!exists && !fs::exists(target)) return "";
    for (const std::string& parent : parent_names(name)) {
      where = shown(parent);
      const Status s = lstat_of(final_path(parent));
      if (s.error == ENOENT) return "";
      if (!s.is_dir()) {
        return "is " + kind_words(s.st.st_mode) +
               " where softpower writes a folder of outputs, so it is not replaced";
      }
    }
    where = shown(name);
    const Status s = lstat_of(final_path(name));
    if (s.error == ENOENT) return "";
    if (!s.found()) return "cannot be looked at: " + message_of(s.error);
    const std::vector<OutputList::File> versions = versions_of(name);
    if (!S_ISREG(s.st.st_mode)) {
      return "is " + kind_words(s.st.st_mode) +
             " where softpower writes an output file, so it is not replaced";
    }
    if (versions.empty()) {
      return "softpower did not write this file, so it does not replace it (move it away or "
             "write the outputs elsewhere;";
    }
    if (kind == Kind::cache) return "";
    if (std::none_of(versions.begin(), versions.end(),
                     [&](const OutputList::File& f) { return matches(f, s.st); })) {
      return "was changed since softpower wrote it, so it is not replaced (move it away or "
             "write the outputs elsewhere;";
    }
    return "";
  }

  void check_not_in_the_way(std::string_view name) const {
    std::string where;
    const std::string why = in_the_way(name, where);
    if (why.empty()) return;
    // A reason that opened a parenthesis ends with the docs in it.
    throw Error(Location{where},
                why.back() == ';' ? why + " " + std::string(kDocs) + ")" : not_replaced(why));
  }

  void resolve(const fs::path& given) {
    if (given.empty()) throw Error("an empty path is not an output folder");
    display = strip_trailing_separators(given.string());
    std::error_code ec;
    fs::path t = fs::absolute(given, ec);
    if (ec) throw Error(Location{display}, "cannot be made absolute: " + ec.message());
    t = t.lexically_normal();
    if (!t.has_filename() && t != t.root_path()) t = t.parent_path();
    target = t;
    if (target.string().size() > kMaxPath) {
      throw Error(Location{display}, "the path is too long (at most 4096 bytes)");
    }
    const Status s = lstat_of(target);
    if (s.error == ENAMETOOLONG) {
      throw Error(Location{display}, "the name is too long (at most 255 bytes a name)");
    }
    if (s.error == ENOENT || s.error == ENOTDIR) {
      check_ancestors();
      return;
    }
    if (!s.found()) throw Error(Location{display}, "cannot be looked at: " + message_of(s.error));
    if (s.is_link()) {
      const Status to = stat_of(target);
      std::error_code link_error;
      const std::string points = fs::read_symlink(target, link_error).string();
      if (!to.found()) {
        throw Error(Location{display}, refused("is a symbolic link to nothing (" + points + ")"));
      }
      if (!to.is_dir()) {
        throw Error(Location{display},
                    refused("is a symbolic link to " + kind_words(to.st.st_mode) + " (" + points +
                            "), not to a folder"));
      }
      via_link = true;
    } else if (!s.is_dir()) {
      throw Error(Location{display}, refused("is " + kind_words(s.st.st_mode) + ", not a folder"));
    }
    exists = true;
  }

  // The nearest existing folder above a new output must be a folder (or a link to one).
  void check_ancestors() {
    for (fs::path p = target.parent_path(); !p.empty(); p = p.parent_path()) {
      const Status s = stat_of(p);
      if (s.found()) {
        if (!s.is_dir()) {
          throw Error(Location{p.string()},
                      refused("is " + kind_words(s.st.st_mode) + ", not a folder"));
        }
        writable_above = p;
        return;
      }
      if (s.error == ENAMETOOLONG) {
        throw Error(Location{display}, "the name is too long (at most 255 bytes a name)");
      }
      if (s.error != ENOENT && s.error != ENOTDIR) {
        throw Error(Location{p.string()}, "cannot be looked at: " + message_of(s.error));
      }
      if (p == p.parent_path()) return;
    }
  }

  // A folder holding nothing but an earlier output of softpower (and not the working folder
  // or a mount point) is replaced whole.
  bool may_swap() const {
    if (kind != Kind::outputs || !exists || via_link || !old_list) return false;
    if (target == target.root_path() || !target.has_filename()) return false;
    std::error_code ec;
    const fs::path cwd = fs::current_path(ec);
    const fs::path real = fs::canonical(target, ec);
    if (ec || is_within(cwd, real)) return false;
    const Status here = stat_of(target), above = stat_of(target.parent_path());
    if (!here.found() || !above.found() || here.st.st_dev != above.st.st_dev) return false;
    std::map<std::string, std::vector<OutputList::File>> versions;
    for (const OutputList::File& f : old_list->files) versions[f.name].push_back(f);
    for (fs::recursive_directory_iterator it(target, ec), end; !ec && it != end; it.increment(ec)) {
      const std::string rel = it->path().lexically_relative(target).generic_string();
      const Status s = lstat_of(it->path());
      if (!s.found()) return false;
      if (rel == kOutputList) continue;
      if (s.is_dir()) {
        if (!old_list->has_folder(rel)) return false;
        continue;
      }
      const auto v = versions.find(rel);
      if (v == versions.end() ||
          std::none_of(v->second.begin(), v->second.end(),
                       [&](const OutputList::File& f) { return matches(f, s.st); })) {
        return false;
      }
    }
    return !ec;
  }

  // Makes the folders above `path` that are missing, remembering them.
  void make_folders_to(const fs::path& path) {
    std::vector<fs::path> missing;
    for (fs::path p = path; !p.empty() && p != p.parent_path(); p = p.parent_path()) {
      const Status s = stat_of(p);
      if (s.found()) break;
      missing.push_back(p);
    }
    for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
      if (::mkdir(it->c_str(), 0777) != 0) {
        const int e = errno;
        if (e == EEXIST && stat_of(*it).is_dir()) continue;
        throw Error(Location{it->string()}, "cannot make this folder: " + message_of(e));
      }
      made.push_back(*it);
    }
  }

  void make_staging() {
    if (!staging.empty()) return;
    const auto pid = std::to_string(this_process().pid);
    fs::path dir;
    std::string stem;
    if (mode == Mode::in_place) {
      if (!exists) make_folders_to(target);
      dir = target;
      stem = std::string(kInnerStaging) + pid;
    } else {
      make_folders_to(target.parent_path());
      dir = target.parent_path();
      stem = staging_prefix(target.filename().string()) + pid;
    }
    for (int n = 1;; ++n) {
      const fs::path candidate = dir / (n == 1 ? stem : stem + "-" + std::to_string(n));
      if (::mkdir(candidate.c_str(), 0777) == 0) {
        staging = candidate;
        break;
      }
      const int e = errno;
      if (e != EEXIST || n > 100) {
        throw Error(Location{display}, "cannot write here: " + message_of(e) +
                                           (e == ENAMETOOLONG ? " (the name is too long)" : ""));
      }
    }
    staging_list = staging / kOutputList;
    OutputList list;
    list.by = this_process();
    list.staging = true;
    write_new_file(staging_list, list.text(), staging_list);
  }

  // A new file in the staging folder for `name`, listed in its staging list first.
  fs::path stage(std::string_view name) {
    make_staging();
    const std::string n(name);
    for (const std::string& parent : parent_names(n)) {
      const fs::path p = staging / parent;
      if (lstat_of(p).is_dir()) continue;
      // Listed before it is made, so a kill in between leaves nothing unlisted.
      append_to_list(staging_list, "folder " + parent);
      if (::mkdir(p.c_str(), 0777) != 0 && errno != EEXIST) {
        throw Error(Location{shown(parent)}, "cannot be made: " + message_of(errno));
      }
    }
    fs::path path = staging / n;
    if (staged.count(n) != 0) {
      ::unlink(path.c_str());
    } else {
      append_to_list(staging_list, file_record({n, 0, 0}));
    }
    staged.insert(n);
    return path;
  }

  std::vector<OutputList::File> staged_entries() const {
    std::vector<OutputList::File> out;
    for (const std::string& name : names) {
      if (staged.count(name) == 0) continue;
      const Status s = lstat_of(staging / name);
      if (!s.is_file()) {
        throw Error(Location{shown(name)}, "was not written completely");
      }
      out.push_back(entry_of(name, s.st));
    }
    return out;
  }

  // Replaces the folder's list with `list` (through the staging folder and a rename).
  void put_list(const OutputList& list, bool had_list) {
    const fs::path next = staging / kNextList;
    ::unlink(next.c_str());
    write_new_file(next, list.text(), shown(kOutputList));
    const fs::path to = target / kOutputList;
    const int e =
        had_list ? (::rename(next.c_str(), to.c_str()) == 0 ? 0 : errno) : rename_new(next, to);
    if (e != 0) {
      ::unlink(next.c_str());
      throw Error(Location{shown(kOutputList)}, e == EEXIST
                                                    ? "appeared while softpower was writing; it "
                                                      "is not replaced"
                                                    : "cannot be written: " + message_of(e));
    }
  }

  // Moves staged `name` to its place in the folder, making the folders above it.
  void move_in(const std::string& name, std::vector<std::string>& made_folders) {
    for (const std::string& parent : parent_names(name)) {
      const fs::path p = final_path(parent);
      if (::mkdir(p.c_str(), 0777) == 0) {
        made_folders.push_back(parent);
      } else if (errno != EEXIST || !lstat_of(p).is_dir()) {
        throw Error(Location{shown(parent)}, "cannot be made: " + message_of(errno));
      }
    }
    const fs::path from = staging / name, to = final_path(name);
    const bool replacing = lstat_of(to).found();
    const int e =
        replacing ? (::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno) : rename_new(from, to);
    if (e != 0) {
      throw Error(Location{shown(name)}, e == EEXIST ? not_replaced("appeared while softpower "
                                                                    "was writing, so it is not "
                                                                    "replaced")
                                                     : "cannot be put in place: " + message_of(e));
    }
    if (replacing) replaced = true;
  }

  // The list of the staged output: its files as they are now and the folders above them.
  OutputList staged_list() const {
    OutputList list;
    list.by = this_process();
    for (const std::string& name : names) {
      if (staged.count(name) == 0) continue;
      for (const std::string& parent : parent_names(name)) {
        if (!list.has_folder(parent)) list.folders.push_back(parent);
      }
    }
    list.files = staged_entries();
    return list;
  }

  void commit_fresh() {
    OutputList list = staged_list();
    const fs::path next = staging / kNextList;
    write_new_file(next, list.text(), shown(kOutputList));
    if (::rename(next.c_str(), staging_list.c_str()) != 0) {
      throw Error(Location{display}, "cannot be written: " + message_of(errno));
    }
    const int e = rename_new(staging, target);
    if (e == EEXIST || e == ENOTEMPTY) {
      throw Error(Location{display}, not_replaced("appeared while softpower was writing, so it "
                                                  "was left as it is and the new output was not "
                                                  "kept"));
    }
    if (e != 0) throw Error(Location{display}, "cannot be put in place: " + message_of(e));
    staging.clear();
  }

  // True when the exchange was made; false when the file system cannot exchange (the caller
  // then replaces file by file).
  bool commit_swap() {
    // The earlier output now counts as this process's: should this run be killed after the
    // exchange, the next run sees a staging folder of a dead process and removes it.
    OutputList old = *old_list;
    old.by = this_process();
    put_list(old, true);
    old_list = old;
    OutputList list = staged_list();
    const fs::path next = staging / kNextList;
    ::unlink(next.c_str());
    write_new_file(next, list.text(), shown(kOutputList));
    if (::rename(next.c_str(), staging_list.c_str()) != 0) {
      throw Error(Location{display}, "cannot be written: " + message_of(errno));
    }
    const int e = rename_with(staging, target, RENAME_EXCHANGE);
    if (e == EINVAL || e == ENOSYS || e == EXDEV || e == EBUSY) {
      // Back to a staging folder, and file by file.
      list.staging = true;
      list.files.clear();
      for (const std::string& n : names) {
        if (staged.count(n) != 0) list.files.push_back({n, 0, 0});
      }
      ::unlink(next.c_str());
      write_new_file(next, list.text(), staging_list);
      ::rename(next.c_str(), staging_list.c_str());
      return false;
    }
    if (e != 0) throw Error(Location{display}, "cannot be put in place: " + message_of(e));
    // `staging` now holds the earlier output: what its list names goes.
    remove_listed(staging, old, false);
    staging.clear();
    return true;
  }

  void commit_in_place() {
    const std::vector<OutputList::File> entries = staged_entries();
    // Folders the output needs: listed when softpower makes them or made them before.
    std::vector<std::string> folders;
    for (const OutputList::File& f : entries) {
      for (const std::string& parent : parent_names(f.name)) {
        if (std::find(folders.begin(), folders.end(), parent) != folders.end()) continue;
        const Status s = lstat_of(final_path(parent));
        if (!s.found() || (old_list && old_list->has_folder(parent))) folders.push_back(parent);
      }
    }
    // While the files move, the list accepts each as it was and as it will be.
    OutputList during;
    during.by = this_process();
    during.folders = folders;
    if (old_list) {
      for (const std::string& f : old_list->folders) {
        if (!during.has_folder(f)) during.folders.push_back(f);
      }
      during.files = old_list->files;
    }
    during.files.insert(during.files.end(), entries.begin(), entries.end());
    put_list(during, old_list.has_value());
    std::vector<std::string> made_folders;
    for (const OutputList::File& f : entries) move_in(f.name, made_folders);

    OutputList after;
    after.by = this_process();
    after.folders = folders;
    after.files = entries;
    if (old_list) {
      std::set<std::string> now;
      for (const OutputList::File& f : entries) now.insert(f.name);
      std::map<std::string, std::vector<OutputList::File>> earlier;
      for (const OutputList::File& f : old_list->files) {
        if (now.count(f.name) == 0) earlier[f.name].push_back(f);
      }
      if (kind == Kind::outputs) {
        // Files of the earlier output that this one does not hold go, when unchanged.
        for (const auto& [name, versions] : earlier) {
          remove_file_inside(target, name, &versions);
        }
        std::vector<std::string> old_folders = old_list->folders;
        std::sort(
            old_folders.begin(), old_folders.end(),
            [](const std::string& a, const std::string& b) { return depth_of(a) > depth_of(b); });
        for (const std::string& f : old_folders) {
          if (std::find(folders.begin(), folders.end(), f) == folders.end()) {
            remove_folder_inside(target, f);
          }
        }
      } else {
        // Files added one by one: the others listed stay listed, as they are.
        for (const auto& [name, versions] : earlier) {
          after.files.insert(after.files.end(), versions.begin(), versions.end());
        }
        for (const std::string& f : old_list->folders) {
          if (!after.has_folder(f)) after.folders.push_back(f);
        }
      }
    }
    put_list(after, true);
    old_list = after;
  }

  // OutputCapture: `name`'s path in a private temporary folder, made on first use.
  fs::path stage_captured(std::string_view name) {
    if (staging.empty()) {
      const fs::path temp = fs::temp_directory_path() / "softpower-capture.XXXXXX";
      std::string pattern = temp.string();
      if (::mkdtemp(pattern.data()) == nullptr) {
        throw Error(Location{temp.parent_path().string()},
                    "cannot make a temporary folder: " + message_of(errno));
      }
      staging = pattern;
    }
    const fs::path path = staging / std::string(name);
    std::error_code ec;
    fs::create_directories(path.parent_path(), ec);
    if (ec) throw Error(Location{path.parent_path().string()}, "cannot be made: " + ec.message());
    staged.emplace(name);
    return path;
  }

  // OutputCapture: the files kept and those staged by file(), handed to the capture.
  void commit_captured() {
    for (const std::string& name : staged) {
      const fs::path path = staging / name;
      int error = 0;
      auto bytes = read_list_text(path, error);
      if (!bytes) {
        throw Error(Location{shown(name)}, "cannot be read back: " + message_of(error));
      }
      kept[name] = std::move(*bytes);
    }
    for (auto& [name, bytes] : kept) capture->files[name] = std::move(bytes);
    kept.clear();
    remove_staging();
    done = true;
  }

  void remove_staging() {
    if (staging.empty()) return;
    // This run's own folder: everything in it is this run's. Its list goes last, so a kill
    // part-way leaves a folder the next run recognises and removes.
    std::error_code ec;
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(staging, ec)) {
      if (entry.path().filename() != kOutputList) entries.push_back(entry.path());
    }
    for (const fs::path& entry : entries) fs::remove_all(entry, ec);
    ::unlink(staging_list.c_str());
    ::rmdir(staging.c_str());
    staging.clear();
  }

  void commit_one(std::string_view name) {
    const std::string n(name);
    if (staged.count(n) == 0) {
      throw Error(Location{shown(name)}, "was not written, so it cannot be kept");
    }
    check_not_in_the_way(n);
    const Status s = lstat_of(staging / n);
    if (!s.is_file()) {
      throw Error(Location{shown(name)}, "was not written completely");
    }
    const OutputList::File entry = entry_of(n, s.st);
    const fs::path list = target / kOutputList;
    if (!old_list) {
      OutputList fresh;
      fresh.by = this_process();
      fresh.files = {entry};
      put_list(fresh, false);
      old_list = fresh;
    } else {
      append_to_list(list, file_record(entry));
      old_list->files.push_back(entry);
    }
    std::vector<std::string> made_folders;
    move_in(n, made_folders);
    for (const std::string& f : made_folders) {
      append_to_list(list, "folder " + f);
      old_list->folders.push_back(f);
    }
    committed.push_back(entry);
    staged.erase(n);
  }

  // Kind::files/cache: after replacing files, the list keeps only their new versions.
  void compact() {
    if (!replaced || !old_list) return;
    const std::optional<OutputList> found = load_list(target);
    if (!found) return;
    OutputList list = *found;
    std::map<std::string, OutputList::File> latest;
    for (const OutputList::File& f : committed) latest[f.name] = f;
    std::vector<OutputList::File> kept;
    for (const OutputList::File& f : list.files) {
      const auto it = latest.find(f.name);
      if (it == latest.end() || it->second == f) kept.push_back(f);
    }
    list.files = std::move(kept);
    list.by = this_process();
    make_staging();
    put_list(list, true);
  }
};

OutputFolder::OutputFolder(const fs::path& path, const std::vector<std::string>& names, Kind kind)
    : impl_(std::make_unique<Impl>()) {
  Impl& m = *impl_;
  m.kind = kind;
  for (const std::string& name : names) {
    check_output_name(name);
    if (m.declared(name)) throw Error("output " + name + " is named twice");
    m.names.push_back(name);
  }
  for (const std::string& name : m.names) {
    for (const std::string& parent : parent_names(name)) {
      if (m.declared(parent)) throw Error("output " + parent + " is both a file and a folder");
    }
  }
  if (kind == Kind::outputs && OutputCapture::current() != nullptr) {
    m.capture = OutputCapture::current();
    m.display = std::string(kInMemory);
    m.target = path;
    return;
  }
  m.resolve(path);
  if (m.exists) m.old_list = load_list(m.target);
  // Staging folders of killed runs, beside the folder and inside it.
  if (m.target.has_filename()) {
    clean_dead_staging(m.target.parent_path(), staging_prefix(m.target.filename().string()));
  }
  if (m.exists) clean_dead_staging(m.target, std::string(kInnerStaging));
  for (const std::string& name : m.names) m.check_not_in_the_way(name);
  if (kind == Kind::outputs) {
    // Said now rather than after the work: a folder this process may not write into (a
    // read-only mount, or a folder of another user; root passes permissions, not mounts).
    const fs::path where = m.exists ? m.target : m.writable_above;
    if (!where.empty() && ::access(where.c_str(), W_OK | X_OK) != 0) {
      const int e = errno;
      throw Error(Location{m.display}, "cannot write here: " + message_of(e) +
                                           (m.exists ? "" : " (in " + where.string() + ")"));
    }
    m.mode =
        !m.exists ? Impl::Mode::fresh : (m.may_swap() ? Impl::Mode::swap : Impl::Mode::in_place);
  }
}

OutputFolder OutputFolder::for_file(const fs::path& file, Kind kind) {
  const std::string given = file.string();
  if (given.empty()) throw Error("an empty path is not an output file");
  if (given.back() == '/' || !file.has_filename() || file.filename() == "." ||
      file.filename() == "..") {
    throw Error(Location{given}, "is a folder; give the output file's name");
  }
  const fs::path folder = file.has_parent_path() ? file.parent_path() : fs::path(".");
  const std::string name = file.filename().string();
  try {
    check_output_name(name);
  } catch (const Error& e) {
    throw Error(Location{given}, e.what());
  }
  return OutputFolder(folder, {name}, kind == Kind::outputs ? Kind::files : kind);
}

OutputFolder::~OutputFolder() {
  if (!impl_ || impl_->done) return;
  impl_->remove_staging();
  for (auto it = impl_->made.rbegin(); it != impl_->made.rend(); ++it) ::rmdir(it->c_str());
}

OutputFolder::OutputFolder(OutputFolder&&) noexcept = default;
OutputFolder& OutputFolder::operator=(OutputFolder&&) noexcept = default;

fs::path OutputFolder::file(std::string_view name) {
  Impl& m = *impl_;
  const std::lock_guard<std::mutex> lock(m.mutex);
  if (m.done) throw Error(Location{m.display}, "the output was already committed");
  declare(name);
  if (m.capture != nullptr) return m.stage_captured(name);
  return m.stage(name);
}

void OutputFolder::write(std::string_view name, std::string_view content) {
  if (impl_->capture != nullptr) {
    Impl& m = *impl_;
    const std::lock_guard<std::mutex> lock(m.mutex);
    if (m.done) throw Error(Location{m.display}, "the output was already committed");
    declare(name);
    m.kept[std::string(name)] = content;
    return;
  }
  const fs::path path = file(name);
  write_new_file(path, content, impl_->shown(name));
}

void OutputFolder::declare(std::string_view name) {
  Impl& m = *impl_;
  if (m.declared(name)) return;
  check_output_name(name);
  for (const std::string& other : m.names) {
    if (other.starts_with(std::string(name) + "/") || std::string(name).starts_with(other + "/")) {
      throw Error("output " + std::string(name) + " is both a file and a folder");
    }
  }
  if (m.capture == nullptr) m.check_not_in_the_way(name);
  m.names.emplace_back(name);
}

void OutputFolder::discard(std::string_view name) {
  Impl& m = *impl_;
  m.kept.erase(std::string(name));
  if (m.staged.erase(std::string(name)) != 0) ::unlink((m.staging / std::string(name)).c_str());
}

bool OutputFolder::remove(std::string_view name) {
  Impl& m = *impl_;
  const std::lock_guard<std::mutex> lock(m.mutex);
  check_output_name(name);
  std::string where;
  if (!m.in_the_way(name, where).empty() || !lstat_of(m.final_path(name)).is_file()) return false;
  if (::unlink(m.final_path(name).c_str()) != 0) return false;
  m.replaced = true;  // the list drops the old version at commit()
  return true;
}

void OutputFolder::make() {
  Impl& m = *impl_;
  const std::lock_guard<std::mutex> lock(m.mutex);
  if (m.kind == Kind::outputs) throw Error(Location{m.display}, "an output folder appears whole");
  if (m.exists) return;
  m.make_folders_to(m.target);
  m.made.clear();
  m.exists = true;
}

void OutputFolder::commit(std::string_view name) {
  Impl& m = *impl_;
  if (m.kind == Kind::outputs) {
    throw Error(Location{m.display}, "an output folder is put in place whole");
  }
  m.commit_one(name);
}

void OutputFolder::commit() {
  Impl& m = *impl_;
  if (m.done) return;
  if (m.capture != nullptr) {
    m.commit_captured();
    return;
  }
  // Whatever came in the way while the work ran stops the run before anything is replaced.
  for (const std::string& name : m.names) {
    if (m.staged.count(name) != 0) m.check_not_in_the_way(name);
  }
  if (m.kind == Kind::outputs) {
    if (m.staging.empty()) m.make_staging();  // an output of no files still marks its folder
    if (m.mode == Impl::Mode::fresh) {
      m.commit_fresh();
    } else if (m.mode == Impl::Mode::swap && m.may_swap() && m.commit_swap()) {
      // exchanged whole
    } else {
      m.commit_in_place();
    }
  } else {
    std::vector<std::string> pending(m.staged.begin(), m.staged.end());
    for (const std::string& name : pending) m.commit_one(name);
    m.compact();
  }
  m.remove_staging();
  m.done = true;
}

const std::string& OutputFolder::display() const {
  return impl_->display;
}

fs::path OutputFolder::final_path(std::string_view name) const {
  return impl_->final_path(name);
}

bool OutputFolder::may_replace(std::string_view name) const {
  if (impl_->capture != nullptr) return true;
  std::string where;
  return impl_->in_the_way(name, where).empty();
}

namespace {
thread_local OutputCapture* t_capture = nullptr;
}  // namespace

OutputCapture::OutputCapture() : outer_(t_capture) {
  t_capture = this;
}

OutputCapture::~OutputCapture() {
  t_capture = outer_;
}

OutputCapture* OutputCapture::current() {
  return t_capture;
}

void write_output_folder(const fs::path& path, const std::map<std::string, std::string>& files) {
  std::vector<std::string> names;
  names.reserve(files.size());
  for (const auto& [name, content] : files) names.push_back(name);
  OutputFolder out(path, names);
  for (const auto& [name, content] : files) out.write(name, content);
  out.commit();
}

}  // namespace softpower
