#include "store/postgres/postgres_store.hpp"

#include "store/migrations.hpp"
#include "store/postgres/postgres_connection.hpp"

namespace meet::store {

StoreResult<std::unique_ptr<PostgresStore>> PostgresStore::open(const std::string& database_url) {
  auto conn = PostgresConnection::open(database_url);
  if (!conn) return Err{conn.error()};
  auto version = apply_migrations(**conn);
  if (!version) return Err{version.error()};
  return std::unique_ptr<PostgresStore>(new PostgresStore(std::move(conn).value()));
}

}  // namespace meet::store
