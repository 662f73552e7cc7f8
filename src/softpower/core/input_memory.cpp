#include "softpower/core/input_memory.hpp"

#include <system_error>

#include "softpower/core/error.hpp"

namespace softpower {

namespace {

thread_local const MemoryInputs* t_inputs = nullptr;

// The name a memory path stands for, its parts joined by '/' ("memory:votes/./a.csv" ->
// "votes/a.csv"); empty for a path not of the reserved form.
std::string memory_name(const std::filesystem::path& path) {
  const std::string text = path.generic_string();
  if (!is_memory_path(std::string_view(text))) return {};
  std::string name = std::filesystem::path(text.substr(kMemoryPathPrefix.size()))
                         .lexically_normal()
                         .generic_string();
  while (!name.empty() && name.back() == '/') name.pop_back();
  return name;
}

void check_name(const std::string& name) {
  const auto refuse = [&](const std::string& why) {
    throw Error("in-memory input '" + name + "': " + why);
  };
  if (name.empty()) refuse("an empty name");
  if (name.front() == '/') refuse("an absolute name (names are relative: votes/un_votes.csv)");
  if (name.find('\0') != std::string::npos) refuse("a NUL byte in the name");
  std::size_t begin = 0;
  for (;;) {
    const std::size_t end = name.find('/', begin);
    const std::string_view part = std::string_view(name).substr(
        begin, end == std::string::npos ? std::string::npos : end - begin);
    if (part.empty() || part == "." || part == "..") refuse("an empty, '.' or '..' part");
    if (end == std::string::npos) break;
    begin = end + 1;
  }
}

}  // namespace

bool is_memory_path(std::string_view path) {
  return path.starts_with(kMemoryPathPrefix);
}

bool is_memory_path(const std::filesystem::path& path) {
  return is_memory_path(std::string_view(path.native()));
}

MemoryInputs::MemoryInputs(const std::map<std::string, std::string_view>& inputs)
    : outer_(t_inputs) {
  for (const auto& [name, bytes] : inputs) {
    check_name(name);
    files_.emplace(name, bytes);
  }
  for (const auto& [name, bytes] : files_) {
    if (is_folder(name)) throw Error("in-memory input '" + name + "': also the folder of others");
  }
  t_inputs = this;
}

MemoryInputs::~MemoryInputs() {
  t_inputs = outer_;
}

const MemoryInputs* MemoryInputs::current() {
  return t_inputs;
}

const std::string_view* MemoryInputs::file(std::string_view name) const {
  const auto it = files_.find(name);
  return it == files_.end() ? nullptr : &it->second;
}

bool MemoryInputs::is_folder(std::string_view name) const {
  const std::string prefix = std::string(name) + "/";
  const auto it = files_.lower_bound(prefix);
  return it != files_.end() && it->first.starts_with(prefix);
}

std::string MemoryInputs::names() const {
  std::string out;
  for (const auto& [name, bytes] : files_) out += (out.empty() ? "" : ", ") + name;
  return out.empty() ? "none" : out;
}

MemoryEntry memory_entry(const std::filesystem::path& path) {
  const std::string name = memory_name(path);
  if (name.empty() || t_inputs == nullptr) return MemoryEntry::none;
  if (t_inputs->file(name) != nullptr) return MemoryEntry::file;
  return t_inputs->is_folder(name) ? MemoryEntry::folder : MemoryEntry::none;
}

std::string_view memory_input(const std::filesystem::path& path) {
  const std::string name = memory_name(path);
  const Location where{path.string()};
  if (t_inputs == nullptr) {
    throw Error(where,
                "no in-memory inputs here: only a host language's package (Python, R) gives "
                "them, for its own run (a file of that name: ./" +
                    path.string() + ")");
  }
  if (const std::string_view* bytes = t_inputs->file(name)) return *bytes;
  if (t_inputs->is_folder(name)) throw Error(where, "is a folder, not a file");
  throw Error(where, "no such in-memory input (this run has: " + t_inputs->names() + ")");
}

std::unique_ptr<ByteStream> open_input_text(const std::filesystem::path& path, SizeLimit limit) {
  if (!is_memory_path(path)) return open_text(path, std::move(limit));
  const std::string_view bytes = memory_input(path);
  const bool gzip = bytes.size() >= 2 && static_cast<unsigned char>(bytes[0]) == 0x1f &&
                    static_cast<unsigned char>(bytes[1]) == 0x8b;
  if (bytes.starts_with("PK\x03\x04") || bytes.starts_with("PK\x05\x06")) {
    throw Error(Location{path.string()},
                "a zip archive, not a text file: unpack the file it holds first");
  }
  std::unique_ptr<ByteStream> plain = memory_bytes(bytes, path.string());
  return gzip ? gunzip(std::move(plain), std::move(limit)) : std::move(plain);
}

bool input_exists(const std::filesystem::path& path) {
  if (is_memory_path(path)) return memory_entry(path) != MemoryEntry::none;
  std::error_code ec;
  return std::filesystem::exists(path, ec);
}

bool is_input_folder(const std::filesystem::path& path) {
  if (is_memory_path(path)) return memory_entry(path) == MemoryEntry::folder;
  std::error_code ec;
  return std::filesystem::is_directory(path, ec);
}

}  // namespace softpower
