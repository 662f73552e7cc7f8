#pragma once
// The head of an HTTP/1.x request (request line and header fields) checked before httplib
// sees it, by the connection layer's epoll thread (apps/server/connections). httplib is
// lenient: it skips lines that do not end in CRLF, answers an unknown method with a 400 and
// then reads the next header line as a new request, takes the first of two Content-Length
// headers, reads a chunked or compressed body with no bound, and leaves the body of a GET
// unread (to be taken as the next request). Here every head is parsed strictly once, and
// one that is malformed, ambiguous or over a limit is refused with one answer, after which
// the connection is closed. What passes is parsed the same way by httplib (the http_head fuzz
// target checks this), and its framing (head bytes + Content-Length) is known exactly, so
// the connection layer can skip a body httplib did not read.
//
// Pure: no sockets, no allocation beyond the scanner itself. docs/serve.md lists the rules.

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace softpower::server {

struct HeadLimits {
  std::size_t max_request_line = 8192;  ///< bytes with its CRLF (414 beyond)
  std::size_t max_field_line = 8192;    ///< bytes of one header line with its CRLF (431)
  std::size_t max_fields = 100;         ///< header lines (431 beyond)
  std::size_t max_head = 65536;         ///< the whole head with its blank line (431)
  std::uint64_t max_body = 1 << 20;     ///< a larger Content-Length is 413
};

struct HeadVerdict {
  enum class Kind { incomplete, complete, refused };
  Kind kind = Kind::incomplete;
  int status = 0;               ///< refused: the HTTP status to answer
  std::string_view reason;      ///< refused: one line saying why (static text)
  std::size_t head_size = 0;    ///< complete: bytes of the head with its blank line
  std::uint64_t body_size = 0;  ///< complete: the announced body (Content-Length, else 0)

  bool operator==(const HeadVerdict&) const = default;
};

/// The request methods the server answers; any other token is 501.
enum class Method { none, get, head, post, del };

/// Checks a head as its bytes arrive: scan() is called with everything received of the
/// request so far (each call a longer string with the same beginning) and resumes after
/// the last whole line it checked, so a head sent one byte at a time costs linear time.
class HeadScanner {
 public:
  explicit HeadScanner(const HeadLimits& limits = {}) : limits_(limits) {}
  /// incomplete until the blank line that ends the head has arrived (or a rule is broken);
  /// then complete, or refused with a status. Once complete or refused, the same verdict.
  HeadVerdict scan(std::string_view received);
  /// Forgets the request, for the next one on the connection.
  void reset() { *this = HeadScanner(limits_); }
  Method method() const { return method_; }

 private:
  HeadVerdict refuse(int status, std::string_view reason);
  HeadVerdict request_line(std::string_view line);
  HeadVerdict field_line(std::string_view line);
  HeadVerdict end_of_head();

  HeadLimits limits_;
  HeadVerdict verdict_;     // kept once the head is complete or refused
  std::size_t pos_ = 0;     // start of the next line to check
  std::size_t fields_ = 0;  // header lines seen
  bool first_line_ = true;  // the request line is next
  Method method_ = Method::none;
  bool host_ = false, content_length_ = false, transfer_encoding_ = false;
  bool chunked_ = false;  // the one Transfer-Encoding is exactly "chunked"
  std::uint64_t length_ = 0;
};

/// The verdict on a whole buffer at once (what HeadScanner gives when fed in any pieces).
HeadVerdict check_head(std::string_view received, const HeadLimits& limits = {});

}  // namespace softpower::server
