#include "softpower/core/checkpoint.hpp"

#include <fmt/format.h>

#include <charconv>
#include <fstream>
#include <iterator>

#include "softpower/core/error.hpp"
#include "softpower/core/sha256.hpp"
#include "softpower/core/table.hpp"

namespace softpower {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kJobFile = "job";
constexpr std::string_view kUnitHead = "softpower-unit 1 ";

std::string read_whole(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// "<part>-<unit>" split, or false when `name` is not a unit file's name.
bool unit_name(std::string_view name, std::string_view& part, std::size_t& unit) {
  const std::size_t dash = name.rfind('-');
  if (dash == std::string_view::npos || dash == 0 || dash + 1 == name.size()) return false;
  part = name.substr(0, dash);
  const char* first = name.data() + dash + 1;
  const char* last = name.data() + name.size();
  const auto [end, ec] = std::from_chars(first, last, unit);
  return ec == std::errc() && end == last;
}

}  // namespace

std::string checkpoint_key(std::string_view operation, const Args& args,
                           const std::vector<std::string>& inputs) {
  Sha256 digest;
  digest.update(operation);
  for (const auto& [name, values] : args.values()) {
    if (name == "out" || name == "resume" || name == "workspace") continue;
    digest.update(fmt::format("\n{}", name));
    for (const std::string& v : values) digest.update(fmt::format("\t{}:{}", v.size(), v));
  }
  for (const std::string& file : inputs) {
    const std::string bytes = read_whole(file);
    digest.update(fmt::format("\n{}:", bytes.size()));
    digest.update(bytes);
  }
  return to_hex(digest.finish());
}

Checkpoint::Checkpoint(const fs::path& out, std::string key)
    : folder_(out / kCheckpointFolder), key_(std::move(key)) {
  std::error_code ec;
  fs::create_directories(folder_, ec);
  if (ec || !fs::is_directory(folder_)) {
    throw Error(Location{folder_.string()}, "cannot make the checkpoint folder: " + ec.message());
  }
  const fs::path job = folder_ / kJobFile;
  if (fs::exists(job)) {
    const std::string held = read_whole(job);
    if (held != key_ + "\n") {
      throw Error(Location{folder_.string()},
                  "holds the checkpoint of another job (other parameters or inputs): run with "
                  "those of the killed run, or remove the folder to start again");
    }
  } else {
    write_file_atomic(job, key_ + "\n");
  }
}

std::map<std::size_t, std::string> Checkpoint::units(std::string_view part) const {
  std::map<std::size_t, std::string> found;
  const std::string head = std::string(kUnitHead) + key_ + " ";
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    const std::string name = entry.path().filename().string();
    std::string_view p;
    std::size_t unit = 0;
    if (!entry.is_regular_file() || !unit_name(name, p, unit) || p != part) continue;
    const std::string bytes = read_whole(entry.path());
    // The head line names the key and the length; a unit that does not match is recomputed.
    const std::size_t eol = bytes.find('\n');
    if (eol == std::string::npos || bytes.compare(0, head.size(), head) != 0) continue;
    std::size_t length = 0;
    const auto [end, error] =
        std::from_chars(bytes.data() + head.size(), bytes.data() + eol, length);
    if (error != std::errc() || end != bytes.data() + eol || bytes.size() - eol - 1 != length) {
      continue;
    }
    found.emplace(unit, bytes.substr(eol + 1));
  }
  return found;
}

void Checkpoint::save(std::string_view part, std::size_t unit, std::string_view bytes) const {
  std::string content = fmt::format("{}{} {}\n", kUnitHead, key_, bytes.size());
  content += bytes;
  write_file_atomic(folder_ / fmt::format("{}-{}", part, unit), content);
}

void Checkpoint::remove() const {
  std::error_code ec;
  std::vector<fs::path> ours;
  for (const auto& entry : fs::directory_iterator(folder_, ec)) {
    const std::string name = entry.path().filename().string();
    std::string_view part;
    std::size_t unit = 0;
    // Unit files, the job file, and temporary files a kill left (".<name>.tmp<pid>").
    if (name == kJobFile || unit_name(name, part, unit) ||
        (name.starts_with(".") && name.find(".tmp") != std::string::npos)) {
      ours.push_back(entry.path());
    }
  }
  for (const fs::path& p : ours) fs::remove(p, ec);
  fs::remove(folder_, ec);  // only when empty: anything else stays
}

}  // namespace softpower
