#include "softpower/store/sqlite.hpp"

#include <sqlite3.h>

#include <limits>

namespace softpower::store::sqlite {

namespace {

bool is_busy(int code) {
  return (code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED;
}

// SQLite says "database is locked"; a user needs to know which workspace, why, and what to do.
Error busy(const std::filesystem::path& path) {
  return Error(Location{path.string()},
               "the workspace is busy: another process is writing to it and did not finish "
               "within 5 seconds; try again when it has finished, or give another --workspace");
}

// SQLite's text for the common failures says what happened but not what to do.
std::string advice(int code) {
  switch (code & 0xff) {
    case SQLITE_FULL:
      return " (the disk is full)";
    case SQLITE_READONLY:
      return " (the workspace is read-only here)";
    case SQLITE_CANTOPEN:
      return " (does the folder exist, and may it be written?)";
    default:
      return "";
  }
}

}  // namespace

void Database::Close::operator()(sqlite3* db) const {
  sqlite3_close_v2(db);
}

Database Database::open(const std::filesystem::path& path, OpenMode mode) {
  const int flags = (mode == OpenMode::read_only ? SQLITE_OPEN_READONLY
                                                 : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX;
  sqlite3* raw = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Database db;
  db.db_.reset(raw);
  db.path_ = path;
  if (code != SQLITE_OK) throw db.error(code, "cannot open the workspace");
  sqlite3_extended_result_codes(raw, 1);
  return db;
}

Error Database::error(int code, std::string_view doing) const {
  return error(db_.get(), path_, code, doing);
}

Error Database::error(sqlite3* db, const std::filesystem::path& path, int code,
                      std::string_view doing) {
  if (is_busy(code)) return busy(path);
  const char* message = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  return Error(Location{path.string()}, std::string(doing) + ": " + message + advice(code));
}

void Database::execute(std::string_view sql) const {
  char* message = nullptr;
  const std::string text(sql);
  const int code = sqlite3_exec(db_.get(), text.c_str(), nullptr, nullptr, &message);
  if (code == SQLITE_OK) return;
  const std::string explanation = message != nullptr ? message : sqlite3_errstr(code);
  sqlite3_free(message);
  if (is_busy(code)) throw busy(path_);
  throw Error(Location{path_.string()}, explanation + advice(code));
}

Statement Database::prepare(std::string_view sql) const {
  sqlite3_stmt* statement = nullptr;
  const int code =
      sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &statement, nullptr);
  if (code != SQLITE_OK) throw error(code, "cannot prepare '" + std::string(sql) + "'");
  return Statement(db_.get(), path_, statement);
}

std::int64_t Database::last_insert_id() const {
  return sqlite3_last_insert_rowid(db_.get());
}

std::int64_t Database::changes() const {
  return sqlite3_changes64(db_.get());
}

bool Database::autocommit() const {
  return sqlite3_get_autocommit(db_.get()) != 0;
}

void Statement::Finalize::operator()(sqlite3_stmt* statement) const {
  sqlite3_finalize(statement);
}

Statement::Statement(sqlite3* db, std::filesystem::path path, sqlite3_stmt* statement)
    : db_(db), path_(std::move(path)), statement_(statement) {}

Error Statement::error(int code, std::string_view doing) const {
  return Database::error(db_, path_, code, doing);
}

void Statement::check_bind(int code) const {
  if (code != SQLITE_OK) throw error(code, "cannot bind a value");
}

Statement& Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(statement_.get(), index, value));
  return *this;
}

Statement& Statement::bind(int index, std::size_t value) {
  if (value > static_cast<std::size_t>(std::numeric_limits<std::int64_t>::max())) {
    throw Error(Location{path_.string()}, "a count too large for the workspace");
  }
  return bind(index, static_cast<std::int64_t>(value));
}

Statement& Statement::bind(int index, double value) {
  check_bind(sqlite3_bind_double(statement_.get(), index, value));
  return *this;
}

Statement& Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the caller's buffer may go away.
  check_bind(sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(),
                                 SQLITE_TRANSIENT, SQLITE_UTF8));
  return *this;
}

Statement& Statement::bind_blob(int index, std::string_view bytes) {
  check_bind(
      sqlite3_bind_blob64(statement_.get(), index, bytes.data(), bytes.size(), SQLITE_TRANSIENT));
  return *this;
}

Statement& Statement::bind_null(int index) {
  check_bind(sqlite3_bind_null(statement_.get(), index));
  return *this;
}

bool Statement::step() {
  const int code = sqlite3_step(statement_.get());
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  // The statement's text means nothing to a user: what failed is reading or changing the file.
  throw error(code, sqlite3_stmt_readonly(statement_.get()) != 0 ? "cannot read the workspace"
                                                                 : "cannot change the workspace");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(statement_.get());
  sqlite3_clear_bindings(statement_.get());
}

bool Statement::is_null(int column) const {
  return sqlite3_column_type(statement_.get(), column) == SQLITE_NULL;
}

std::int64_t Statement::integer(int column) const {
  return sqlite3_column_int64(statement_.get(), column);
}

double Statement::real(int column) const {
  return sqlite3_column_double(statement_.get(), column);
}

std::string Statement::text(int column) const {
  // Asking for the blob first keeps the bytes as stored; the size must be read after it.
  const auto* bytes = static_cast<const char*>(sqlite3_column_blob(statement_.get(), column));
  const int size = sqlite3_column_bytes(statement_.get(), column);
  return bytes == nullptr ? std::string() : std::string(bytes, static_cast<std::size_t>(size));
}

Transaction::Transaction(const Database& db, Kind kind) : db_(db) {
  savepoint_ = !db.autocommit();
  if (savepoint_) {
    db.execute("SAVEPOINT softpower");
  } else {
    db.execute(kind == Kind::write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
  }
}

void Transaction::commit() {
  db_.execute(savepoint_ ? "RELEASE softpower" : "COMMIT");
  open_ = false;
}

Transaction::~Transaction() {
  if (!open_) return;
  // Errors are ignored: after an I/O error SQLite may already have rolled back, and a
  // destructor must not throw. Either way nothing of this transaction remains.
  const char* sql = savepoint_ ? "ROLLBACK TO softpower; RELEASE softpower" : "ROLLBACK";
  sqlite3_exec(db_.handle(), sql, nullptr, nullptr, nullptr);
}

}  // namespace softpower::store::sqlite
