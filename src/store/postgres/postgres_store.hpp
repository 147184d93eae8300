#pragma once
// PostgresStore: the Store on PostgreSQL through libpq, for several nodes sharing one database.
// Migrated at open (an advisory lock serializes nodes starting together).
#include <memory>
#include <string>

#include "store/sql_store.hpp"

namespace meet::store {

class PostgresStore final : public SqlStore {
 public:
  // `database_url`: postgres://user:pass@host:port/db (any libpq connection string works).
  static StoreResult<std::unique_ptr<PostgresStore>> open(const std::string& database_url);

 private:
  using SqlStore::SqlStore;
};

}  // namespace meet::store
