#pragma once
// SqliteStore: the embedded default. One file (WAL journal, 5 s busy timeout, foreign keys on),
// migrated at open.
#include <memory>
#include <string>

#include "store/sql_store.hpp"

namespace meet::store {

class SqliteStore final : public SqlStore {
 public:
  // Opens or creates `path` (e.g. "<data dir>/meet.db"); ":memory:" for a throwaway store.
  static StoreResult<std::unique_ptr<SqliteStore>> open(const std::string& path);

 private:
  using SqlStore::SqlStore;
};

}  // namespace meet::store
