#pragma once
// The dashboard's static files, confined to the web folder: the request path (already
// percent-decoded by the HTTP layer) must not contain '..', a backslash or a NUL, and the
// file it names, with symlinks resolved, must lie inside the folder.

#include <filesystem>
#include <string>
#include <string_view>

namespace softpower::server {

struct StaticFile {
  int status = 404;  ///< 200, 400 (a forbidden path) or 404
  std::filesystem::path path;
  std::string media_type;
};

/// `web_dir` canonical ("" = no front-end: always 404). "/" is index.html.
StaticFile resolve_static(const std::filesystem::path& web_dir, std::string_view request_path);

std::string media_type_of(const std::filesystem::path& file);

}  // namespace softpower::server
