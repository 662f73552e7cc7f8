#include "apps/server/fuzz_entry.hpp"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <string>
#include <string_view>

// After Eigen (httplib.h's OpenSSL macros break Eigen's headers).
#include <httplib.h>

#include "apps/server/api.hpp"
#include "apps/server/http_head.hpp"
#include "apps/server/request_policy.hpp"
#include "apps/server/static_files.hpp"
#include "softpower/core/build_info.hpp"
#include "softpower/operations.hpp"

namespace softpower::server {

namespace {

// Folders that exist on every machine, so confinement has something to check against.
const PathPolicy& fuzz_policy() {
  static const PathPolicy policy = [] {
    namespace fs = std::filesystem;
    PathPolicy p;
    const fs::path tmp = fs::canonical(fs::temp_directory_path());
    p.read_roots = {fs::canonical(source_dir() / "examples")};
    p.out_root = tmp;
    p.data_dir = p.read_roots.front();
    p.workspace = tmp / "softpower-fuzz.workspace";
    return p;
  }();
  return policy;
}

// A request's bytes as httplib's Stream: reads come from the buffer, answers go nowhere.
class MemoryStream : public httplib::Stream {
 public:
  explicit MemoryStream(std::string_view bytes) : bytes_(bytes) {}
  bool is_readable() const override { return used_ < bytes_.size(); }
  bool is_writable() const override { return true; }
  ssize_t read(char* ptr, size_t size) override {
    const std::size_t n = std::min(size, bytes_.size() - used_);
    std::memcpy(ptr, bytes_.data() + used_, n);
    used_ += n;
    return static_cast<ssize_t>(n);
  }
  ssize_t write(const char*, size_t size) override { return static_cast<ssize_t>(size); }
  void get_remote_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 1;
  }
  void get_local_ip_and_port(std::string& ip, int& port) const override {
    ip = "127.0.0.1";
    port = 2;
  }
  socket_t socket() const override { return 0; }
  std::size_t used() const { return used_; }

 private:
  std::string_view bytes_;
  std::size_t used_ = 0;
};

// httplib's own parsing and routing, with handlers that record what it parsed.
class RecordingServer : public httplib::Server {
 public:
  RecordingServer() {
    const auto record = [this](const httplib::Request& req, httplib::Response& res) {
      called = true;
      method = req.method;
      body_size = req.body.size();
      fields = 0;
      for (const auto& [name, value] : req.headers) {
        if (name != "REMOTE_ADDR" && name != "REMOTE_PORT" && name != "LOCAL_ADDR" &&
            name != "LOCAL_PORT")
          ++fields;
      }
      res.set_content("{}", "application/json");
    };
    Get(".*", record);
    Post(".*", record);
    Delete(".*", record);
  }
  // One request from `bytes`; the bytes httplib read.
  std::size_t answer(std::string_view bytes) {
    called = false;
    MemoryStream stream(bytes);
    bool closed = false;
    process_request(stream, false, closed, nullptr);
    return stream.used();
  }
  bool called = false;
  std::string method;
  std::size_t body_size = 0, fields = 0;
};

bool icontains(std::string_view text, std::string_view what) {
  return std::search(text.begin(), text.end(), what.begin(), what.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) ==
                  std::tolower(static_cast<unsigned char>(b));
         }) != text.end();
}

// Header lines with a value: httplib leaves out the ones whose value is empty.
std::size_t fields_with_values(std::string_view head) {
  std::size_t n = 0;
  std::size_t line = head.find("\r\n") + 2;
  while (line < head.size()) {
    const std::size_t end = head.find("\r\n", line);
    const std::string_view field = head.substr(line, end - line);
    line = end + 2;
    std::string_view value = field.substr(std::min(field.find(':') + 1, field.size()));
    while (!value.empty() && (value.front() == ' ' || value.front() == '\t'))
      value.remove_prefix(1);
    if (!value.empty()) ++n;
  }
  return n;
}

}  // namespace

int fuzz_http_head(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  HeadLimits limits;
  limits.max_body = 4096;    // a body is padded to its announced size below
  if ((data[0] & 1) != 0) {  // small limits, so that every limit is reached
    limits.max_request_line = 16 + data[0] % 64;
    limits.max_field_line = 8 + data[0] % 32;
    limits.max_fields = data[0] % 8;
    limits.max_head = 32 + data[0];
    limits.max_body = data[0] % 16;
  }
  const std::string_view bytes(reinterpret_cast<const char*>(data + 2), size - 2);

  const HeadVerdict whole = check_head(bytes, limits);
  // The same bytes in pieces, as they might arrive.
  HeadScanner scanner(limits);
  HeadVerdict pieces;
  std::uint32_t cut = data[1] * 2654435761u + 1;
  for (std::size_t at = 0;;) {
    cut = cut * 1103515245u + 12345u;
    at = std::min(bytes.size(), at + 1 + (cut >> 16) % 37);
    pieces = scanner.scan(bytes.substr(0, at));
    if (pieces.kind != HeadVerdict::Kind::incomplete || at == bytes.size()) break;
  }
  if (!(pieces == whole)) __builtin_trap();

  // The request policy on the same bytes, as a header value would carry them.
  HostPolicy hosts;
  (void)hosts.allows_host(bytes, "127.0.0.1");
  (void)hosts.allows_origin(bytes);
  (void)is_json_media_type(bytes);
  if (is_host_name(bytes)) hosts.allow(bytes);

  if (whole.kind == HeadVerdict::Kind::refused) {
    static constexpr int kStatuses[] = {400, 411, 413, 414, 415, 431, 501, 505};
    if (std::find(std::begin(kStatuses), std::end(kStatuses), whole.status) ==
            std::end(kStatuses) ||
        whole.reason.empty())
      __builtin_trap();
    return 0;
  }
  if (whole.kind != HeadVerdict::Kind::complete) return 0;
  const std::string_view head = bytes.substr(0, whole.head_size);
  if (head.size() < 4 || head.substr(head.size() - 4) != "\r\n\r\n" ||
      whole.body_size > limits.max_body)
    __builtin_trap();
  // httplib reads the request the head check framed: the same fields, the whole body, and
  // not one byte more.
  static RecordingServer httplib_server;
  std::string request(head);
  request += bytes.substr(whole.head_size, static_cast<std::size_t>(whole.body_size));
  request.resize(whole.head_size + static_cast<std::size_t>(whole.body_size), 'x');
  request += "GET /next HTTP/1.1\r\n";  // what a pipelining client sends after it
  const std::size_t read = httplib_server.answer(request);
  const std::size_t framed = whole.head_size + static_cast<std::size_t>(whole.body_size);
  // When httplib did not call the handler, it refused a body it parses itself (a form) or a
  // Range it cannot read; nothing else. Either way it never reads past the framing.
  const bool agrees =
      httplib_server.called
          ? read == framed && httplib_server.body_size == whole.body_size &&
                httplib_server.fields == fields_with_values(head) &&
                head.substr(0, httplib_server.method.size()) == httplib_server.method
          : read <= framed &&
                (icontains(head, "multipart/form-data") || icontains(head, "range:") ||
                 icontains(head, "x-www-form-urlencoded"));
  if (!agrees) __builtin_trap();
  return 1;
}

int fuzz_api_input(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const auto& all = operations().all();
  const Operation& op = all[data[0] % all.size()];
  const auto role = static_cast<PathRole>(data[1] % 5);
  const std::string text(reinterpret_cast<const char*>(data + 2), size - 2);

  (void)operation_at(operations(), text);
  (void)resolve_static(fuzz_policy().read_roots.front(), text);
  try {
    (void)confine(fuzz_policy(), role, "p", text);
  } catch (const ApiError&) {
  }
  try {
    const nlohmann::json body = parse_body(text);
    const Args args = args_from_json(op, body);
    // Never write: confinement only computes paths.
    (void)confine_args(op, args, fuzz_policy(), "fuzz");
    return 1;
  } catch (const ApiError& e) {
    if (e.status() < 400 || e.status() > 499) __builtin_trap();
  }
  return 0;
}

}  // namespace softpower::server
