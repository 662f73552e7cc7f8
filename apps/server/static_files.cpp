#include "apps/server/static_files.hpp"

#include <algorithm>
#include <map>

#include "apps/server/api.hpp"

namespace softpower::server {

namespace fs = std::filesystem;

std::string media_type_of(const fs::path& file) {
  static const std::map<std::string, std::string> types = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".map", "application/json"},
      {".txt", "text/plain; charset=utf-8"},
      {".csv", "text/csv; charset=utf-8"}};
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  auto it = types.find(ext);
  return it == types.end() ? "application/octet-stream" : it->second;
}

StaticFile resolve_static(const fs::path& web_dir, std::string_view request_path) {
  StaticFile out;
  if (web_dir.empty()) return out;
  if (request_path.empty() || request_path.front() != '/' ||
      request_path.find('\0') != std::string_view::npos ||
      request_path.find('\\') != std::string_view::npos || request_path.size() > 1024) {
    out.status = 400;
    return out;
  }
  std::string relative(request_path.substr(1));
  if (relative.empty() || relative.back() == '/') relative += "index.html";
  const fs::path rel(relative);
  for (const auto& part : rel) {
    if (part == "..") {
      out.status = 400;
      return out;
    }
  }
  std::error_code ec;
  const fs::path full = fs::canonical(web_dir / rel, ec);
  if (ec || !is_within(full, web_dir) || !fs::is_regular_file(full, ec)) return out;
  out.status = 200;
  out.path = full;
  out.media_type = media_type_of(full);
  return out;
}

}  // namespace softpower::server
