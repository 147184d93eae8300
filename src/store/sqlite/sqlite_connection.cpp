#include "store/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <string>

namespace meet::store {
namespace {

Err<StoreError> sqlite_error(sqlite3* db, int rc) {
  const int primary = rc & 0xff;
  StoreErrorCode code = StoreErrorCode::kUnavailable;
  if (primary == SQLITE_CONSTRAINT) code = StoreErrorCode::kConflict;
  if (primary == SQLITE_MISMATCH || primary == SQLITE_TOOBIG || primary == SQLITE_RANGE) {
    code = StoreErrorCode::kInvalid;
  }
  return store_error(code,
                     std::string("sqlite: ") + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
}

// Owns one prepared statement.
struct Statement {
  sqlite3_stmt* stmt = nullptr;
  ~Statement() { sqlite3_finalize(stmt); }
};

int bind(sqlite3_stmt* stmt, int index, const SqlValue& v) {
  if (std::holds_alternative<std::nullptr_t>(v)) return sqlite3_bind_null(stmt, index);
  if (const auto* i = std::get_if<int64_t>(&v)) return sqlite3_bind_int64(stmt, index, *i);
  const auto& s = std::get<std::string>(v);
  return sqlite3_bind_text64(stmt, index, s.data(), s.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

}  // namespace

StoreResult<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                      int busy_timeout_ms) {
  sqlite3* raw = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(raw));
  if (rc != SQLITE_OK) return sqlite_error(raw, rc);
  sqlite3_busy_timeout(raw, busy_timeout_ms);
  for (const char* pragma :
       {"PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON"}) {
    auto r = conn->query(pragma);
    if (!r) return Err{r.error()};
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  sqlite3_close_v2(db_);
}

StoreResult<SqlResult> SqliteConnection::query(std::string_view sql,
                                               const std::vector<SqlValue>& params) {
  Statement st;
  int rc = sqlite3_prepare_v2(db_, sql.data(), static_cast<int>(sql.size()), &st.stmt, nullptr);
  if (rc != SQLITE_OK) return sqlite_error(db_, rc);
  // Placeholders are "$N"; look each up by name so that reuse and order do not matter.
  for (size_t i = 0; i < params.size(); ++i) {
    const std::string name = "$" + std::to_string(i + 1);
    const int index = sqlite3_bind_parameter_index(st.stmt, name.c_str());
    if (index == 0) continue;  // parameter not used by this statement
    rc = bind(st.stmt, index, params[i]);
    if (rc != SQLITE_OK) return sqlite_error(db_, rc);
  }
  SqlResult out;
  const int columns = sqlite3_column_count(st.stmt);
  while ((rc = sqlite3_step(st.stmt)) == SQLITE_ROW) {
    SqlRow row;
    row.reserve(static_cast<size_t>(columns));
    for (int c = 0; c < columns; ++c) {
      if (sqlite3_column_type(st.stmt, c) == SQLITE_NULL) {
        row.emplace_back(std::nullopt);
        continue;
      }
      const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(st.stmt, c));
      const int len = sqlite3_column_bytes(st.stmt, c);
      row.emplace_back(std::string(text ? text : "", static_cast<size_t>(len)));
    }
    out.rows.push_back(std::move(row));
  }
  if (rc != SQLITE_DONE) return sqlite_error(db_, rc);
  out.affected = sqlite3_changes64(db_);
  return out;
}

}  // namespace meet::store
