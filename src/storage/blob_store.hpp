#pragma once
// BlobStore: where finished recordings live. Two implementations: LocalBlobStore (a directory,
// the default; download links are signed URLs served by meet) and AzureBlobStore (Azure Blob
// Storage over its REST API; download links are service SAS URLs).
//
// Blob names are relative paths of safe characters ("rec_ab12/recording.mp4"): letters,
// digits, '-', '_', '.', and '/' between non-empty segments that are not "." or "..".
//
// Threads: every call may block on disk or network; call them off the control loop (the
// UploadQueue's worker), except download_url and local_file, which do no I/O. Implementations
// are safe to call from several threads at once.
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "storage/blob_error.hpp"

namespace meet::storage {

struct BlobInfo {
  std::string name;
  int64_t size_bytes = 0;
  int64_t last_modified_ms = 0;  // unix ms
};

struct DownloadUrl {
  std::string url;
  int64_t expires_at_ms = 0;  // unix ms; the URL stops working after it
};

class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // "local" or "azure": for logs and the API.
  virtual const char* kind() const = 0;

  // Creates the container (Azure) or the directory (local) when missing. Idempotent.
  virtual BlobResult<void> ensure_container() = 0;

  // Stores the whole of `file` as blob `name`, replacing any blob of that name. Azure: Put
  // Block of at most block_size bytes each, then Put Block List; each request is retried with
  // backoff a few times before kUnavailable is returned. `progress` (may be empty) gets 0..1
  // on the calling thread. Returns only once the blob is committed.
  virtual BlobResult<void> put_file(const std::string& name, const std::filesystem::path& file,
                                    const std::function<void(double)>& progress) = 0;

  // Blobs whose names start with `prefix` ("" for all), in name order.
  virtual BlobResult<std::vector<BlobInfo>> list(const std::string& prefix) = 0;

  // The blob's properties, kNotFound when it does not exist.
  virtual BlobResult<BlobInfo> stat(const std::string& name) = 0;

  // Deletes the blob; kNotFound when it did not exist.
  virtual BlobResult<void> remove(const std::string& name) = 0;

  // A read-only link to the blob that stops working at `expires_at_ms` (unix ms). No I/O: the
  // blob may not exist. Azure: service SAS (sp=r, spr=https unless the endpoint is http).
  virtual BlobResult<DownloadUrl> download_url(const std::string& name, int64_t expires_at_ms) = 0;

  // Local disk only: the file that holds blob `name` (nullopt for remote stores or bad names).
  // The uploaded MP4 and the blob may be the same file; then it must never be deleted as a
  // "local copy" (see holds_file).
  virtual std::optional<std::filesystem::path> local_file(const std::string& name) const {
    return std::nullopt;
  }
  // True when `file` lies inside this store's own storage (local disk), so that deleting local
  // copies after an upload must spare it.
  virtual bool holds_file(const std::filesystem::path& file) const { return false; }
};

// True for a valid blob name (see above). Names come from our own ids, but API paths too.
bool valid_blob_name(const std::string& name);

}  // namespace meet::storage
