#include "softpower/diffusion/measures.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "softpower/core/error.hpp"
#include "softpower/diffusion/axelrod.hpp"

namespace softpower::diffusion {

double diversity(const Culture& culture, int begin, int end) {
  const int n = end - begin;
  const int f = culture.features;
  if (n <= 0 || f <= 0) return 0;
  std::vector<Trait> column(static_cast<std::size_t>(n));
  double sum = 0;
  for (int k = 0; k < f; ++k) {
    for (int i = 0; i < n; ++i) column[i] = culture.agent(begin + i)[k];
    std::sort(column.begin(), column.end());
    double h = 0;
    for (std::size_t lo = 0; lo < column.size();) {
      std::size_t hi = lo;
      while (hi < column.size() && column[hi] == column[lo]) ++hi;
      const double p = static_cast<double>(hi - lo) / n;
      h -= p * std::log(p);
      lo = hi;
    }
    sum += h;
  }
  return sum / f;
}

double attraction(const Culture& culture, int begin, int end, std::span<const Trait> vector) {
  const int f = culture.features;
  if (end <= begin || f <= 0) return 0;
  if (static_cast<int>(vector.size()) != f) throw Error("attraction: the vector needs F traits");
  long long shared = 0;
  for (int i = begin; i < end; ++i) {
    const Trait* a = culture.agent(i);
    for (int k = 0; k < f; ++k) shared += a[k] == vector[k] ? 1 : 0;
  }
  return static_cast<double>(shared) / (static_cast<double>(end - begin) * f);
}

double displacement(const Culture& now, const Culture& initial, int begin, int end,
                    const std::vector<std::span<const Trait>>& foreign) {
  const int f = now.features;
  if (end <= begin || f <= 0) return 0;
  long long displaced = 0;
  for (int i = begin; i < end; ++i) {
    const Trait* a = now.agent(i);
    const Trait* a0 = initial.agent(i);
    for (int k = 0; k < f; ++k) {
      if (a[k] == a0[k]) continue;
      for (const auto& v : foreign) {
        if (v[k] == a[k]) {
          ++displaced;
          break;
        }
      }
    }
  }
  return static_cast<double>(displaced) / (static_cast<double>(end - begin) * f);
}

double asymmetry(double ab, double ba) {
  const double total = ab + ba;
  if (total <= 0) return std::numeric_limits<double>::quiet_NaN();
  return (ab - ba) / total;
}

Observer::Observer(const Graph& graph, Layout layout, Culture initial)
    : graph_(graph), layout_(std::move(layout)), initial_(std::move(initial)) {
  const std::size_t countries = layout_.codes.size();
  if (layout_.first.size() != countries || layout_.size.size() != countries ||
      layout_.exporters.size() != layout_.vectors.size()) {
    throw Error("diffusion: an inconsistent measurement layout");
  }
  foreign_.resize(countries);
  for (std::size_t c = 0; c < countries; ++c) {
    initial_diversity_.push_back(
        diversity(initial_, layout_.first[c], layout_.first[c] + layout_.size[c]));
    for (std::size_t e = 0; e < layout_.exporters.size(); ++e) {
      if (layout_.exporters[e] != static_cast<int>(c)) foreign_[c].emplace_back(layout_.vectors[e]);
    }
  }
  names_ = measure_names(layout_.codes, layout_.exporters);
}

std::vector<std::string> measure_names(const std::vector<std::string>& codes,
                                       const std::vector<int>& exporters) {
  std::vector<std::string> names = {"regions", "smax"};
  const std::size_t countries = codes.size();
  for (const std::string& code : codes) names.push_back("diversity_" + code);
  for (const std::string& code : codes) names.push_back("diversity_drop_" + code);
  for (std::size_t c = 0; c < countries; ++c) {
    const bool foreign = std::any_of(exporters.begin(), exporters.end(),
                                     [&](int e) { return e != static_cast<int>(c); });
    if (foreign) names.push_back("homogenisation_" + codes[c]);
  }
  for (const std::string& code : codes) {
    for (int e : exporters) names.push_back("attraction_" + code + "_" + codes[e]);
  }
  if (countries > 1) {
    for (const std::string& a : codes) {
      for (const std::string& b : codes) {
        if (a != b) names.push_back(fmt::format("flows_{}_{}", a, b));
      }
    }
    for (std::size_t a = 0; a < countries; ++a) {
      for (std::size_t b = a + 1; b < countries; ++b) {
        names.push_back("asymmetry_" + codes[a] + "_" + codes[b]);
      }
    }
  }
  return names;
}

std::vector<double> Observer::observe(const Culture& now,
                                      const std::vector<std::uint64_t>& copies) const {
  const std::size_t countries = layout_.codes.size();
  std::vector<double> row;
  row.reserve(names_.size());
  const Regions r = regions(graph_, now);
  row.push_back(r.count);
  row.push_back(now.agents > 0 ? static_cast<double>(r.largest) / now.agents : 0.0);
  std::vector<double> d(countries);
  for (std::size_t c = 0; c < countries; ++c) {
    d[c] = diversity(now, layout_.first[c], layout_.first[c] + layout_.size[c]);
    row.push_back(d[c]);
  }
  for (std::size_t c = 0; c < countries; ++c) {
    row.push_back(initial_diversity_[c] > 0 ? 1 - d[c] / initial_diversity_[c] : 0.0);
  }
  for (std::size_t c = 0; c < countries; ++c) {
    if (foreign_[c].empty()) continue;
    row.push_back(displacement(now, initial_, layout_.first[c], layout_.first[c] + layout_.size[c],
                               foreign_[c]));
  }
  for (std::size_t c = 0; c < countries; ++c) {
    for (const auto& v : layout_.vectors) {
      row.push_back(attraction(now, layout_.first[c], layout_.first[c] + layout_.size[c], v));
    }
  }
  if (countries > 1) {
    auto count = [&](std::size_t a, std::size_t b) {
      const std::size_t k = a * countries + b;
      return k < copies.size() ? static_cast<double>(copies[k]) : 0.0;
    };
    for (std::size_t a = 0; a < countries; ++a) {
      for (std::size_t b = 0; b < countries; ++b) {
        if (a != b) row.push_back(count(a, b));
      }
    }
    for (std::size_t a = 0; a < countries; ++a) {
      for (std::size_t b = a + 1; b < countries; ++b)
        row.push_back(asymmetry(count(a, b), count(b, a)));
    }
  }
  return row;
}

}  // namespace softpower::diffusion
