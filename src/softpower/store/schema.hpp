#pragma once
// The workspace's tables, and recognising a file as a softpower workspace before touching
// it. Internal to store/; docs/workspace.md describes the schema for users.

#include <filesystem>

#include "softpower/store/sqlite.hpp"

namespace softpower::store {

/// Throws Error naming the file when it exists, is not empty, and does not begin with
/// SQLite's header: checked before SQLite opens it, so a text file given by mistake is
/// reported as such and never touched.
void check_sqlite_header(const std::filesystem::path& path);

/// Checks that the open database is a softpower workspace this build can read: a new, empty
/// file gets the schema and a file of an older schema is upgraded in one transaction (unless
/// `read_only`: a read-only workspace of an older schema is read as it is); a file of another
/// program, or one written by a newer softpower, is an Error naming the file. Leaves the file
/// untouched when it throws. Returns the file's schema version.
int prepare_workspace(const sqlite::Database& db, bool read_only);

}  // namespace softpower::store
