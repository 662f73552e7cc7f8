#pragma once
// Events made in memory for the perception tests (aggregate_test.cpp, series_test.cpp): no file
// and no reader involved, so a sum checked by hand depends only on the aggregation.

#include <cstdint>

#include "softpower/core/events.hpp"

namespace softpower::perception {

/// A root event (event code 042, root code 4) from `source` to `target` with the given tone,
/// mentions, Goldstein score and quad class; `url` is its URL's hash (0: none, never
/// deduplicated).
inline Event made_event(std::int32_t date, const char* source, const char* target, double tone,
                        std::int32_t mentions, double goldstein, QuadClass quad,
                        std::uint64_t url = 0) {
  Event e;
  e.date = date;
  e.actor1_country.assign(source);
  e.actor2_country.assign(target);
  e.avg_tone = tone;
  e.num_mentions = mentions;
  e.goldstein = goldstein;
  e.quad_class = quad;
  e.root_code = 4;
  e.event_code.assign("042");
  e.is_root = true;
  e.url_hash = url;
  return e;
}

}  // namespace softpower::perception
