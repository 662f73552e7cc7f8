#include "softpower/sources/network_dyads.hpp"

#include <charconv>
#include <map>
#include <string>

#include "softpower/core/error.hpp"
#include "softpower/sources/csv_stream.hpp"
#include "softpower/sources/mapping.hpp"

namespace softpower::sources {

namespace {

long long whole(const CsvStream& csv, std::size_t col) {
  const std::string_view text = csv.field(col);
  long long v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) {
    throw Error(csv.where(col), "not a whole number: '" + std::string(text) + "'");
  }
  return v;
}

// Reads a dyad-year file: the two COW code columns, the year, and the weight of a row made by
// `weight_of` from the current record (0: no tie).
template <typename WeightOf>
DyadSet read_dyads(const std::filesystem::path& file, DyadSet set, int from, int to,
                   std::vector<UnmappedRow>& unmapped, WeightOf weight_of) {
  CsvStream csv(file);
  const std::size_t c1 = csv.column("ccode1"), c2 = csv.column("ccode2"), cy = csv.column("year");
  UnitMapper mapper(unmapped);
  // Codes repeat in every year: the registry is asked once per code and year.
  std::map<std::pair<long long, int>, const Country*> known;
  const auto country = [&](std::size_t col, int year) -> const Country* {
    const long long code = whole(csv, col);
    const auto [it, added] = known.emplace(std::make_pair(code, year), nullptr);
    // A failure is asked again, so that each of its rows is reported with its reason.
    if (added || it->second == nullptr) {
      it->second = mapper.code(CodeSystem::cow_numeric, csv.field(col), csv.where(col), year);
    }
    return it->second;
  };
  while (csv.next()) {
    const long long year = whole(csv, cy);
    if (year < from || year > to) continue;
    const double weight = weight_of(csv);
    if (weight <= 0) continue;
    const Country* a = country(c1, static_cast<int>(year));
    const Country* b = country(c2, static_cast<int>(year));
    if (a == nullptr || b == nullptr) continue;
    set.dyads.push_back(softpower::Dyad{static_cast<int>(year), a->code, b->code, weight});
  }
  return set;
}

}  // namespace

DyadSet read_atop_alliances(const std::filesystem::path& data_dir, int from, int to,
                            std::vector<UnmappedRow>& unmapped) {
  const std::filesystem::path file = data_dir / "networks" / "atop_alliance.csv.gz";
  CsvStream header(file);
  std::vector<std::size_t> kinds;
  for (const char* k :
       {"atop_defense", "atop_offense", "atop_neutral", "atop_nonagg", "atop_consul"}) {
    kinds.push_back(header.column(k));
  }
  return read_dyads(file, DyadSet{"alliances", true, "kinds of pledge", {}}, from, to, unmapped,
                    [&](const CsvStream& csv) {
                      double n = 0;
                      for (const std::size_t k : kinds) n += whole(csv, k) != 0 ? 1 : 0;
                      return n;
                    });
}

DyadSet read_cow_igo(const std::filesystem::path& data_dir, int from, int to,
                     std::vector<UnmappedRow>& unmapped) {
  const std::filesystem::path file = data_dir / "networks" / "cow_igo_ndy.csv.gz";
  std::size_t count = 0;
  {
    CsvStream header(file);
    count = header.column("dyadigos");
  }
  return read_dyads(file, DyadSet{"igo", false, "shared IGO memberships", {}}, from, to, unmapped,
                    [&](const CsvStream& csv) { return static_cast<double>(whole(csv, count)); });
}

}  // namespace softpower::sources
