#pragma once
// The one error type of softpower: a one-line message that names the file, line and field
// that caused it, so a user can go straight to the bad input.

#include <cstddef>
#include <stdexcept>
#include <string>

namespace softpower {

/// Where bad input was found. Any part may be empty (line 0 = unknown).
struct Location {
  std::string file;
  std::size_t line = 0;
  std::string field;

  /// "file:line: field 'x'" with the empty parts left out.
  std::string str() const;
};

/// Thrown for every user-facing failure: bad input, bad parameters, missing data.
class Error : public std::runtime_error {
 public:
  explicit Error(const std::string& message);
  Error(Location where, const std::string& message);

  const Location& where() const noexcept { return where_; }

 private:
  Location where_;
};

/// What a long-lived front-end should have and has not: the dashboard's index a server could
/// not build at start. A server answers it 503 (the request was fine; the server is not).
class Unavailable : public Error {
 public:
  using Error::Error;
};

}  // namespace softpower
