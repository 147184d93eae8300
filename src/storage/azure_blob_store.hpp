#pragma once
// AzureBlobStore: Azure Blob Storage over its REST API (libcurl; Debian has no Azure SDK),
// authorized with Shared Key (azure_shared_key.hpp), x-ms-version 2021-08-06. Works against
// Azure and Azurite (path-style endpoints). Download links are read-only service SAS URLs
// (azure_sas.hpp): https-only unless the endpoint itself is http (a local emulator).
//
// Each request is retried request_attempts times with doubling backoff on transport errors,
// 408, 429 and 5xx; then the call returns kUnavailable and the UploadQueue takes over with
// longer waits. Thread-safe: no shared mutable state.
#include <chrono>
#include <span>
#include <string>

#include "storage/azure_account.hpp"
#include "storage/azure_http.hpp"
#include "storage/blob_store.hpp"

namespace meet::storage {

struct AzureOptions {
  size_t block_size = 4 * 1024 * 1024;  // bytes per Put Block (Azure allows up to 4000 MiB)
  int request_attempts = 3;             // tries per request, the first included
  std::chrono::milliseconds initial_backoff{500};
  HttpTimeouts timeouts;
};

class AzureBlobStore final : public BlobStore {
 public:
  AzureBlobStore(AzureAccount account, std::string container, AzureOptions options = {});

  const char* kind() const override { return "azure"; }
  BlobResult<void> ensure_container() override;
  BlobResult<void> put_file(const std::string& name, const std::filesystem::path& file,
                            const std::function<void(double)>& progress) override;
  BlobResult<std::vector<BlobInfo>> list(const std::string& prefix) override;
  BlobResult<BlobInfo> stat(const std::string& name) override;
  BlobResult<void> remove(const std::string& name) override;
  BlobResult<DownloadUrl> download_url(const std::string& name, int64_t expires_at_ms) override;

  const std::string& container() const { return container_; }

 private:
  struct Call {
    std::string method;
    std::string path_and_query;  // after the endpoint: "/container/blob?comp=block&blockid=.."
    std::vector<std::pair<std::string, std::string>> headers;
    std::span<const uint8_t> body;
  };
  // Signs and sends, retrying transport errors, 408, 429 and 5xx.
  BlobResult<HttpAnswer> send(const Call& call) const;
  BlobResult<HttpAnswer> send_once(const Call& call) const;
  std::string blob_path(const std::string& name) const;
  BlobResult<void> put_blocks(const std::string& name, const std::filesystem::path& file,
                              const std::function<void(double)>& progress);

  AzureAccount account_;
  std::string container_;
  AzureOptions options_;
};

// Maps an answer's status to a BlobError (nullopt for 2xx). Exposed for tests.
std::optional<BlobError> azure_status_error(long status, std::string_view body);

}  // namespace meet::storage
