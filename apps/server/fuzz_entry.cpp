#include "apps/server/fuzz_entry.hpp"

#include <filesystem>
#include <string>

#include "apps/server/api.hpp"
#include "apps/server/static_files.hpp"
#include "softpower/core/build_info.hpp"
#include "softpower/operations.hpp"

namespace softpower::server {

namespace {

// Folders that exist on every machine, so confinement has something to check against.
const PathPolicy& fuzz_policy() {
  static const PathPolicy policy = [] {
    namespace fs = std::filesystem;
    PathPolicy p;
    const fs::path tmp = fs::canonical(fs::temp_directory_path());
    p.read_roots = {fs::canonical(source_dir() / "examples")};
    p.out_root = tmp;
    p.data_dir = p.read_roots.front();
    p.workspace = tmp / "softpower-fuzz.workspace";
    return p;
  }();
  return policy;
}

}  // namespace

int fuzz_api_input(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto& all = operations().all();
  const Operation& op = all[data[0] % all.size()];
  const auto role = static_cast<PathRole>(data[1] % 5);
  const std::string text(reinterpret_cast<const char*>(data + 2), size - 2);

  (void)operation_at(operations(), text);
  (void)resolve_static(fuzz_policy().read_roots.front(), text);
  try {
    (void)confine(fuzz_policy(), role, "p", text);
  } catch (const ApiError&) {
  }
  try {
    const nlohmann::json body = parse_body(text);
    const Args args = args_from_json(op, body);
    // Never write: confinement only computes paths.
    (void)confine_args(op, args, fuzz_policy(), "fuzz");
    return 1;
  } catch (const ApiError& e) {
    if (e.status() < 400 || e.status() > 499) __builtin_trap();
  }
  return 0;
}

}  // namespace softpower::server
