#pragma once
// Picks the recordings' BlobStore from the settings (issue 14): Azure Blob Storage when
// AZURE_STORAGE_CONNECTION_STRING is set (container AZURE_STORAGE_CONTAINER_NAME, created
// when missing), otherwise the local disk under RECORDING_DIR_PATH with links signed by
// `url_secret` and served by meet at public_url. Throws std::runtime_error on a bad
// connection string (start-up only; the message never holds the key).
#include <memory>
#include <string>

#include "app/serve_config.hpp"
#include "storage/blob_store.hpp"

namespace meet::app {

std::unique_ptr<storage::BlobStore> open_blob_store(const ServeConfig& config,
                                                    const std::string& recording_dir,
                                                    const std::string& url_secret);

}  // namespace meet::app
