#pragma once
// Helpers for the workspace tests: a scratch folder per test, panels of a chosen size, and a
// view of a workspace file through SQLite itself (not through the Workspace under test), to
// say whether a failed import left it exactly as it was.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <string>
#include <vector>

#include "softpower/core/panel.hpp"
#include "support/scratch.hpp"

namespace softpower::testing {

/// units x indicators x years with every value set from its position (so that a value in
/// the wrong cell is noticed), except the cells where (u + 2i + 3t) % gap == 0, left missing.
inline Panel make_panel(std::size_t units, std::size_t indicators, std::size_t years,
                        std::size_t gap = 7) {
  std::vector<std::string> unit_codes, indicator_codes;
  std::vector<int> year_list;
  for (std::size_t u = 0; u < units; ++u) unit_codes.push_back("U" + std::to_string(units - u));
  for (std::size_t i = 0; i < indicators; ++i) indicator_codes.push_back("ind" + std::to_string(i));
  for (std::size_t t = 0; t < years; ++t) year_list.push_back(1900 + static_cast<int>(t));
  Panel panel(unit_codes, indicator_codes, year_list);
  for (std::size_t i = 0; i < indicators; ++i) {
    panel.info()[i] =
        IndicatorInfo{indicator_codes[i], "Indicator " + std::to_string(i), "score", "generated"};
  }
  for (std::size_t u = 0; u < units; ++u) {
    for (std::size_t i = 0; i < indicators; ++i) {
      for (std::size_t t = 0; t < years; ++t) {
        if ((u + 2 * i + 3 * t) % gap == 0) continue;
        panel.at(u, i, t) = static_cast<double>(u) * 1e4 + static_cast<double>(i) * 1e2 +
                            static_cast<double>(t) / 8.0;
      }
    }
  }
  return panel;
}

/// Runs SQL on the file through a connection of its own; throws on an error.
inline void sql_on_file(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  if (sqlite3_open(file.c_str(), &db) != SQLITE_OK) {
    sqlite3_close(db);
    throw std::runtime_error("cannot open " + file.string());
  }
  char* message = nullptr;
  const int code = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message);
  const std::string text = message != nullptr ? message : "";
  sqlite3_free(message);
  sqlite3_close(db);
  if (code != SQLITE_OK) throw std::runtime_error(sql + ": " + text);
}

/// The first column of every row a query returns, as text, each followed by a newline.
inline std::string query_file(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  std::string out;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK) {
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr) == SQLITE_OK) {
      while (sqlite3_step(statement) == SQLITE_ROW) {
        const auto* text = sqlite3_column_text(statement, 0);
        out += (text != nullptr ? reinterpret_cast<const char*>(text) : "NULL");
        out += "\n";
      }
    } else {
      out = std::string("error: ") + sqlite3_errmsg(db);
    }
    sqlite3_finalize(statement);
  }
  sqlite3_close(db);
  return out;
}

/// Every table of the file, every row in storage order, and the schema and version pragmas:
/// two equal dumps mean two files with the same content.
inline std::string dump_file(const std::filesystem::path& file) {
  std::string out = query_file(file, "PRAGMA user_version") +
                    query_file(file, "PRAGMA application_id") +
                    query_file(file,
                               "SELECT type || ' ' || name || ': ' || coalesce(sql, '') "
                               "FROM sqlite_schema ORDER BY name");
  const std::string tables =
      query_file(file, "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name");
  std::size_t start = 0;
  for (std::size_t end; (end = tables.find('\n', start)) != std::string::npos; start = end + 1) {
    const std::string table = tables.substr(start, end - start);
    // quote() spells each value with its type, so 1 and '1' and 1.0 differ.
    const std::string columns =
        query_file(file,
                   "SELECT group_concat('quote(' || name || ')', ' || ''|'' || ') FROM "
                   "pragma_table_info('" +
                       table + "')");
    out += "== " + table + "\n" +
           query_file(file, "SELECT " + columns.substr(0, columns.size() - 1) + " FROM " + table);
  }
  return out;
}

}  // namespace softpower::testing
