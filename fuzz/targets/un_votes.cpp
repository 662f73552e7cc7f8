// sources/un_votes.hpp, both formats of the UN General Assembly votes. The first byte picks: 0
// Voeten's raw file with the rest as its .csv.gz bytes, 1 the same gzipped here, 2 the unvotes
// package's three tables, the rest cut at "\n@@\n" into un_roll_calls.csv,
// un_roll_call_issues.csv and un_votes.csv.

#include "softpower/sources/un_votes.hpp"

#include <string>
#include <vector>

#include "fuzz/scratch.hpp"
#include "fuzz/target.hpp"
#include "softpower/core/byte_stream.hpp"
#include "softpower/core/error.hpp"

namespace {}  // namespace

SOFTPOWER_FUZZ_TARGET(un_votes) {
  using namespace softpower;
  if (size < 1) return 0;
  const std::string_view rest = fuzz::as_text(data + 1, size - 1);
  const std::filesystem::path dir = fuzz::scratch_dir() / "votes";
  std::vector<sources::UnmappedRow> unmapped;
  try {
    if (data[0] % 3 < 2) {
      fuzz::scratch_file("votes/un-votes/un_votes_voeten_raw.csv.gz",
                         data[0] % 3 == 0 ? std::string(rest) : softpower::gzip_member(rest, 1));
      const RollCallVotes votes = sources::read_voeten_votes(dir, unmapped);
      (void)votes.record_count();
      return 1;
    }
    constexpr const char* kFiles[] = {"un_roll_calls.csv", "un_roll_call_issues.csv",
                                      "un_votes.csv"};
    std::string_view text = rest;
    for (const char* name : kFiles) {
      const std::size_t cut = text.find("\n@@\n");
      fuzz::scratch_file(std::string("votes/un-votes/") + name, text.substr(0, cut));
      text = cut == std::string_view::npos ? std::string_view() : text.substr(cut + 4);
    }
    const RollCallVotes votes = sources::read_un_votes(dir, unmapped);
    (void)votes.record_count();
    return 1;
  } catch (const Error&) {
    return 0;
  }
}
