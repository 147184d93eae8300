#pragma once
// Numbered schema migrations, portable SQL for SQLite and PostgreSQL (BIGINT, TEXT, INTEGER
// booleans, ON DELETE CASCADE). Applied at open in one transaction, recorded in
// schema_migrations. Never edit a released migration: append a new one.
#include <cstdint>
#include <string_view>
#include <vector>

#include "store/sql_connection.hpp"

namespace meet::store {

struct Migration {
  int64_t version;
  std::string_view name;
  std::vector<std::string_view> statements;
};

const std::vector<Migration>& migrations();

// Applies every migration not yet recorded, in version order. Returns the highest version.
// On PostgreSQL an advisory lock keeps two nodes starting together from racing.
StoreResult<int64_t> apply_migrations(SqlConnection& db);

}  // namespace meet::store
