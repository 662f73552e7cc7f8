#include "softpower/core/delimited.hpp"

namespace softpower {

std::size_t split_quoted_record(std::string_view record, char delimiter, std::string_view missing,
                                std::span<std::string_view> fields, std::string& scratch) {
  scratch.clear();
  scratch.reserve(record.size());  // views into scratch stay valid: it never grows past this
  const char* p = record.data();
  const char* const end = p + record.size();
  std::size_t n = 0;
  for (;;) {
    std::string_view field;
    if (p < end && *p == '"') {
      const char* q = p + 1;
      const char* start = q;
      bool doubled = false;
      for (;;) {
        const char* quote =
            static_cast<const char*>(std::memchr(q, '"', static_cast<std::size_t>(end - q)));
        if (quote == nullptr) {
          q = end;
          break;
        }
        if (quote + 1 < end && quote[1] == '"') {
          doubled = true;
          q = quote + 2;
          continue;
        }
        q = quote;
        break;
      }
      field = std::string_view(start, static_cast<std::size_t>(q - start));
      if (doubled) {
        const std::size_t at = scratch.size();
        for (std::size_t i = 0; i < field.size(); ++i) {
          scratch.push_back(field[i]);
          if (field[i] == '"') ++i;
        }
        field = std::string_view(scratch.data() + at, scratch.size() - at);
      }
      p = q < end ? q + 1 : end;
      // Text after the closing quote up to the delimiter is dropped.
      const char* d =
          static_cast<const char*>(std::memchr(p, delimiter, static_cast<std::size_t>(end - p)));
      p = d != nullptr ? d : end;
    } else {
      const char* d =
          static_cast<const char*>(std::memchr(p, delimiter, static_cast<std::size_t>(end - p)));
      const char* stop = d != nullptr ? d : end;
      field = std::string_view(p, static_cast<std::size_t>(stop - p));
      if (!missing.empty() && field == missing) field = {};
      p = stop;
    }
    if (n < fields.size()) fields[n] = field;
    ++n;
    if (p == end) return n;
    ++p;  // the delimiter
  }
}

}  // namespace softpower
