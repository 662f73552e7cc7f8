#pragma once
// A thin RAII layer over the sqlite3 C API: a connection, prepared statements and
// transactions that roll back unless committed. Every SQLite failure becomes a
// softpower::Error naming the database file, so a caller never sees a raw result code.
//
// Internal to store/: the rest of the library talks to the Workspace, not to SQL.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "softpower/core/error.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace softpower::store::sqlite {

class Statement;

enum class OpenMode { read_write_create, read_only };

class Database {
 public:
  /// Opens (or, in read_write_create mode, creates) the database file. Throws Error naming
  /// the file when SQLite cannot open it.
  static Database open(const std::filesystem::path& path, OpenMode mode);

  /// Runs one or more statements that return no rows (schema, pragmas, BEGIN/COMMIT).
  void execute(std::string_view sql) const;
  Statement prepare(std::string_view sql) const;

  std::int64_t last_insert_id() const;
  /// Rows changed by the last INSERT, UPDATE or DELETE.
  std::int64_t changes() const;
  /// False while a transaction is open on this connection.
  bool autocommit() const;
  const std::filesystem::path& path() const { return path_; }
  sqlite3* handle() const { return db_.get(); }

  /// An Error for the result `code` of `doing`, with SQLite's own explanation.
  Error error(int code, std::string_view doing) const;
  static Error error(sqlite3* db, const std::filesystem::path& path, int code,
                     std::string_view doing);

 private:
  struct Close {
    void operator()(sqlite3* db) const;
  };
  std::unique_ptr<sqlite3, Close> db_;
  std::filesystem::path path_;
};

/// A prepared statement, reusable after reset(). Parameters are numbered from 1 and columns
/// from 0, as in SQLite. It must not outlive its Database.
class Statement {
 public:
  Statement(sqlite3* db, std::filesystem::path path, sqlite3_stmt* statement);

  Statement& bind(int index, std::int64_t value);
  Statement& bind(int index, int value) { return bind(index, std::int64_t{value}); }
  Statement& bind(int index, std::size_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, std::string_view text);
  Statement& bind(int index, const char* text) { return bind(index, std::string_view(text)); }
  Statement& bind(int index, const std::string& text) {
    return bind(index, std::string_view(text));
  }
  /// Bytes that need not be text (stored as a BLOB).
  Statement& bind_blob(int index, std::string_view bytes);
  Statement& bind_null(int index);
  /// Binds the values to parameters 1, 2, ... in order.
  template <typename... Values>
  Statement& bind_all(const Values&... values) {
    int index = 0;
    (bind(++index, values), ...);
    return *this;
  }

  /// Advances to the next row: true when a row is available, false when done.
  bool step();
  /// Runs a statement that returns no rows, then resets it for the next use.
  void run();
  /// Resets the statement and clears its bindings, for the next row of a bulk insert.
  void reset();

  bool is_null(int column) const;
  std::int64_t integer(int column) const;
  double real(int column) const;
  /// The column as text, or as the bytes of a BLOB.
  std::string text(int column) const;

 private:
  struct Finalize {
    void operator()(sqlite3_stmt* statement) const;
  };
  Error error(int code, std::string_view doing) const;
  void check_bind(int code) const;

  sqlite3* db_;
  std::filesystem::path path_;
  std::unique_ptr<sqlite3_stmt, Finalize> statement_;
};

/// A transaction that rolls back unless commit() is called. Outside any transaction it takes
/// the write lock at once (BEGIN IMMEDIATE), so that two writers queue on the busy timeout
/// instead of failing half-way; inside another one it is a savepoint, so that an inner
/// failure undoes only its own work and the outer transaction decides about the rest.
class Transaction {
 public:
  enum class Kind { write, read };

  explicit Transaction(const Database& db, Kind kind = Kind::write);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();

  void commit();

 private:
  const Database& db_;
  bool savepoint_ = false;
  bool open_ = true;
};

}  // namespace softpower::store::sqlite
