#include "store/open_store.hpp"

#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace meet::store {

StoreResult<std::unique_ptr<Store>> open_store(const std::string& database_url,
                                               const std::string& data_dir) {
  if (database_url.starts_with("postgres://") || database_url.starts_with("postgresql://")) {
    auto pg = PostgresStore::open(database_url);
    if (!pg) return Err{pg.error()};
    return std::unique_ptr<Store>(std::move(pg).value());
  }
  if (!database_url.empty()) {
    return store_error(StoreErrorCode::kInvalid, "DATABASE_URL must start with postgres://");
  }
  const std::string dir = data_dir.empty() ? "." : data_dir;
  auto lite = SqliteStore::open(dir + "/meet.db");
  if (!lite) return Err{lite.error()};
  return std::unique_ptr<Store>(std::move(lite).value());
}

}  // namespace meet::store
