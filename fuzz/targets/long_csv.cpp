// store/long_csv.hpp's reader of the long-format files `import --file` takes: the bytes parsed
// as its CSV, then read as columns unit, year and v (and w), the unit's code system picked by the
// first byte.

#include "softpower/store/long_csv.hpp"

#include <string>

#include "fuzz/scratch.hpp"
#include "fuzz/target.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/table.hpp"

SOFTPOWER_FUZZ_TARGET(long_csv) {
  using namespace softpower;
  if (size < 1) return 0;
  constexpr const char* kSystems[] = {"iso3", "name", "iso2", "cow", "m49"};
  store::LongCsvLayout layout;
  layout.file = "fuzz.csv";
  layout.unit_column = "unit";
  layout.code_system = kSystems[data[0] % 5];
  layout.year_column = "year";
  layout.value_columns =
      (data[0] & 8) != 0 ? std::vector<std::string>{"v", "w"} : std::vector<std::string>{"v"};
  try {
    const Table table =
        parse_csv(fuzz::as_text(data + 1, size - 1), store::long_csv_options(), "fuzz.csv");
    const sources::ReadResult read = store::read_long_csv(layout, table);
    (void)read.panel.count();
    return 1;
  } catch (const Error&) {
    return 0;
  }
}
