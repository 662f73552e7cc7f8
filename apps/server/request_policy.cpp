#include "apps/server/request_policy.hpp"

#include <algorithm>

#include "softpower/core/error.hpp"
#include "softpower/core/text.hpp"

namespace softpower::server {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// An address as a Host header names it: IPv6 in brackets, the rest in lower case.
std::string as_host(std::string_view address) {
  if (address.find(':') == std::string_view::npos || address.front() == '[')
    return lower_ascii(address);
  std::string out(1, '[');
  out += lower_ascii(address);
  out += ']';
  return out;
}

// The name part of host[:port] ("[::1]:8765" -> "[::1]"), or "" when it has none.
std::string_view name_of(std::string_view host) {
  if (!host.empty() && host.front() == '[') {
    const std::size_t end = host.find(']');
    if (end == std::string_view::npos) return {};
    const std::string_view rest = host.substr(end + 1);
    if (!rest.empty() && rest.front() != ':') return {};
    return host.substr(0, end + 1);
  }
  const std::size_t colon = host.find(':');
  return host.substr(0, colon);
}

}  // namespace

bool is_host_name(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  if (name.front() == '[') {
    if (name.size() < 4 || name.back() != ']') return false;
    const std::string_view inside = name.substr(1, name.size() - 2);
    return inside.find(':') != std::string_view::npos &&
           std::all_of(inside.begin(), inside.end(), [](char c) {
             const char l = lower(c);
             return (l >= '0' && l <= '9') || (l >= 'a' && l <= 'f') || c == ':' || c == '.';
           });
  }
  bool alnum = false;
  for (const char c : name) {
    const char l = lower(c);
    const bool letter_or_digit = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9');
    if (!letter_or_digit && c != '-' && c != '.' && c != '_') return false;
    alnum = alnum || letter_or_digit;
  }
  return alnum;
}

HostPolicy::HostPolicy(std::string_view listen_address)
    : names_{"127.0.0.1", "localhost", "[::1]"} {
  if (!listen_address.empty()) {
    const std::string listen = as_host(listen_address);
    if (std::find(names_.begin(), names_.end(), listen) == names_.end()) names_.push_back(listen);
  }
}

void HostPolicy::allow(std::string_view name) {
  if (!is_host_name(name)) {
    throw Error("--allow-host: '" + std::string(name) +
                "' is not a host name or address (letters, digits, '-', '.', '_', or an IPv6 "
                "address in brackets; no port, scheme or path)");
  }
  std::string n = lower_ascii(name);
  if (std::find(names_.begin(), names_.end(), n) == names_.end()) names_.push_back(std::move(n));
}

bool HostPolicy::allows_host(std::string_view host, std::string_view local_address) const {
  const std::string_view name = name_of(trim(host));
  if (name.empty()) return false;
  for (const std::string& allowed : names_) {
    if (iequals_ascii(name, allowed)) return true;
  }
  return !local_address.empty() && iequals_ascii(name, as_host(local_address));
}

bool HostPolicy::allows_origin(std::string_view origin, std::string_view local_address) const {
  origin = trim(origin);
  std::size_t scheme = 0;
  if (origin.size() > 7 && iequals_ascii(origin.substr(0, 7), "http://")) {
    scheme = 7;
  } else if (origin.size() > 8 && iequals_ascii(origin.substr(0, 8), "https://")) {
    scheme = 8;
  } else {
    return false;  // "null" (a sandboxed page, a file) or anything else
  }
  const std::string_view host = origin.substr(scheme);
  if (host.find('/') != std::string_view::npos) return false;
  return allows_host(host, local_address);
}

bool is_json_media_type(std::string_view content_type) {
  const std::size_t semicolon = content_type.find(';');
  return iequals_ascii(trim(content_type.substr(0, semicolon)), "application/json");
}

const std::vector<std::pair<std::string, std::string>>& security_headers() {
  static const std::vector<std::pair<std::string, std::string>> headers = {
      // The dashboard's own scripts only; its inline style attributes (colours in tables,
      // ECharts' SVG) need 'unsafe-inline' for styles, never for scripts.
      {"Content-Security-Policy",
       "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' "
       "data:; connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
       "form-action 'self'; frame-ancestors 'none'"},
      {"X-Frame-Options", "DENY"},
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"Cross-Origin-Resource-Policy", "same-origin"}};
  return headers;
}

const std::string& security_header_lines() {
  static const std::string lines = [] {
    std::string out;
    for (const auto& [name, value] : security_headers()) {
      out += name;
      out += ": ";
      out += value;
      out += "\r\n";
    }
    return out;
  }();
  return lines;
}

}  // namespace softpower::server
