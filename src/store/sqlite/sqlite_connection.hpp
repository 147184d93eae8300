#pragma once
// SqliteConnection: SqlConnection over one sqlite3 handle (WAL, busy timeout, foreign keys).
#include <memory>
#include <string>

#include "store/sql_connection.hpp"

struct sqlite3;

namespace meet::store {

class SqliteConnection final : public SqlConnection {
 public:
  // Opens or creates the database file at `path` (":memory:" for a private in-memory one).
  static StoreResult<std::unique_ptr<SqliteConnection>> open(const std::string& path,
                                                             int busy_timeout_ms = 5000);
  ~SqliteConnection() override;
  SqliteConnection(const SqliteConnection&) = delete;
  SqliteConnection& operator=(const SqliteConnection&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kSqlite; }
  StoreResult<SqlResult> query(std::string_view sql,
                               const std::vector<SqlValue>& params = {}) override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  sqlite3* db_;  // owned
};

}  // namespace meet::store
