#include "apps/server/openapi.hpp"

#include <charconv>

#include "apps/server/api.hpp"

namespace softpower::server {

using nlohmann::json;

namespace {

// A default as the JSON value of its type (the declaration keeps it as text).
json typed_default(const Param& p) {
  const std::string& text = p.default_value;
  if (p.type == ParamType::integer) {
    long long v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return v;
  }
  if (p.type == ParamType::real) {
    double v = 0;
    const auto r = std::from_chars(text.data(), text.data() + text.size(), v);
    if (r.ec == std::errc() && r.ptr == text.data() + text.size()) return v;
  }
  if (p.type == ParamType::flag) return text == "true";
  if (p.type == ParamType::list) return json::array({text});
  return text;
}

std::string description_of(const Param& p) {
  std::string d = p.help;
  if (p.role != ParamRole::value) d += " [" + std::string(param_role_name(p.role)) + "]";
  if (p.role == ParamRole::input_or_builtin) {
    d += " (built-in:";
    for (const auto& c : p.choices) d += " " + c;
    d += ")";
  }
  return d;
}

json error_response(const std::string& what) {
  return {
      {"description", what},
      {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Error"}}}}}}}};
}

// "index build" -> "index_build"; "alignment ideal-points" -> "alignment_ideal_points".
std::string operation_id(const std::string& name) {
  std::string id;
  for (char c : name) id += (c == ' ' || c == '-') ? '_' : c;
  return id;
}

json body_schema(const std::vector<Param>& params) {
  json properties = json::object();
  json required = json::array();
  for (const Param& p : params) {
    properties[p.name] = param_schema(p);
    if (p.required) required.push_back(p.name);
  }
  json schema = {{"type", "object"}, {"properties", properties}, {"additionalProperties", false}};
  if (!required.empty()) schema["required"] = required;
  return schema;
}

json operation_entry(const Operation& op) {
  json entry = {{"operationId", operation_id(op.name)},
                {"summary", op.summary},
                {"tags", json::array({op.name.substr(0, op.name.find(' '))})},
                {"x-softpower-writes", op.writes},
                {"x-softpower-job", op.job}};
  if (!op.help.empty()) entry["description"] = op.help;
  if (op.get) {
    json parameters = json::array();
    for (const Param& p : op.params) {
      // A "{name}" segment of the declared path carries that parameter.
      const bool in_path = operation_path(op).find("{" + p.name + "}") != std::string::npos;
      parameters.push_back({{"name", p.name},
                            {"in", in_path ? "path" : "query"},
                            {"required", p.required},
                            {"description", description_of(p)},
                            {"schema", param_schema(p)}});
    }
    if (!parameters.empty()) entry["parameters"] = parameters;
  } else {
    bool any_required = false;
    for (const Param& p : op.params) any_required = any_required || p.required;
    entry["requestBody"] = {
        {"required", any_required},
        {"content", {{"application/json", {{"schema", body_schema(op.params)}}}}}};
  }
  json result = {{"type", "object"},
                 {"description",
                  "the operation's result; \"message\" is the text the command "
                  "line prints"},
                 {"properties", {{"message", {{"type", "string"}}}}}};
  if (op.get || op.answer) result = {{"description", "the operation's result"}};
  if (!op.outputs.empty()) {
    result["properties"]["out"] = {{"type", "string"}, {"description", "where it wrote"}};
    entry["x-softpower-outputs"] = op.describe()["outputs"];
  }
  if (op.media_type != "application/json")
    result = {{"type", "string"}, {"description", "the bytes as stored, with their media type"}};
  json answer = {{"description", "done"}, {"content", {{op.media_type, {{"schema", result}}}}}};
  if (op.job) {
    answer = {
        {"description", "started as a background job: follow its events"},
        {"content", {{"application/json", {{"schema", {{"$ref", "#/components/schemas/Job"}}}}}}}};
  }
  entry["responses"] = {
      {op.job ? "202" : "200", answer},
      {"400", error_response("a parameter is wrong: \"param\" names it")},
      {"503", error_response("busy: retry, or start it as a job (POST /api/jobs)")}};
  if (op.writes) {
    entry["security"] = json::array({{{"writeToken", json::array()}}});
    entry["responses"]["403"] = error_response("this server is read-only, or the token is wrong");
  }
  return entry;
}

// "/api/jobs/{id}" -> its path parameters.
json path_parameters(const std::string& path) {
  json out = json::array();
  std::size_t open = path.find('{');
  while (open != std::string::npos) {
    const std::size_t close = path.find('}', open);
    out.push_back({{"name", path.substr(open + 1, close - open - 1)},
                   {"in", "path"},
                   {"required", true},
                   {"schema", {{"type", "string"}}}});
    open = path.find('{', close);
  }
  return out;
}

json transport_entry(const TransportEndpoint& e) {
  std::string id = "server";
  for (char c : e.method + e.path) id += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  json entry = {{"operationId", id}, {"summary", e.summary}, {"tags", json::array({"server"})}};
  json parameters = path_parameters(e.path);
  for (const Param& p : e.query) {
    parameters.push_back({{"name", p.name},
                          {"in", "query"},
                          {"required", p.required},
                          {"description", p.help},
                          {"schema", param_schema(p)}});
  }
  if (!e.body.is_null()) {
    entry["requestBody"] = {{"required", true},
                            {"content", {{"application/json", {{"schema", e.body}}}}}};
  }
  if (!parameters.empty()) entry["parameters"] = parameters;
  json ok = {{"description", "done"}};
  ok["content"][e.answer] = {{"schema", e.answer == "application/json" ? json{{"type", "object"}}
                                                                       : json{{"type", "string"}}}};
  entry["responses"] = {{std::to_string(e.status), ok},
                        {"400", error_response("a parameter is wrong: \"param\" names it")},
                        {"404", error_response("no such job, run or result")}};
  if (e.writes) entry["security"] = json::array({{{"writeToken", json::array()}}});
  return entry;
}

std::string lower(const std::string& method) {
  std::string m;
  for (char c : method) m += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return m;
}

}  // namespace

const std::vector<TransportEndpoint>& transport_endpoints() {
  static const std::vector<TransportEndpoint> endpoints = {
      {"GET",
       "/api",
       "every endpoint with its parameters, the server's folders and limits",
       {},
       {},
       "application/json"},
      {"GET",
       "/api/openapi.json",
       "this API as an OpenAPI 3.0 document",
       {},
       {},
       "application/json"},
      {"GET", "/api/jobs", "every job with its state", {}, {}, "application/json"},
      {"POST",
       "/api/jobs",
       "start an operation as a background job",
       {},
       {{"type", "object"},
        {"required", {"operation"}},
        {"additionalProperties", false},
        {"properties",
         {{"operation",
           {{"type", "string"}, {"description", "an operation's name, e.g. 'index uncertainty'"}}},
          {"params",
           {{"type", "object"}, {"description", "its parameters, as for POST on its path"}}}}}},
       "application/json",
       202},
      {"GET", "/api/jobs/{id}", "state, progress and result", {}, {}, "application/json"},
      {"GET",
       "/api/jobs/{id}/events",
       "Server-Sent Events: progress, then end",
       {},
       {},
       "text/event-stream"},
      {"DELETE", "/api/jobs/{id}", "cancel", {}, {}, "application/json", 202}};
  return endpoints;
}

json param_schema(const Param& p) {
  json item;
  switch (p.type) {
    case ParamType::integer:
      item = {{"type", "integer"}};
      break;
    case ParamType::real:
    case ParamType::mapping:
      item = {{"type", "number"}};
      break;
    case ParamType::flag:
      item = {{"type", "boolean"}};
      break;
    case ParamType::choice:
      item = {{"type", "string"}, {"enum", p.choices}};
      break;
    default:
      item = {{"type", "string"}};
      break;
  }
  p.put_bounds(item);
  json schema = p.type == ParamType::list ? json{{"type", "array"}, {"items", item}}
                : p.type == ParamType::mapping
                    ? json{{"type", "object"}, {"additionalProperties", item}}
                    : item;
  schema["description"] = description_of(p);
  if (p.role != ParamRole::value) schema["x-softpower-role"] = param_role_name(p.role);
  if (p.role == ParamRole::input_or_builtin) schema["x-softpower-builtins"] = p.choices;
  if (!p.default_value.empty()) schema["default"] = typed_default(p);
  return schema;
}

json openapi_document(const std::vector<const Operation*>& operations) {
  json paths = json::object();
  for (const Operation* op : operations)
    paths[operation_path(*op)][op->get ? "get" : "post"] = operation_entry(*op);
  for (const TransportEndpoint& e : transport_endpoints())
    paths[e.path][lower(e.method)] = transport_entry(e);
  return {{"openapi", "3.0.3"},
          {"info",
           {{"title", "softpower"},
            {"version", SOFTPOWER_VERSION},
            {"description",
             "Measure, track, evaluate and simulate soft power and cultural diplomacy. Every path "
             "but the server's own (tag 'server') is an operation declared once in "
             "src/softpower/ops/; this document is generated from those declarations. Paths are "
             "confined by each parameter's role (x-softpower-role): inputs under the server's read "
             "roots, outputs under its output root."}}},
          {"paths", paths},
          {"components",
           {{"schemas",
             {{"Error",
               {{"type", "object"},
                {"required", json::array({"error"})},
                {"properties",
                 {{"error", {{"type", "string"}}},
                  {"param", {{"type", "string"}, {"description", "the parameter at fault"}}}}}}},
              {"Job",
               {{"type", "object"},
                {"required", json::array({"id", "events"})},
                {"properties",
                 {{"id", {{"type", "integer"}}},
                  {"events",
                   {{"type", "string"},
                    {"description",
                     "its Server-Sent Events; GET /api/jobs/{id} has the result"}}}}}}}}},
            {"securitySchemes",
             {{"writeToken",
               {{"type", "http"},
                {"scheme", "bearer"},
                {"description", "the token given to softpower serve --write-token"}}}}}}}};
}

}  // namespace softpower::server
