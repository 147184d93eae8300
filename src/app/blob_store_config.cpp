#include "app/blob_store_config.hpp"

#include <stdexcept>

#include "common/log.hpp"
#include "storage/azure_blob_store.hpp"
#include "storage/local_blob_store.hpp"

namespace meet::app {

std::unique_ptr<storage::BlobStore> open_blob_store(const ServeConfig& config,
                                                    const std::string& recording_dir,
                                                    const std::string& url_secret) {
  auto log = logger("app");
  std::unique_ptr<storage::BlobStore> store;
  if (!config.azure_connection_string.empty()) {
    auto account = storage::parse_connection_string(config.azure_connection_string);
    if (!account) throw std::runtime_error("AZURE_STORAGE_CONNECTION_STRING: " + account.error());
    store = std::make_unique<storage::AzureBlobStore>(account.value(), config.azure_container);
    log->info("recordings stored in azure endpoint={} container={}", account->blob_endpoint,
              config.azure_container);
  } else {
    store = std::make_unique<storage::LocalBlobStore>(recording_dir, config.public_url, url_secret);
    log->info("recordings stored on local disk dir={}", recording_dir);
  }
  // Not fatal: an unreachable Azure at start-up must not keep meetings from running; uploads
  // retry and create the container themselves.
  if (auto made = store->ensure_container(); !made) {
    log->warn("recording storage not ready kind={} reason={}", store->kind(), made.error().message);
  }
  return store;
}

}  // namespace meet::app
