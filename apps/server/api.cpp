#include "apps/server/api.hpp"

#include <algorithm>
#include <mutex>

#include "softpower/core/error.hpp"

namespace softpower::server {

namespace fs = std::filesystem;

nlohmann::json ApiError::body() const {
  nlohmann::json j = {{"error", what()}};
  if (!param_.empty()) j["param"] = param_;
  return j;
}

std::string operation_path(const Operation& op) {
  if (!op.http_path.empty()) return op.http_path;
  std::string path = "/api/";
  for (char c : op.name) path += c == ' ' ? '/' : c;
  return path;
}

namespace {

// Whether `path` fits the declared `pattern`, segment by segment; a "{name}" segment takes any
// one non-empty segment into `captured`.
bool path_matches(std::string_view pattern, std::string_view path,
                  std::map<std::string, std::string>& captured) {
  captured.clear();
  for (;;) {
    const std::size_t p_end = pattern.find('/');
    const std::size_t s_end = path.find('/');
    const std::string_view p_seg = pattern.substr(0, p_end);
    const std::string_view s_seg = path.substr(0, s_end);
    if (p_seg.size() > 2 && p_seg.front() == '{' && p_seg.back() == '}') {
      if (s_seg.empty()) return false;
      captured[std::string(p_seg.substr(1, p_seg.size() - 2))] = std::string(s_seg);
    } else if (p_seg != s_seg) {
      return false;
    }
    if (p_end == std::string_view::npos || s_end == std::string_view::npos) return p_end == s_end;
    pattern.remove_prefix(p_end + 1);
    path.remove_prefix(s_end + 1);
  }
}

}  // namespace

namespace {

// The paths of a registry's operations, made once (a request is routed by them).
const std::vector<std::string>& paths_of(const OperationRegistry& registry) {
  static std::mutex mutex;
  static std::map<const OperationRegistry*, std::vector<std::string>> made;
  std::lock_guard<std::mutex> lock(mutex);
  std::vector<std::string>& paths = made[&registry];
  if (paths.size() != registry.all().size()) {
    paths.clear();
    for (const Operation& op : registry.all()) paths.push_back(operation_path(op));
  }
  return paths;
}

}  // namespace

const Operation* operation_at(const OperationRegistry& registry, std::string_view path, bool get,
                              std::map<std::string, std::string>* captured) {
  const Operation* other = nullptr;
  std::map<std::string, std::string> found;
  std::map<std::string, std::string> other_found;
  const std::vector<std::string>& paths = paths_of(registry);
  for (std::size_t k = 0; k < paths.size(); ++k) {
    const Operation& op = registry.all()[k];
    if (!path_matches(paths[k], path, found)) continue;
    if (op.get == get) {
      if (captured != nullptr) *captured = found;
      return &op;
    }
    other = &op;
    other_found = found;
  }
  if (captured != nullptr) *captured = other_found;
  return other;
}

nlohmann::json parse_body(std::string_view body) {
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos) return nlohmann::json::object();
  nlohmann::json j = nlohmann::json::parse(body, nullptr, false);
  if (j.is_discarded()) throw ApiError(400, "the request body is not valid JSON");
  if (!j.is_object()) throw ApiError(400, "the request body must be a JSON object");
  return j;
}

namespace {

std::string scalar_text(const nlohmann::json& v, const std::string& name) {
  if (v.is_string()) return v.get<std::string>();
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_integer() || v.is_number_unsigned()) return v.dump();
  if (v.is_number_float()) return v.dump();
  throw ApiError(400, "must be a string, a number or a boolean", name);
}

}  // namespace

std::string param_of(const std::string& message) {
  if (message.rfind("--", 0) != 0) return {};
  const auto end = message.find_first_of(": ");
  return message.substr(2, end == std::string::npos ? std::string::npos : end - 2);
}

Args args_from_json(const Operation& op, const nlohmann::json& params) {
  if (!params.is_object()) throw ApiError(400, "parameters must be a JSON object");
  Args args;
  for (const auto& [name, value] : params.items()) {
    const Param* p = op.param(name);
    if (p == nullptr) throw ApiError(400, "unknown parameter of '" + op.name + "'", name);
    if (value.is_null()) continue;
    if (value.is_array()) {
      if (!repeatable(p->type)) throw ApiError(400, "takes one value, not an array", name);
      for (const auto& item : value) args.add(name, scalar_text(item, name));
      if (value.empty()) args.set(name, "");
      continue;
    }
    if (value.is_object()) {
      if (p->type != ParamType::mapping) throw ApiError(400, "must not be an object", name);
      // {code: number} becomes the items code=number (the number in its JSON spelling).
      for (const auto& [key, number] : value.items()) {
        if (!number.is_number())
          throw ApiError(400, "the value of '" + key + "' is not a number", name);
        args.add(name, key + "=" + number.dump());
      }
      if (value.empty()) args.set(name, "");
      continue;
    }
    if (p->type == ParamType::mapping)
      throw ApiError(400, "must be an object {name: number}", name);
    const std::string text = scalar_text(value, name);
    if (text.find('\0') != std::string::npos) throw ApiError(400, "contains a NUL byte", name);
    args.set(name, text);
  }
  for (const auto& [name, values] : args.values()) {
    for (const auto& v : values) {
      if (v.find('\0') != std::string::npos) throw ApiError(400, "contains a NUL byte", name);
    }
  }
  try {
    return op.validate(std::move(args));
  } catch (const Error& e) {
    throw ApiError(400, e.what(), param_of(e.what()));
  }
}

Args args_from_query(const Operation& op, const std::multimap<std::string, std::string>& query) {
  nlohmann::json params = nlohmann::json::object();
  for (const auto& [name, value] : query) {
    const Param* p = op.param(name);
    if (p == nullptr) throw ApiError(400, "unknown parameter of '" + op.name + "'", name);
    // "?index" alone is a flag that is set.
    const std::string text = p->type == ParamType::flag && value.empty() ? "true" : value;
    if (repeatable(p->type)) {
      params[name].push_back(text);
    } else {
      if (params.contains(name)) throw ApiError(400, "given twice", name);
      params[name] = text;
    }
  }
  return args_from_json(op, params);
}

PathRole path_role(const Param& param, std::string_view value) {
  if (!param.is_path(value)) return PathRole::none;
  switch (param.role) {
    case ParamRole::workspace:
      return PathRole::workspace;
    case ParamRole::data_folder:
      return PathRole::data;
    case ParamRole::output_folder:
    case ParamRole::output_file:
      return PathRole::output;
    case ParamRole::input_file:
    case ParamRole::input_folder:
    case ParamRole::input_or_builtin:
      return PathRole::input;
    case ParamRole::value:
    case ParamRole::country:
      break;
  }
  return PathRole::none;
}

bool is_within(const fs::path& path, const fs::path& root) {
  if (root.empty()) return false;
  auto p = path.begin();
  for (auto r = root.begin(); r != root.end(); ++r, ++p) {
    if (r->empty() && std::next(r) == root.end()) return true;  // trailing separator
    if (p == path.end() || *p != *r) return false;
  }
  return true;
}

namespace {

// The canonical form of `path` (symlinks resolved as far as the path exists, '..' folded).
fs::path canonical_of(const fs::path& path) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(path, ec);
  if (ec) return {};
  return c;
}

// A glob's folder is checked in place of the glob ("events/2019*.zip" -> "events").
fs::path checked_part(const fs::path& path) {
  const std::string name = path.filename().string();
  if (name.find_first_of("*?") != std::string::npos) return path.parent_path();
  return path;
}

}  // namespace

std::string confine(const PathPolicy& policy, PathRole role, const std::string& param,
                    const std::string& value) {
  if (role == PathRole::none) return value;
  if (value.empty()) throw ApiError(400, "an empty path", param);
  if (value.find('\0') != std::string::npos) throw ApiError(400, "contains a NUL byte", param);
  const fs::path given(value);
  std::error_code ec;
  if (role == PathRole::workspace) {
    if (!policy.workspace) throw ApiError(400, "this server has no workspace", param);
    if (canonical_of(given.is_absolute() ? given : fs::current_path(ec) / given) !=
            canonical_of(*policy.workspace) &&
        given != policy.workspace->filename()) {
      throw ApiError(400, "only the server's own workspace may be named", param);
    }
    return policy.workspace->string();
  }
  if (role == PathRole::output) {
    if (policy.out_root.empty()) throw ApiError(403, "this server writes no files", param);
    const fs::path full = canonical_of(given.is_absolute() ? given : policy.out_root / given);
    if (full.empty() || !is_within(full, policy.out_root) || full == policy.out_root) {
      throw ApiError(
          400, "outputs must lie inside the server's output folder " + policy.out_root.string(),
          param);
    }
    return full.string();
  }
  std::vector<fs::path> roots = policy.read_roots;
  if (role == PathRole::data) roots = {policy.data_dir};
  const auto allowed = [&](const fs::path& p) {
    const fs::path c = canonical_of(checked_part(p));
    if (c.empty()) return false;
    return std::any_of(roots.begin(), roots.end(),
                       [&](const fs::path& r) { return is_within(c, r); });
  };
  if (given.is_absolute()) {
    if (allowed(given)) return canonical_of(given).string();
  } else {
    for (const fs::path& root : roots) {
      const fs::path candidate = root / given;
      if (fs::exists(checked_part(candidate), ec) && allowed(candidate))
        return canonical_of(candidate).string();
    }
  }
  throw ApiError(400,
                 role == PathRole::data
                     ? "only the server's data directory may be named"
                     : "not found inside the folders this server may read (GET /api lists them)",
                 param);
}

Args confine_args(const Operation& op, const Args& args, const PathPolicy& policy,
                  const std::string& fresh_out) {
  Args out;
  for (const auto& [name, values] : args.values()) {
    const Param* p = op.param(name);
    for (const std::string& v : values) {
      const std::string value = p == nullptr ? v : confine(policy, path_role(*p, v), name, v);
      if (p != nullptr && repeatable(p->type)) {
        out.add(name, value);
      } else {
        out.set(name, value);
      }
    }
    if (values.empty()) out.set(name, "");
  }
  for (const Param& p : op.params) {
    if (out.has(p.name)) continue;
    if (p.role == ParamRole::data_folder && !policy.data_dir.empty())
      out.set(p.name, policy.data_dir.string());
    if (p.role == ParamRole::workspace && policy.workspace)
      out.set(p.name, policy.workspace->string());
    if (p.role == ParamRole::output_folder && !policy.out_root.empty() && !fresh_out.empty())
      out.set(p.name, (policy.out_root / fresh_out).string());
  }
  return out;
}

}  // namespace softpower::server
