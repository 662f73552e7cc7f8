#include "softpower/core/poll.hpp"

#include <algorithm>

#include "softpower/core/error.hpp"

namespace softpower {

namespace {

bool is_measure(std::string_view text) {
  return !text.empty() && text.front() != '_' && text.back() != '_' &&
         std::all_of(text.begin(), text.end(), [](char c) {
           return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
         });
}

// Registry keys are upper-case letters and digits (ISO alpha-3, X.. pseudo-codes).
bool is_object(std::string_view text) {
  return !text.empty() && std::all_of(text.begin(), text.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  });
}

}  // namespace

std::string poll_indicator_code(std::string_view measure, std::string_view object) {
  if (!is_measure(measure)) {
    throw Error("poll measure '" + std::string(measure) +
                "': lower-case letters, digits and '_' between words");
  }
  if (!is_object(object)) {
    throw Error("poll object '" + std::string(object) +
                "': a registry code in upper-case letters and digits, such as USA");
  }
  return std::string(measure) + ":" + std::string(object);
}

std::optional<PollIndicator> parse_poll_indicator(std::string_view code) {
  const std::size_t colon = code.find(':');
  if (colon == std::string_view::npos) return std::nullopt;
  const std::string_view measure = code.substr(0, colon);
  const std::string_view object = code.substr(colon + 1);
  if (!is_measure(measure) || !is_object(object)) return std::nullopt;
  return PollIndicator{std::string(measure), std::string(object)};
}

}  // namespace softpower
