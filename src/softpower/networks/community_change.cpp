#include "softpower/networks/community_change.hpp"

#include <igraph.h>

#include <algorithm>
#include <map>
#include <tuple>
#include <unordered_map>

#include "softpower/core/error.hpp"
#include "softpower/networks/igraph_vectors.hpp"

namespace softpower::networks {

namespace {

void check(const Partition& p, const char* which) {
  if (p.labels.size() != p.community.size()) {
    throw Error(std::string("community change: the ") + which + " partition has " +
                std::to_string(p.labels.size()) + " countries and " +
                std::to_string(p.community.size()) + " communities");
  }
  for (const int c : p.community) {
    if (c < 0) throw Error(std::string("community change: a negative community in the ") + which);
  }
}

double compare(IntVector& a, IntVector& b, igraph_community_comparison_t method, const char* what) {
  igraph_real_t result = 0;
  check_igraph(igraph_compare_communities(a.get(), b.get(), &result, method), what);
  return result;
}

}  // namespace

CommunityChange compare_partitions(const Partition& previous, const Partition& current) {
  check(previous, "previous");
  check(current, "current");
  std::unordered_map<std::string, int> before;
  for (std::size_t i = 0; i < previous.labels.size(); ++i)
    before.emplace(previous.labels[i], previous.community[i]);
  // The common countries, in the current year's order: (label, previous, current).
  std::vector<std::tuple<std::string, int, int>> common;
  for (std::size_t i = 0; i < current.labels.size(); ++i) {
    const auto it = before.find(current.labels[i]);
    if (it != before.end())
      common.emplace_back(current.labels[i], it->second, current.community[i]);
  }
  CommunityChange change;
  change.common = common.size();
  if (common.size() < 2) return change;

  IntVector a(common.size()), b(common.size());
  for (std::size_t i = 0; i < common.size(); ++i) {
    a[i] = std::get<1>(common[i]);
    b[i] = std::get<2>(common[i]);
  }
  change.nmi = compare(a, b, IGRAPH_COMMCMP_NMI, "igraph: normalised mutual information");
  change.adjusted_rand = compare(a, b, IGRAPH_COMMCMP_ADJUSTED_RAND, "igraph: adjusted Rand index");

  // Match communities one to one, largest overlap first.
  std::map<std::pair<int, int>, std::size_t> overlap;
  for (const auto& [label, p, c] : common) ++overlap[{p, c}];
  std::vector<std::pair<std::pair<int, int>, std::size_t>> pairs(overlap.begin(), overlap.end());
  std::stable_sort(pairs.begin(), pairs.end(),
                   [](const auto& x, const auto& y) { return x.second > y.second; });
  std::map<int, int> match;   // current community -> previous community
  std::map<int, bool> taken;  // previous communities matched
  for (const auto& [key, n] : pairs) {
    const auto [p, c] = key;
    if (match.contains(c) || taken[p]) continue;
    match[c] = p;
    taken[p] = true;
  }
  for (const auto& [label, p, c] : common) {
    const auto it = match.find(c);
    if (it == match.end() || it->second != p) change.moved.push_back(label);
  }
  std::sort(change.moved.begin(), change.moved.end());
  return change;
}

}  // namespace softpower::networks
