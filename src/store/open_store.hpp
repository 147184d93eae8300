#pragma once
// open_store: picks the backend from configuration, for app/ to call at start-up.
// A non-empty `database_url` starting with postgres:// or postgresql:// opens PostgresStore;
// otherwise SqliteStore at "<data_dir>/meet.db" (the directory must exist).
#include <memory>
#include <string>

#include "store/store.hpp"

namespace meet::store {

StoreResult<std::unique_ptr<Store>> open_store(const std::string& database_url,
                                               const std::string& data_dir);

}  // namespace meet::store
