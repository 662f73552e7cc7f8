#pragma once
// Who may talk to the server, decided on a request's headers (pure, no sockets):
// - the Host names it serves, so a web page whose name was rebound to 127.0.0.1 (DNS
//   rebinding) cannot read it: 127.0.0.1, localhost and [::1] by default, the address it
//   listens on, the local address a connection came to (an address, never a name) and the
//   names given with --allow-host;
// - the Origin of a browser's request, which must name one of those hosts;
// - a JSON body on every POST, so a cross-site form or a text/plain fetch (which a browser
//   sends without asking the server first) cannot start work;
// - the security headers every answer carries (docs/serve.md).

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace softpower::server {

class HostPolicy {
 public:
  /// The defaults (127.0.0.1, localhost, [::1]) and the listening address.
  explicit HostPolicy(std::string_view listen_address = "127.0.0.1");
  /// Adds a name or address; throws Error when `name` is not one (is_host_name).
  void allow(std::string_view name);
  /// Whether a Host header's value names this server: an allowed name, or `local_address`
  /// (the address the connection came to), with any port or none. Names compare without
  /// regard to case.
  bool allows_host(std::string_view host, std::string_view local_address = {}) const;
  /// Whether an Origin header's value (scheme://host[:port]) names this server; "null" does not.
  bool allows_origin(std::string_view origin, std::string_view local_address = {}) const;
  const std::vector<std::string>& names() const { return names_; }

 private:
  std::vector<std::string> names_;  // lower case; IPv6 addresses in brackets
};

/// A host name or address as --allow-host takes it: letters, digits, '-', '.' and '_' (at
/// most 253 characters), or an IPv6 address in brackets; no port, scheme or path.
bool is_host_name(std::string_view name);

/// Whether a Content-Type is JSON: application/json, any case, optionally with parameters
/// ("application/json; charset=utf-8").
bool is_json_media_type(std::string_view content_type);

/// The headers every answer carries: a Content-Security-Policy that lets the dashboard load
/// only its own files (and no page frame it), X-Frame-Options, X-Content-Type-Options,
/// Referrer-Policy and Cross-Origin-Resource-Policy.
const std::vector<std::pair<std::string, std::string>>& security_headers();
/// The same as "Name: value\r\n" lines, for answers written without httplib.
const std::string& security_header_lines();

}  // namespace softpower::server
