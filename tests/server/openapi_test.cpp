// The OpenAPI document (GET /api/openapi.json) is generated from the declarations: every
// operation is a path with its parameters' types, bounds, choices, defaults and required ones,
// and the document passes scripts/openapi_check.py (OpenAPI 3.0.3's rules and JSON Schema
// draft 4 through Debian's python3-jsonschema).

#include "apps/server/openapi.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "apps/server/api.hpp"
#include "softpower/operations.hpp"
#include "support/paths.hpp"

namespace softpower::server {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json document() {
  std::vector<const Operation*> all;
  for (const Operation& op : operations().all()) all.push_back(&op);
  return openapi_document(all);
}

// Runs scripts/openapi_check.py on `doc`: its exit status and what it printed.
std::pair<int, std::string> check(const json& doc) {
  const fs::path file =
      fs::temp_directory_path() / ("softpower-openapi-" + std::to_string(::getpid()) + ".json");
  std::ofstream(file) << doc.dump(2);
  const std::string script = (testing::source_dir() / "scripts" / "openapi_check.py").string();
  FILE* pipe = popen(("python3 " + script + " " + file.string() + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buffer[4096];
  std::size_t n = 0;
  while ((n = fread(buffer, 1, sizeof buffer, pipe)) > 0) out.append(buffer, n);
  const int raw = pclose(pipe);
  fs::remove(file);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

// Without python3 or python3-jsonschema the check is skipped, saying so, except under CI.
bool checker_missing(int status) {
  return (status == 3 || status == 127) && std::getenv("CI") == nullptr;
}

TEST(OpenApi, EveryOperationIsAPathWithItsDeclaredParameters) {
  const json doc = document();
  for (const Operation& op : operations().all()) {
    const std::string path = operation_path(op);
    ASSERT_TRUE(doc["paths"].contains(path)) << op.name;
    if (op.get) {
      // Served by GET: every parameter in the query string, no body.
      const json& entry = doc["paths"][path]["get"];
      EXPECT_FALSE(entry.contains("requestBody")) << op.name;
      EXPECT_EQ(entry.value("parameters", json::array()).size(), op.params.size()) << op.name;
      continue;
    }
    const json& entry = doc["paths"][path]["post"];
    const json& schema = entry["requestBody"]["content"]["application/json"]["schema"];
    EXPECT_EQ(schema["properties"].size(), op.params.size()) << op.name;
    EXPECT_EQ(entry["x-softpower-writes"], op.writes) << op.name;
    EXPECT_EQ(entry.contains("security"), op.writes) << op.name;
    for (const Param& p : op.params) {
      ASSERT_TRUE(schema["properties"].contains(p.name)) << op.name << " --" << p.name;
      const bool required = schema.contains("required") &&
                            std::find(schema["required"].begin(), schema["required"].end(),
                                      json(p.name)) != schema["required"].end();
      EXPECT_EQ(required, p.required) << op.name << " --" << p.name;
    }
  }
  // Types, bounds, choices, defaults and roles as declared.
  const json& simulate = doc["paths"]["/api/simulate"]["post"]["requestBody"]["content"]
                            ["application/json"]["schema"]["properties"];
  EXPECT_EQ(simulate["L"]["type"], "integer");
  EXPECT_EQ(simulate["L"]["minimum"], 1);
  EXPECT_EQ(simulate["L"]["maximum"], 10000);
  EXPECT_EQ(simulate["L"]["default"], 10);
  EXPECT_EQ(simulate["p"]["type"], "number");
  EXPECT_EQ(simulate["p"]["maximum"], 1.0);
  EXPECT_EQ(simulate["periodic"]["type"], "boolean");
  EXPECT_EQ(simulate["graph"]["enum"], json({"lattice", "small-world", "scale-free"}));
  EXPECT_EQ(simulate["scenario"]["x-softpower-role"], "input file or built-in name");
  EXPECT_EQ(simulate["scenario"]["x-softpower-builtins"], json({"axelrod"}));
  EXPECT_EQ(simulate["out"]["x-softpower-role"], "output folder");
  const json& shifts = doc["paths"]["/api/perception/shifts"]["post"];
  EXPECT_EQ(shifts["requestBody"]["content"]["application/json"]["schema"]["properties"]["country"]
                  ["type"],
            "array");
  EXPECT_EQ(shifts["x-softpower-outputs"][0]["name"], "series.csv");
  EXPECT_TRUE(doc["paths"].contains("/api/jobs/{id}/events"));
}

// Jobs answer 202 with the job's id and events; a map is an object of bounded numbers; stored
// bytes are whatever media type they were stored with.
TEST(OpenApi, JobsMapsAndStoredBytes) {
  const json doc = document();
  for (const Operation& op : operations().all()) {
    const json& entry = doc["paths"][operation_path(op)][op.get ? "get" : "post"];
    EXPECT_EQ(entry["x-softpower-job"], op.job) << op.name;
    EXPECT_EQ(entry["responses"].contains("202"), op.job) << op.name;
    EXPECT_EQ(entry["responses"].contains("200"), !op.job) << op.name;
  }
  const json& intervals = doc["paths"]["/api/index/intervals"]["post"];
  EXPECT_EQ(intervals["responses"]["202"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/Job");
  const json& weights = doc["paths"]["/api/index/reweight"]["post"]["requestBody"]["content"]
                           ["application/json"]["schema"]["properties"]["weights"];
  EXPECT_EQ(weights["type"], "object");
  EXPECT_EQ(weights["additionalProperties"]["type"], "number");
  EXPECT_EQ(weights["additionalProperties"]["minimum"], 0.0);
  const json& result = doc["paths"]["/api/runs/{id}/results/{name}"]["get"];
  EXPECT_TRUE(result["responses"]["200"]["content"].contains("*/*")) << result.dump();
  EXPECT_EQ(result["parameters"].size(), 3u);  // workspace (query), id and name (path)
}

TEST(OpenApi, TheDocumentValidates) {
  const auto [status, out] = check(document());
  if (checker_missing(status)) {
    GTEST_SKIP() << "the OpenAPI check needs python3 and python3-jsonschema "
                    "(scripts/setup.sh installs them): "
                 << out;
  }
  EXPECT_EQ(status, 0) << out;
}

// The checker is not a formality: a document with the faults a generator could make fails.
TEST(OpenApi, TheCheckerFindsFaults) {
  json doc = document();
  doc["paths"]["/api/index/build"]["post"]["responses"] = json::object();
  doc["paths"]["/api/simulate"]["post"]["requestBody"]["content"]["application/json"]["schema"]
     ["properties"]["L"]["type"] = json({"integer", "null"});
  doc["paths"]["/api/jobs/{id}"]["get"].erase("parameters");
  const auto [status, out] = check(doc);
  if (checker_missing(status)) GTEST_SKIP() << "needs python3-jsonschema: " << out;
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("POST /api/index/build: an Operation Object needs responses"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("properties.L: type must be one of"), std::string::npos) << out;
  EXPECT_NE(out.find("GET /api/jobs/{id}: path parameters [] do not match"), std::string::npos)
      << out;
}

}  // namespace
}  // namespace softpower::server
