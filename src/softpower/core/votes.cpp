#include "softpower/core/votes.hpp"

#include <algorithm>

namespace softpower {

RollCallVotes::RollCallVotes(std::vector<RollCall> calls, std::vector<std::string> countries)
    : calls_(std::move(calls)), countries_(std::move(countries)) {
  votes_.assign(calls_.size() * countries_.size(), 0);
  for (std::size_t c = 0; c < countries_.size(); ++c) country_pos_.emplace(countries_[c], c);
  for (std::size_t r = 0; r < calls_.size(); ++r) call_pos_.emplace(calls_[r].id, r);
}

std::optional<std::size_t> RollCallVotes::country_index(std::string_view code) const {
  auto it = country_pos_.find(std::string(code));
  if (it == country_pos_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::size_t> RollCallVotes::call_index(int id) const {
  auto it = call_pos_.find(id);
  if (it == call_pos_.end()) return std::nullopt;
  return it->second;
}

std::string_view vote_name(Vote v) {
  switch (v) {
    case Vote::yes:
      return "yes";
    case Vote::abstain:
      return "abstain";
    case Vote::no:
      return "no";
    case Vote::absent:
      return "absent";
    case Vote::not_member:
      return "not a member";
    case Vote::none:
      break;
  }
  return "none";
}

std::optional<Vote> vote_from_code(int code) {
  switch (code) {
    case 0:
    case 1:
    case 2:
    case 3:
    case 8:
    case 9:
      return static_cast<Vote>(code);
    default:
      return std::nullopt;
  }
}

std::size_t RollCallVotes::record_count() const {
  return votes_.size() -
         static_cast<std::size_t>(std::count(votes_.begin(), votes_.end(), std::int8_t{0}));
}

std::size_t RollCallVotes::cast_count() const {
  return static_cast<std::size_t>(std::count_if(
      votes_.begin(), votes_.end(), [](std::int8_t v) { return is_cast(static_cast<Vote>(v)); }));
}

}  // namespace softpower
