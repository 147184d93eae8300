#pragma once
// SqlConnection: the little SQL surface SqlStore needs, implemented over SQLite and libpq.
// Statements use $1, $2... placeholders in order of first use (valid in both dialects);
// values are always bound as parameters, never spliced into SQL text.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "store/store_error.hpp"

namespace meet::store {

enum class SqlDialect : uint8_t { kSqlite, kPostgres };

using SqlValue = std::variant<std::nullptr_t, int64_t, std::string>;
using SqlRow = std::vector<std::optional<std::string>>;  // every column as text, NULL as nullopt

struct SqlResult {
  std::vector<SqlRow> rows;
  int64_t affected = 0;  // rows changed by INSERT/UPDATE/DELETE
};

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;
  virtual SqlDialect dialect() const = 0;
  // Runs one statement. Constraint violations map to kConflict, bad values to kInvalid,
  // everything else to kUnavailable. Not thread-safe: the caller serializes.
  virtual StoreResult<SqlResult> query(std::string_view sql,
                                       const std::vector<SqlValue>& params = {}) = 0;
};

}  // namespace meet::store
