#pragma once
// Small text helpers every layer uses on ASCII-structured data (codes, headers, file names):
// they never depend on the locale, and bytes outside ASCII pass through unchanged.

#include <cstddef>
#include <string>
#include <string_view>

namespace softpower {

/// `text` without the characters of `blanks` (spaces and tabs unless told) at either end.
/// Inline: readers call it once per field.
inline std::string_view trim(std::string_view text, std::string_view blanks = " \t") {
  while (!text.empty() && blanks.find(text.front()) != std::string_view::npos) {
    text.remove_prefix(1);
  }
  while (!text.empty() && blanks.find(text.back()) != std::string_view::npos) {
    text.remove_suffix(1);
  }
  return text;
}
/// `text` with the ASCII letters A-Z in lower case.
std::string lower_ascii(std::string_view text);
/// `text` with the ASCII letters a-z in upper case.
std::string upper_ascii(std::string_view text);
/// Whether `a` and `b` are equal when ASCII letters are compared without regard to case.
bool iequals_ascii(std::string_view a, std::string_view b);
/// Whether `text` is one or more of the ASCII digits 0-9.
bool all_digits(std::string_view text);
/// Edits (insert, delete, substitute a byte, or swap two adjacent bytes) that turn `a` into
/// `b`: the optimal string alignment distance ("Germny" -> "Germany" is 1, "Untied" ->
/// "United" is 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

}  // namespace softpower
