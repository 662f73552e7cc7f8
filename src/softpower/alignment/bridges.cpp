#include "softpower/alignment/bridges.hpp"

#include <algorithm>
#include <map>
#include <numeric>
#include <set>
#include <utility>

namespace softpower::alignment {

namespace {

// What sessions 58-73 append to a title (cut short in the 60-character `short` of session 60).
constexpr std::string_view kBoilerplate = " : resolution / adopted by the General Assembly";

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string_view trimmed(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

bool is_digit(char c) {
  return c >= '0' && c <= '9';
}

// "A/71/251 39 - Question of Palestine. - PALESTINE QUESTION": the agenda item, not the title.
bool is_agenda_reference(std::string_view s) {
  if (!s.starts_with("A/")) return false;
  std::size_t i = 2;
  for (int part = 0; part < 2; ++part) {
    const std::size_t start = i;
    while (i < s.size() && is_digit(s[i])) ++i;
    if (i == start || i == s.size()) return false;
    if (s[i] != (part == 0 ? '/' : ' ')) return false;
    ++i;
  }
  return true;
}

// `title` without the boilerplate, whole or cut short: from the first " : " on which the rest
// and the boilerplate agree on their common length.
std::string_view without_boilerplate(std::string_view title) {
  for (std::size_t p = title.find(" : "); p != std::string_view::npos;
       p = title.find(" : ", p + 1)) {
    const std::string_view rest = title.substr(p);
    const std::size_t common = std::min(rest.size(), kBoilerplate.size());
    if (rest.substr(0, common) == kBoilerplate.substr(0, common)) return title.substr(0, p);
  }
  return title;
}

std::string flag_text(const std::optional<bool>& f) {
  if (!f) return "?";
  return *f ? "1" : "0";
}

struct Components {
  std::vector<std::size_t> parent;
  explicit Components(std::size_t n) : parent(n) {
    std::iota(parent.begin(), parent.end(), std::size_t{0});
  }
  std::size_t root(std::size_t i) {
    while (parent[i] != i) i = parent[i] = parent[parent[i]];
    return i;
  }
  void join(std::size_t a, std::size_t b) {
    a = root(a);
    b = root(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::string bridge_title(const RollCall& call) {
  std::string_view title = trimmed(call.long_description);
  if (is_agenda_reference(title)) title = trimmed(call.description);
  return std::string(trimmed(without_boilerplate(title)));
}

std::string normalised_text(std::string_view text) {
  std::string out;
  bool space = false;
  for (const char raw : text) {
    char c = raw;
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
    if ((c >= 'A' && c <= 'Z') || is_digit(c)) {
      if (space && !out.empty()) out += ' ';
      space = false;
      out += c;
    } else {
      space = true;
    }
  }
  return out;
}

std::size_t Bridges::bridged_calls() const {
  std::size_t n = 0;
  for (const BridgeGroup& g : groups) n += g.calls.size();
  return n;
}

Bridges find_bridges(const RollCallVotes& votes) {
  const std::vector<RollCall>& calls = votes.calls();
  // Every call of every key, by session; keys in the order of their first call.
  std::map<std::string, std::size_t> key_index;
  std::vector<BridgeGroup> keyed;
  std::vector<std::map<int, std::vector<std::size_t>>> by_session;
  std::set<int> sessions;
  std::size_t titled = 0;
  for (std::size_t i = 0; i < calls.size(); ++i) {
    const RollCall& c = calls[i];
    sessions.insert(c.session);
    std::string text = normalised_text(bridge_title(c));
    if (text.empty()) continue;
    ++titled;
    std::vector<std::string> issues = c.issues;
    std::sort(issues.begin(), issues.end());
    std::string key = text;
    for (const std::string& code : issues) key += '\x1f' + code;
    key += '\x1e' + flag_text(c.amendment) + flag_text(c.paragraph);
    const auto [it, fresh] = key_index.emplace(std::move(key), keyed.size());
    if (fresh) {
      keyed.push_back({std::move(text), std::move(issues), c.amendment, c.paragraph, {}, {}});
      by_session.emplace_back();
    }
    by_session[it->second][c.session].push_back(i);
  }

  Bridges result;
  result.titled = titled;
  result.sessions.assign(sessions.begin(), sessions.end());
  for (std::size_t k = 0; k < keyed.size(); ++k) {
    if (by_session[k].size() < 2) continue;
    BridgeGroup g = std::move(keyed[k]);
    for (const auto& [session, members] : by_session[k]) {
      if (members.size() == 1) {
        g.calls.push_back(members.front());
        g.sessions.push_back(session);
      } else {
        result.ambiguous.insert(result.ambiguous.end(), members.begin(), members.end());
      }
    }
    if (g.sessions.size() >= 2) result.groups.push_back(std::move(g));
  }
  std::sort(result.ambiguous.begin(), result.ambiguous.end());
  std::stable_sort(result.groups.begin(), result.groups.end(),
                   [](const BridgeGroup& x, const BridgeGroup& y) {
                     return std::pair(x.sessions.front(), x.calls.front()) <
                            std::pair(y.sessions.front(), y.calls.front());
                   });

  // Links: every consecutive pair, and every pair a group holds.
  const std::vector<int>& all = result.sessions;
  std::map<std::pair<int, int>, std::size_t> direct;
  for (std::size_t s = 0; s + 1 < all.size(); ++s) direct[{all[s], all[s + 1]}] = 0;
  std::map<int, std::size_t> position;
  for (std::size_t s = 0; s < all.size(); ++s) position[all[s]] = s;
  Components components(all.size());
  for (const BridgeGroup& g : result.groups) {
    for (std::size_t i = 0; i < g.sessions.size(); ++i) {
      for (std::size_t j = i + 1; j < g.sessions.size(); ++j)
        ++direct[{g.sessions[i], g.sessions[j]}];
      components.join(position[g.sessions.front()], position[g.sessions[i]]);
    }
  }
  for (const auto& [pair, count] : direct) {
    SessionLink link{pair.first, pair.second, count, 0};
    for (const BridgeGroup& g : result.groups) {
      if (g.sessions.front() <= link.a && g.sessions.back() >= link.b) ++link.spanning;
    }
    result.links.push_back(link);
  }
  std::map<std::size_t, std::vector<int>> by_root;
  for (std::size_t s = 0; s < all.size(); ++s) by_root[components.root(s)].push_back(all[s]);
  for (auto& [root, members] : by_root) result.components.push_back(std::move(members));
  std::sort(result.components.begin(), result.components.end());
  return result;
}

}  // namespace softpower::alignment
