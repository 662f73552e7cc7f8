#include "softpower/core/data_dir.hpp"

#include <cstdlib>

#include "softpower/core/build_info.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/input_memory.hpp"

namespace softpower {

std::filesystem::path resolve_data_dir(const std::optional<std::string>& flag) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (flag) {
    // A folder of tables a Python or R caller holds in memory (core/input_memory.hpp) too.
    if (!is_input_folder(*flag)) throw Error("--data " + *flag + ": no such directory");
    return fs::path(*flag);
  }
  if (const char* env = std::getenv("SOFTPOWER_DATA"); env != nullptr && *env != '\0') {
    if (!fs::is_directory(env, ec)) {
      throw Error(std::string("SOFTPOWER_DATA=") + env + ": no such directory");
    }
    return fs::path(env);
  }
  const fs::path beside_checkout = source_dir().parent_path() / "shared" / "data";
  if (fs::is_directory(beside_checkout, ec)) return beside_checkout;
  const fs::path beside_cwd = fs::current_path(ec).parent_path() / "shared" / "data";
  if (fs::is_directory(beside_cwd, ec)) return beside_cwd;
  throw Error("no data directory: pass --data DIR, set SOFTPOWER_DATA, or put the shared data at " +
              beside_checkout.string() +
              " (the README's 'Data' section lists the public sources and how to download them)");
}

Param data_param() {
  return Param{"data", ParamType::path,
               "data directory (default: $SOFTPOWER_DATA, else ../shared/data beside the checkout)"}
      .as(ParamRole::data_folder);
}

Param workspace_param() {
  return Param{"workspace", ParamType::path,
               "workspace file (SQLite) that records datasets, specs and runs (default: "
               "$SOFTPOWER_WORKSPACE, "
               "else ./softpower.workspace; index commands record runs only when one is given)"}
      .as(ParamRole::workspace);
}

}  // namespace softpower
