#include "store/postgres/postgres_connection.hpp"

#include <libpq-fe.h>

#include <charconv>
#include <string>

namespace meet::store {
namespace {

// SQLSTATE classes (PostgreSQL appendix A): 23 integrity constraint violation, 22 data
// exception (bad encoding, value out of range).
StoreErrorCode code_for(const char* sqlstate) {
  if (sqlstate == nullptr) return StoreErrorCode::kUnavailable;
  const std::string_view s(sqlstate);
  if (s.starts_with("23")) return StoreErrorCode::kConflict;
  if (s.starts_with("22")) return StoreErrorCode::kInvalid;
  return StoreErrorCode::kUnavailable;
}

struct ResultDeleter {
  void operator()(PGresult* r) const { PQclear(r); }
};
using PgResultPtr = std::unique_ptr<PGresult, ResultDeleter>;

}  // namespace

StoreResult<std::unique_ptr<PostgresConnection>> PostgresConnection::open(const std::string& url) {
  PGconn* raw = PQconnectdb(url.c_str());
  std::unique_ptr<PostgresConnection> conn(new PostgresConnection(raw));
  if (raw == nullptr || PQstatus(raw) != CONNECTION_OK) {
    return store_error(StoreErrorCode::kUnavailable,
                       std::string("postgres: ") + (raw ? PQerrorMessage(raw) : "out of memory"));
  }
  auto r = conn->query("SET client_encoding TO 'UTF8'");
  if (!r) return Err{r.error()};
  return conn;
}

PostgresConnection::~PostgresConnection() {
  PQfinish(conn_);
}

StoreResult<SqlResult> PostgresConnection::query(std::string_view sql,
                                                 const std::vector<SqlValue>& params) {
  const std::string text(sql);
  // A dropped connection outside a transaction is retried once on a fresh one; inside a
  // transaction the statement fails (the transaction is lost with the connection).
  if (PQstatus(conn_) != CONNECTION_OK && !in_transaction_) PQreset(conn_);
  auto r = run(text, params);
  if (!r && PQstatus(conn_) != CONNECTION_OK && !in_transaction_) {
    PQreset(conn_);
    r = run(text, params);
  }
  if (text == "BEGIN") in_transaction_ = r.ok();
  if (text == "COMMIT" || text == "ROLLBACK") in_transaction_ = false;
  return r;
}

StoreResult<SqlResult> PostgresConnection::run(const std::string& sql,
                                               const std::vector<SqlValue>& params) {
  std::vector<std::string> storage;
  storage.reserve(params.size());
  std::vector<const char*> values;
  std::vector<int> lengths;
  for (const auto& p : params) {
    if (std::holds_alternative<std::nullptr_t>(p)) {
      storage.emplace_back();
      values.push_back(nullptr);
      lengths.push_back(0);
      continue;
    }
    if (const auto* i = std::get_if<int64_t>(&p)) {
      storage.push_back(std::to_string(*i));
    } else {
      storage.push_back(std::get<std::string>(p));
    }
    values.push_back(storage.back().c_str());
    lengths.push_back(static_cast<int>(storage.back().size()));
  }
  // Text-format parameters end at their first NUL; refuse rather than silently truncate.
  for (const auto& p : params) {
    if (const auto* s = std::get_if<std::string>(&p); s && s->find('\0') != std::string::npos) {
      return store_error(StoreErrorCode::kInvalid, "postgres: NUL byte in text value");
    }
  }
  PgResultPtr res(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr,
                               values.data(), lengths.data(), nullptr, 0));
  if (!res) {
    return store_error(StoreErrorCode::kUnavailable,
                       std::string("postgres: ") + PQerrorMessage(conn_));
  }
  const auto status = PQresultStatus(res.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    return store_error(code_for(PQresultErrorField(res.get(), PG_DIAG_SQLSTATE)),
                       std::string("postgres: ") + PQresultErrorMessage(res.get()));
  }
  SqlResult out;
  const int rows = PQntuples(res.get());
  const int cols = PQnfields(res.get());
  out.rows.reserve(static_cast<size_t>(rows));
  for (int r = 0; r < rows; ++r) {
    SqlRow row;
    row.reserve(static_cast<size_t>(cols));
    for (int c = 0; c < cols; ++c) {
      if (PQgetisnull(res.get(), r, c)) {
        row.emplace_back(std::nullopt);
      } else {
        row.emplace_back(std::string(PQgetvalue(res.get(), r, c),
                                     static_cast<size_t>(PQgetlength(res.get(), r, c))));
      }
    }
    out.rows.push_back(std::move(row));
  }
  const char* affected = PQcmdTuples(res.get());
  if (affected != nullptr && *affected != '\0') {
    std::from_chars(affected, affected + std::char_traits<char>::length(affected), out.affected);
  }
  return out;
}

}  // namespace meet::store
