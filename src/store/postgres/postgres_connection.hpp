#pragma once
// PostgresConnection: SqlConnection over one libpq connection, text protocol, parameters
// always sent separately (PQexecParams). Reconnects once when the server went away.
#include <memory>
#include <string>

#include "store/sql_connection.hpp"

struct pg_conn;

namespace meet::store {

class PostgresConnection final : public SqlConnection {
 public:
  // `url` is a libpq connection string or URI: postgres://user:pass@host:port/db
  static StoreResult<std::unique_ptr<PostgresConnection>> open(const std::string& url);
  ~PostgresConnection() override;
  PostgresConnection(const PostgresConnection&) = delete;
  PostgresConnection& operator=(const PostgresConnection&) = delete;

  SqlDialect dialect() const override { return SqlDialect::kPostgres; }
  StoreResult<SqlResult> query(std::string_view sql,
                               const std::vector<SqlValue>& params = {}) override;

 private:
  explicit PostgresConnection(pg_conn* conn) : conn_(conn) {}
  StoreResult<SqlResult> run(const std::string& sql, const std::vector<SqlValue>& params);
  pg_conn* conn_;  // owned
  bool in_transaction_ = false;
};

}  // namespace meet::store
