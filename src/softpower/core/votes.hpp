#pragma once
// Roll-call votes (the UN General Assembly's, or any assembly's): the roll calls with their
// session, date, issues and importance, the voting states (registry codes), and each state's
// vote on each roll call. Read by sources/, analysed by alignment/.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace softpower {

/// Voeten's codes: 1 yes, 2 abstain, 3 no, 8 absent, 9 not a member; 0 = no record.
enum class Vote : std::int8_t {
  none = 0,
  yes = 1,
  abstain = 2,
  no = 3,
  absent = 8,
  not_member = 9
};

/// True for the votes that express a position (yes, abstain, no).
inline bool is_cast(Vote v) {
  return v == Vote::yes || v == Vote::abstain || v == Vote::no;
}

struct RollCall {
  int id = 0;                       ///< rcid
  int session = 0;                  ///< UNGA session (1 = 1946)
  std::string date;                 ///< ISO yyyy-mm-dd ("" when unknown)
  int year = 0;                     ///< calendar year of the vote
  std::optional<bool> important;    ///< US State Department "important vote"; nullopt = unknown
  std::vector<std::string> issues;  ///< short codes: me, nu, di, hr, co, ec
  std::string resolution;           ///< unres
  std::string description;          ///< short text
  std::optional<bool> amendment;    ///< a vote on an amendment; nullopt = unknown
  std::optional<bool> paragraph;    ///< a vote on a paragraph; nullopt = unknown
  std::string long_description;     ///< descr: the longer text ("" when the source has none)

  friend bool operator==(const RollCall&, const RollCall&) = default;
};

/// "yes", "abstain", "no", "absent", "not a member", or "none".
std::string_view vote_name(Vote v);
/// The vote with Voeten's numeric code (0, 1, 2, 3, 8 or 9), or nullopt for any other.
std::optional<Vote> vote_from_code(int code);

class RollCallVotes {
 public:
  RollCallVotes() = default;
  RollCallVotes(std::vector<RollCall> calls, std::vector<std::string> countries);

  const std::vector<RollCall>& calls() const { return calls_; }
  const std::vector<std::string>& countries() const { return countries_; }
  std::size_t call_count() const { return calls_.size(); }
  std::size_t country_count() const { return countries_.size(); }

  Vote at(std::size_t country, std::size_t call) const {
    return static_cast<Vote>(votes_[country * calls_.size() + call]);
  }
  void set(std::size_t country, std::size_t call, Vote v) {
    votes_[country * calls_.size() + call] = static_cast<std::int8_t>(v);
  }
  /// A country's votes on every roll call, contiguous (call order).
  const std::int8_t* row(std::size_t country) const {
    return votes_.data() + country * calls_.size();
  }

  std::optional<std::size_t> country_index(std::string_view code) const;
  std::optional<std::size_t> call_index(int id) const;
  /// Number of yes/abstain/no votes recorded.
  std::size_t cast_count() const;
  /// Number of cells with any record (a cast vote, absent or not a member).
  std::size_t record_count() const;

  /// Same calls, countries (in the same order) and votes.
  friend bool operator==(const RollCallVotes& a, const RollCallVotes& b) {
    return a.calls_ == b.calls_ && a.countries_ == b.countries_ && a.votes_ == b.votes_;
  }

 private:
  std::vector<RollCall> calls_;
  std::vector<std::string> countries_;
  std::vector<std::int8_t> votes_;  ///< countries × calls
  std::unordered_map<std::string, std::size_t> country_pos_;
  std::unordered_map<int, std::size_t> call_pos_;
};

}  // namespace softpower
