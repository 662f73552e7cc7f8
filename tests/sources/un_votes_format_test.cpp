// The UN vote readers on small files written here: what they map, what they report and the
// errors they give for malformed cells.

#include <gtest/gtest.h>
#include <unistd.h>
#include <zlib.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "softpower/core/table.hpp"
#include "softpower/sources/un_votes.hpp"
#include "sources/support.hpp"
#include "support/scratch.hpp"

namespace softpower::sources {
namespace {

class UnVotesFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    std::filesystem::create_directories(dir_ / "un-votes");
    write("un_roll_calls.csv",
          "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
          "1,1,0,1946-01-01,R/1/1,0,1,FIRST,\"a long, quoted\ntext\"\n"
          "2,45,,1990-11-05,R/45/11,,,SECOND,\n");
    write("un_roll_call_issues.csv",
          "rcid,short_name,issue\n1,hr,Human rights\n1,me,Palestinian conflict\n");
  }

  void write(const std::string& name, const std::string& text) {
    write_file_atomic(dir_ / "un-votes" / name, text);
  }
  void write_gz(const std::string& name, const std::string& text) {
    const std::filesystem::path path = dir_ / "un-votes" / name;
    gzFile f = gzopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(gzwrite(f, text.data(), static_cast<unsigned>(text.size())),
              static_cast<int>(text.size()));
    gzclose(f);
  }
  // The message of the Error read_un_votes throws, or "" when it reads.
  std::string un_votes_error() {
    try {
      std::vector<UnmappedRow> unmapped;
      (void)read_un_votes(dir_, unmapped);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }
  std::string voeten_error() {
    try {
      std::vector<UnmappedRow> unmapped;
      (void)read_voeten_votes(dir_, unmapped);
    } catch (const Error& e) {
      return e.what();
    }
    return "";
  }

  testing::ScratchDir scratch_{"softpower-unvotes"};
  std::filesystem::path dir_ = scratch_.path();
};

Vote vote_of(const RollCallVotes& v, std::string_view state, int rcid) {
  return v.at(v.country_index(state).value(), v.call_index(rcid).value());
}

TEST_F(UnVotesFiles, MapsReportsAndKeepsTheFirstOfTwoVotes) {
  write("un_votes.csv",
        "rcid,country,country_code,vote\n"
        "1,United States,US,yes\n"
        "1,Atlantis,XX,no\n"
        "1,Russia,RU,abstain\n"
        "2,Federal Republic of Germany,,no\n"
        "2,Germany,DE,yes\n"
        "2,Namibia,NA,yes\n"
        "1,Atlantis,XX,yes\n");
  std::vector<UnmappedRow> unmapped;
  const RollCallVotes v = read_un_votes(dir_, unmapped);
  EXPECT_EQ(v.countries(), std::vector<std::string>({"DEU", "NAM", "SUN", "USA"}));
  EXPECT_EQ(vote_of(v, "USA", 1), Vote::yes);
  EXPECT_EQ(vote_of(v, "SUN", 1), Vote::abstain);  // the Soviet seat in 1946
  EXPECT_EQ(vote_of(v, "DEU", 2), Vote::no);       // the FRG's label after 3 October 1990
  EXPECT_EQ(vote_of(v, "NAM", 2), Vote::yes);
  ASSERT_EQ(unmapped.size(), 3u);
  EXPECT_TRUE(testing::ends_with(unmapped[0].where.file, "un_votes.csv"));
  EXPECT_EQ(unmapped[0].where.line, 3u);
  EXPECT_EQ(unmapped[0].where.field, "country_code");
  EXPECT_EQ(unmapped[0].value, "XX");
  EXPECT_EQ(unmapped[0].reason, unmapped::unknown_code);
  // The same unknown code again is reported at its own line.
  EXPECT_EQ(unmapped[1].where.line, 8u);
  EXPECT_EQ(unmapped[1].reason, unmapped::unknown_code);
  // Germany's own row on the call the FRG's label already gave to Germany.
  EXPECT_EQ(unmapped[2].where.line, 6u);
  EXPECT_EQ(unmapped[2].value, "DE");
  EXPECT_EQ(unmapped[2].reason, unmapped::duplicate);
  const RollCall& first = v.calls()[0];
  EXPECT_EQ(first.issues, std::vector<std::string>({"me", "hr"}));
  EXPECT_EQ(first.long_description, "a long, quoted\ntext");
  EXPECT_EQ(first.paragraph, std::optional<bool>(true));
  EXPECT_FALSE(v.calls()[1].important.has_value());
  EXPECT_EQ(v.calls()[1].year, 1990);
}

TEST_F(UnVotesFiles, MalformedCellsNameTheirFileLineAndField) {
  write("un_votes.csv", "rcid,country,country_code,vote\n1,United States,US,maybe\n");
  std::string message = un_votes_error();
  EXPECT_NE(message.find("un_votes.csv:2: field 'vote'"), std::string::npos) << message;
  EXPECT_NE(message.find("'maybe'"), std::string::npos) << message;

  write("un_votes.csv", "rcid,country,country_code,vote\n7,United States,US,yes\n");
  message = un_votes_error();
  EXPECT_NE(message.find("un_votes.csv:2: field 'rcid'"), std::string::npos) << message;
  EXPECT_NE(message.find("roll call 7 is not in"), std::string::npos) << message;

  write("un_votes.csv", "rcid,country,country_code,vote\n1,United States,US,yes\n");
  write("un_roll_calls.csv",
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "1,1,0,1946-01-01,R/1/1,0,0,A,\n1,1,0,1946-01-02,R/1/1,0,0,A,\n");
  message = un_votes_error();
  EXPECT_NE(message.find("un_roll_calls.csv:3: field 'rcid'"), std::string::npos) << message;
  EXPECT_NE(message.find("listed twice (first at line 2)"), std::string::npos) << message;

  write("un_roll_calls.csv",
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "1,1,yes,1946-01-01,R/1/1,0,0,A,\n");
  message = un_votes_error();
  EXPECT_NE(message.find("un_roll_calls.csv:2: field 'importantvote'"), std::string::npos)
      << message;

  write("un_roll_calls.csv",
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "1,1,0,1/1/1946,R/1/1,0,0,A,\n");
  message = un_votes_error();
  EXPECT_NE(message.find("field 'date': not an ISO date"), std::string::npos) << message;

  write("un_roll_calls.csv",
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "1,1,0,1946-01-01,R/1/1,0,0,A,\n");
  write("un_roll_call_issues.csv", "rcid,short_name,issue\n1,xx,Something\n");
  message = un_votes_error();
  EXPECT_NE(message.find("un_roll_call_issues.csv:2: field 'short_name'"), std::string::npos)
      << message;
}

constexpr const char* kVoetenHeader =
    "rcid,session,vote,ccode,member,importantvote,date,unres,me,nu,di,hr,co,ec,year\n";

TEST_F(UnVotesFiles, VoetenKeepsEveryVoteCode) {
  write_gz("un_votes_voeten_raw.csv.gz",
           std::string(kVoetenHeader) +
               "5,1,1,2,1,1,12/10/1946,R/1/5,0,0,0,1,0,\"0\\\"\"\",1946\n"
               "5,1,8,20,1,1,12/10/1946,R/1/5,0,0,0,1,0,\"0\\\"\"\",1946\n"
               "5,1,9,316,,1,12/10/1946,R/1/5,0,0,0,1,0,\"0\\\"\"\",1946\n"
               "5,1,9,365,1,1,12/10/1946,R/1/5,0,0,0,1,0,\"0\\\"\"\",1946\n"
               "9,45,3,678,1,0,11/5/1990,R/45/1,1,,,,,,1990\n");
  std::vector<UnmappedRow> unmapped;
  const RollCallVotes v = read_voeten_votes(dir_, unmapped);
  EXPECT_EQ(v.countries(), std::vector<std::string>({"CAN", "SUN", "USA", "YEM"}));
  EXPECT_EQ(vote_of(v, "USA", 5), Vote::yes);
  EXPECT_EQ(vote_of(v, "CAN", 5), Vote::absent);
  EXPECT_EQ(vote_of(v, "SUN", 5), Vote::not_member);
  EXPECT_EQ(vote_of(v, "YEM", 9), Vote::no);  // COW 678 after the unification of May 1990
  EXPECT_EQ(v.calls()[0].date, "1946-12-10");
  EXPECT_EQ(v.calls()[0].issues, std::vector<std::string>({"hr"}));  // ec 0\" read as 0
  EXPECT_EQ(v.calls()[0].important, std::optional<bool>(true));
  EXPECT_EQ(v.calls()[1].issues, std::vector<std::string>({"me"}));
  ASSERT_EQ(unmapped.size(), 1u);  // Czechia (316) in 1946
  EXPECT_EQ(unmapped[0].where.line, 4u);
  EXPECT_EQ(unmapped[0].value, "316");
  EXPECT_EQ(unmapped[0].reason, unmapped::not_valid_in_year);
}

TEST_F(UnVotesFiles, VoetenErrorsNameTheirLine) {
  write_gz("un_votes_voeten_raw.csv.gz",
           std::string(kVoetenHeader) + "5,1,4,2,1,0,12/10/1946,R/1/5,0,0,0,0,0,0,1946\n");
  std::string message = voeten_error();
  EXPECT_NE(message.find("un_votes_voeten_raw.csv.gz:2: field 'vote'"), std::string::npos)
      << message;

  write_gz("un_votes_voeten_raw.csv.gz", std::string(kVoetenHeader) +
                                             "5,1,1,2,1,0,12/10/1946,R/1/5,0,0,0,0,0,0,1946\n"
                                             "5,1,1,20,1,0,12/11/1946,R/1/5,0,0,0,0,0,0,1946\n");
  message = voeten_error();
  EXPECT_NE(message.find(":3: field 'rcid': roll call 5"), std::string::npos) << message;
  EXPECT_NE(message.find("differ from those at line 2"), std::string::npos) << message;

  write_gz("un_votes_voeten_raw.csv.gz",
           std::string(kVoetenHeader) + "5,1,1,2,1,0,12/10/1946,R/1/5,0,0,0,0,2,0,1946\n");
  message = voeten_error();
  EXPECT_NE(message.find(":2: field 'co'"), std::string::npos) << message;

  write_gz("un_votes_voeten_raw.csv.gz",
           std::string(kVoetenHeader) + "5,1,1,2,1,0,13/10/1946,R/1/5,0,0,0,0,0,0,1946\n");
  message = voeten_error();
  EXPECT_NE(message.find(":2: field 'date': not a M/D/YYYY date"), std::string::npos) << message;
}

// A quote left open in un_roll_calls.csv ran the next lines into one field, and the error
// named another file (a roll call "not in un_roll_calls.csv").
TEST_F(UnVotesFiles, AQuoteLeftOpenIsReportedInItsOwnFile) {
  write("un_roll_calls.csv",
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "1,1,0,1946-01-01,R/1/1,0,1,FIRST,\"left open\n"
        "2,45,,1990-11-05,R/45/11,,,\"SECOND\",\n");
  write("un_votes.csv", "rcid,country,country_code,vote\n2,United States,US,yes\n");
  const std::string message = un_votes_error();
  EXPECT_NE(message.find("un_roll_calls.csv:2: field 'descr': a quoted field opens here and "
                         "closes on line 3"),
            std::string::npos)
      << message;
}

TEST_F(UnVotesFiles, RowsWithMoreOrFewerFieldsThanTheHeaderAreErrors) {
  write("un_votes.csv",
        "rcid,country,country_code,vote\n1,United States,US,yes\n"
        "1,Korea, Republic of,KR,yes\n");
  std::string message = un_votes_error();
  EXPECT_NE(message.find("un_votes.csv:3: 5 fields where the header has 4"), std::string::npos)
      << message;
  write("un_votes.csv", "rcid,country,country_code,vote\n1,United States,US\n");
  message = un_votes_error();
  EXPECT_NE(message.find("un_votes.csv:2: 3 fields where the header has 4"), std::string::npos)
      << message;
}

TEST_F(UnVotesFiles, CellsInMessagesAreEscapedAndNumbersOutOfRangeSaySo) {
  write("un_votes.csv",
        std::string("rcid,country,country_code,vote\n1,United States,US,ye") + '\0' + "s\n");
  std::string message = un_votes_error();
  EXPECT_NE(message.find("un_votes.csv:2: field 'vote': not a vote (yes, abstain or no): "
                         "'ye\\x00s'"),
            std::string::npos)
      << message;
  write("un_votes.csv", "rcid,country,country_code,vote\n99999999999,United States,US,yes\n");
  message = un_votes_error();
  EXPECT_NE(message.find("field 'rcid': '99999999999' is out of range (a whole number from"),
            std::string::npos)
      << message;
  write("un_roll_calls.csv",
        "rcid,session,importantvote,date,unres,amend,para,short,descr\n"
        "1,1,0,1946-01-01,R/1/1,0,1,FIRST,caf\xE9\n");
  message = un_votes_error();
  EXPECT_NE(message.find("un_roll_calls.csv:2: field 'descr': not UTF-8 text: 'caf\\xE9'"),
            std::string::npos)
      << message;
}

// A Voeten file cut short read as fewer rows, or gave an error about a later roll call.
TEST_F(UnVotesFiles, AVoetenFileCutShortOrCorruptIsAnErrorNamingIt) {
  std::string text = kVoetenHeader;
  for (int call = 1; call <= 300; ++call) {
    for (const char* cow : {"2", "20", "200", "220", "365"}) {
      text += std::to_string(call) + ",1," + std::to_string(1 + call % 3) + "," + cow +
              ",1,0,12/10/1946,R/1/" + std::to_string(call) + ",0,0,0,1,0,0,1946\n";
    }
  }
  write_gz("un_votes_voeten_raw.csv.gz", text);
  EXPECT_EQ(voeten_error(), "");
  const std::filesystem::path path = dir_ / "un-votes" / "un_votes_voeten_raw.csv.gz";
  std::string bytes;
  {
    std::FILE* f = std::fopen(path.c_str(), "rb");
    char buffer[4096];
    std::size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, f)) > 0) bytes.append(buffer, got);
    std::fclose(f);
  }
  write_file_atomic(path, bytes.substr(0, bytes.size() / 2));
  std::string message = voeten_error();
  EXPECT_NE(message.find("un_votes_voeten_raw.csv.gz: truncated gzip data"), std::string::npos)
      << message;
  write_file_atomic(path, bytes + "junk");
  message = voeten_error();
  EXPECT_NE(message.find("un_votes_voeten_raw.csv.gz: garbage after the gzip data"),
            std::string::npos)
      << message;
  write_file_atomic(path, text);  // plain text under the .gz name
  message = voeten_error();
  EXPECT_NE(message.find("not gzip data, although the name ends in .gz"), std::string::npos)
      << message;
}

}  // namespace
}  // namespace softpower::sources
