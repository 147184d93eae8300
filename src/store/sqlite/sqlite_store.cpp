#include "store/sqlite/sqlite_store.hpp"

#include "store/migrations.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace meet::store {

StoreResult<std::unique_ptr<SqliteStore>> SqliteStore::open(const std::string& path) {
  auto conn = SqliteConnection::open(path);
  if (!conn) return Err{conn.error()};
  auto version = apply_migrations(**conn);
  if (!version) return Err{version.error()};
  return std::unique_ptr<SqliteStore>(new SqliteStore(std::move(conn).value()));
}

}  // namespace meet::store
