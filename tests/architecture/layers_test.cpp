// The layers of DESIGN.md, read from the code: every #include of a softpower header in
// src/softpower, apps/ and bindings/ must point to a folder the including folder may use, and
// no two folders may include each other, directly or through others.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <string>

#include "support/paths.hpp"

namespace softpower::testing {
namespace {

namespace fs = std::filesystem;

using Folders = std::set<std::string>;

// What each folder may include besides itself: core <- sources <- store, tools;
// core <- capabilities <- report <- ops <- apps; the capabilities share only core.
const std::map<std::string, Folders>& allowed() {
  static const Folders capabilities = {"index",      "alignment", "perception", "diffusion",
                                       "evaluation", "networks",  "opinion"};
  static const std::map<std::string, Folders> table = [] {
    std::map<std::string, Folders> t;
    t["core"] = {};
    t["sources"] = {"core"};
    t["store"] = {"core", "sources"};
    // Tools that make inputs rather than read them (the GDELT generator): beside store, on
    // core and sources, used only by ops.
    t["tools"] = {"core", "sources"};
    for (const std::string& c : capabilities) t[c] = {"core"};
    t["report"] = {"core"};
    t["report"].insert(capabilities.begin(), capabilities.end());
    t["ops"] = {"core", "sources", "store", "tools", "report"};
    t["ops"].insert(capabilities.begin(), capabilities.end());
    // src/softpower/operations.cpp: the list of every operation.
    t["(operations)"] = {"core", "store", "ops"};
    Folders below_apps;
    for (const auto& [folder, uses] : t) below_apps.insert(folder == "(operations)" ? "" : folder);
    below_apps.erase("");
    t["apps/cli"] = below_apps;
    t["apps/server"] = below_apps;
    // The Python package's extension: a front-end like apps/ (docs/python.md).
    t["bindings/python"] = below_apps;
    // The R package's glue (docs/r.md): core and the embedded engine (embedded.hpp) only.
    t["bindings/r"] = {"core"};
    return t;
  }();
  return table;
}

// Folder of a file under the checkout, as the table names it.
std::string folder_of(const fs::path& relative) {
  const std::string text = relative.generic_string();
  if (text.starts_with("apps/") || text.starts_with("bindings/")) {
    return relative.begin()->string() + "/" + std::next(relative.begin())->string();
  }
  const auto second = std::next(std::next(relative.begin()));  // src/softpower/<folder>/...
  if (std::next(second) == relative.end()) return "(operations)";
  return second->string();
}

// Every folder-to-folder include edge, with one file that makes it.
std::map<std::pair<std::string, std::string>, std::string> edges() {
  std::map<std::pair<std::string, std::string>, std::string> out;
  const std::regex include(R"re(#include\s+"softpower/([a-z_]+)/)re");
  const std::regex top(R"re(#include\s+"softpower/operations\.hpp")re");
  for (const char* root : {"src/softpower", "apps", "bindings"}) {
    for (const auto& e : fs::recursive_directory_iterator(source_dir() / root)) {
      const std::string ext = e.path().extension().string();
      if (ext != ".cpp" && ext != ".hpp") continue;
      const fs::path relative = e.path().lexically_relative(source_dir());
      const std::string from = folder_of(relative);
      std::ifstream in(e.path());
      for (std::string line; std::getline(in, line);) {
        std::smatch m;
        std::string to;
        if (std::regex_search(line, m, include)) {
          to = m[1].str();
        } else if (std::regex_search(line, top)) {
          to = "(operations)";
        } else {
          continue;
        }
        if (to != from) out.emplace(std::pair{from, to}, relative.generic_string());
      }
    }
  }
  return out;
}

TEST(Layers, EveryIncludeGoesToAFolderItsLayerMayUse) {
  const auto& table = allowed();
  const auto found = edges();
  EXPECT_GT(found.size(), 20U);  // the reader finds the includes at all
  for (const auto& [edge, file] : found) {
    const auto& [from, to] = edge;
    const auto row = table.find(from);
    ASSERT_NE(row, table.end()) << "folder '" << from << "' (" << file
                                << ") has no row in the layer table";
    if ((from.starts_with("apps/") || from.starts_with("bindings/")) && to == "(operations)")
      continue;
    EXPECT_EQ(row->second.count(to), 1U)
        << from << " includes " << to << " (" << file << "): not allowed by DESIGN.md's layers";
  }
}

TEST(Layers, NoFolderLevelCycle) {
  std::map<std::string, Folders> graph;
  for (const auto& [edge, file] : edges()) graph[edge.first].insert(edge.second);
  // A folder that reaches itself again through the graph is on a cycle (iterative search).
  for (const auto& [start, next] : graph) {
    Folders seen;
    std::vector<std::string> stack(next.begin(), next.end());
    while (!stack.empty()) {
      const std::string folder = stack.back();
      stack.pop_back();
      EXPECT_NE(folder, start) << start << " reaches itself through its includes";
      if (folder == start || !seen.insert(folder).second) continue;
      const auto it = graph.find(folder);
      if (it != graph.end()) stack.insert(stack.end(), it->second.begin(), it->second.end());
    }
  }
}

}  // namespace
}  // namespace softpower::testing
