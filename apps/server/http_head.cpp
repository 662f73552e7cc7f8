#include "apps/server/http_head.hpp"

#include <algorithm>
#include <array>

namespace softpower::server {

namespace {

// RFC 9110's tchar: the characters of a method or a header name.
constexpr std::array<bool, 256> token_table() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
  for (const char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kToken = token_table();

bool is_token(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(),
                                   [](char c) { return kToken[static_cast<unsigned char>(c)]; });
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool is_space_or_tab(char c) {
  return c == ' ' || c == '\t';
}

// host [":" port]: a name of letters, digits, '-', '.' and '_', or an IPv6 literal in
// brackets; a port of 1 to 5 digits. No '%': httplib decodes %xx in header values, and what
// it decodes must be what was checked.
bool is_host_value(std::string_view v) {
  std::size_t end = 0;
  if (!v.empty() && v.front() == '[') {
    end = v.find(']');
    if (end == std::string_view::npos || end < 3) return false;
    for (std::size_t k = 1; k < end; ++k) {
      const char c = v[k];
      if (!(is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'f') || c == ':' || c == '.'))
        return false;
    }
    ++end;
  } else {
    while (end < v.size() && v[end] != ':') {
      const char c = v[end];
      if (!(is_digit(c) || (lower(c) >= 'a' && lower(c) <= 'z') || c == '-' || c == '.' ||
            c == '_'))
        return false;
      ++end;
    }
    if (end == 0) return false;
  }
  if (end == v.size()) return true;
  if (v[end] != ':') return false;
  const std::string_view port = v.substr(end + 1);
  return !port.empty() && port.size() <= 5 && std::all_of(port.begin(), port.end(), is_digit);
}

}  // namespace

HeadVerdict HeadScanner::refuse(int status, std::string_view reason) {
  verdict_ = HeadVerdict{HeadVerdict::Kind::refused, status, reason, 0, 0};
  return verdict_;
}

HeadVerdict HeadScanner::scan(std::string_view received) {
  if (verdict_.kind != HeadVerdict::Kind::incomplete) return verdict_;
  for (;;) {
    const bool first = first_line_;
    const std::size_t limit = first ? limits_.max_request_line : limits_.max_field_line;
    const int too_long = first ? 414 : 431;
    const std::string_view too_long_reason =
        first ? "the request line is too long" : "a header line is too long";
    if (pos_ > received.size()) return refuse(400, "bad request");  // not the same bytes
    const std::string_view rest = received.substr(pos_);
    const std::size_t nl = rest.find('\n');
    // The line limit is broken once pos_ + limit bytes have arrived without the line's LF, the
    // head limit once max_head bytes have: the one broken at the shorter length is the
    // verdict, so it is the same however the bytes were cut into pieces.
    const auto over = [&](bool line_over, bool head_over) {
      if (line_over && (!head_over || pos_ + limit <= limits_.max_head))
        return refuse(too_long, too_long_reason);
      return head_over ? refuse(431, "the request head is too large") : HeadVerdict{};
    };
    if (nl == std::string_view::npos) {
      // The line ends later: with its LF it will be longer than rest.
      return over(rest.size() >= limit, received.size() >= limits_.max_head);
    }
    const std::size_t size = nl + 1;
    if (const HeadVerdict v = over(size > limit, pos_ + size > limits_.max_head);
        v.kind == HeadVerdict::Kind::refused)
      return v;
    if (nl == 0 || rest[nl - 1] != '\r')
      return refuse(400, "a line of the request head ends in LF without CR");
    const std::string_view line = rest.substr(0, nl - 1);
    if (line.find('\r') != std::string_view::npos)
      return refuse(400, "a CR inside a line of the request head");
    pos_ += size;
    if (first) {
      first_line_ = false;
      const HeadVerdict v = request_line(line);
      if (v.kind == HeadVerdict::Kind::refused) return v;
      continue;
    }
    if (line.empty()) return end_of_head();
    const HeadVerdict v = field_line(line);
    if (v.kind == HeadVerdict::Kind::refused) return v;
  }
}

HeadVerdict HeadScanner::request_line(std::string_view line) {
  const std::size_t sp1 = line.find(' ');
  const std::size_t sp2 = sp1 == std::string_view::npos ? sp1 : line.find(' ', sp1 + 1);
  if (sp2 == std::string_view::npos || line.find(' ', sp2 + 1) != std::string_view::npos)
    return refuse(400, "the request line is not 'METHOD /path HTTP/1.1'");
  const std::string_view method = line.substr(0, sp1);
  const std::string_view target = line.substr(sp1 + 1, sp2 - sp1 - 1);
  const std::string_view version = line.substr(sp2 + 1);
  if (!is_token(method) || target.empty() || !std::all_of(target.begin(), target.end(), [](char c) {
        return static_cast<unsigned char>(c) > 0x20 && static_cast<unsigned char>(c) < 0x7f;
      }))
    return refuse(400, "the request line is not 'METHOD /path HTTP/1.1'");
  if (version != "HTTP/1.1" && version != "HTTP/1.0") {
    if (version.size() == 8 && version.substr(0, 5) == "HTTP/" && is_digit(version[5]) &&
        version[6] == '.' && is_digit(version[7]))
      return refuse(505, "only HTTP/1.1 and HTTP/1.0 are spoken here");
    return refuse(400, "the request line is not 'METHOD /path HTTP/1.1'");
  }
  if (method == "GET") {
    method_ = Method::get;
  } else if (method == "HEAD") {
    method_ = Method::head;
  } else if (method == "POST") {
    method_ = Method::post;
  } else if (method == "DELETE") {
    method_ = Method::del;
  } else {
    return refuse(501, "the method is not one this server answers (GET, HEAD, POST, DELETE)");
  }
  if (target.front() != '/')
    return refuse(400, "the request target must be a path starting with '/'");
  // httplib refuses a second '?' (legal in a query) without reading the header lines after
  // it, which a plain httplib server then takes for requests: refused here, as one request.
  if (std::count(target.begin(), target.end(), '?') > 1)
    return refuse(400, "the request target has more than one '?'");
  return {};
}

HeadVerdict HeadScanner::field_line(std::string_view line) {
  if (is_space_or_tab(line.front()))
    return refuse(400, "a header line starts with white space (folded lines are not accepted)");
  const std::size_t colon = line.find(':');
  if (colon == std::string_view::npos || !is_token(line.substr(0, colon)))
    return refuse(400, "a header line is not 'Name: value'");
  const std::string_view name = line.substr(0, colon);
  std::string_view value = line.substr(colon + 1);
  while (!value.empty() && is_space_or_tab(value.front())) value.remove_prefix(1);
  while (!value.empty() && is_space_or_tab(value.back())) value.remove_suffix(1);
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if ((u < 0x20 && c != '\t') || u == 0x7f)
      return refuse(400, "a control character in a header value");
  }
  if (++fields_ > limits_.max_fields) return refuse(431, "too many header lines");
  if (iequals(name, "content-length")) {
    if (content_length_) return refuse(400, "more than one Content-Length");
    content_length_ = true;
    if (value.empty() || !std::all_of(value.begin(), value.end(), is_digit))
      return refuse(400, "bad request: Content-Length is not a number");
    if (value.size() > 18) return refuse(413, "the request body is too large");
    length_ = 0;
    for (const char c : value) length_ = length_ * 10 + static_cast<std::uint64_t>(c - '0');
    if (length_ > limits_.max_body) return refuse(413, "the request body is too large");
  } else if (iequals(name, "transfer-encoding")) {
    if (transfer_encoding_) return refuse(501, "a Transfer-Encoding this server does not take");
    transfer_encoding_ = true;
    chunked_ = iequals(value, "chunked");
  } else if (iequals(name, "content-encoding")) {
    if (!iequals(value, "identity")) {
      return refuse(415,
                    "compressed request bodies are not accepted (Content-Encoding): send the "
                    "body uncompressed");
    }
  } else if (iequals(name, "remote_addr") || iequals(name, "remote_port") ||
             iequals(name, "local_addr") || iequals(name, "local_port")) {
    // httplib adds these names to every request for the peer's and its own address; one sent
    // by the client would come first in the lookup, a spoofed address.
    return refuse(400, "a header name the server reserves (REMOTE_ADDR, LOCAL_PORT, ...)");
  } else if (iequals(name, "host")) {
    if (host_) return refuse(400, "more than one Host header");
    host_ = true;
    if (!is_host_value(value)) return refuse(400, "the Host header is not a host name");
  }
  return {};
}

HeadVerdict HeadScanner::end_of_head() {
  if (!host_) return refuse(400, "the Host header is missing");
  if (transfer_encoding_) {
    if (content_length_) return refuse(400, "both Content-Length and Transfer-Encoding");
    if (chunked_)
      return refuse(411, "send the body with a Content-Length (chunked bodies are not accepted)");
    return refuse(501, "a Transfer-Encoding this server does not take");
  }
  if ((method_ == Method::get || method_ == Method::head) && length_ > 0)
    return refuse(400, "a GET or HEAD request has no body");
  if (method_ == Method::post && !content_length_)
    return refuse(411, "a POST needs a Content-Length");
  verdict_ = HeadVerdict{HeadVerdict::Kind::complete, 0, {}, pos_, length_};
  return verdict_;
}

HeadVerdict check_head(std::string_view received, const HeadLimits& limits) {
  HeadScanner scanner(limits);
  return scanner.scan(received);
}

}  // namespace softpower::server
