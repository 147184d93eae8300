#pragma once
// What the Api needs for recordings (issue 14). app/ fills it; every pointer may stay null:
// without a recorder, POST .../recordings answers 503 recorder_unavailable; without a
// BlobStore, nothing can be uploaded or downloaded (503 storage_unavailable).
#include <chrono>
#include <filesystem>
#include <string>

#include "storage/upload_queue.hpp"

namespace meet::storage {
class BlobStore;
}

namespace meet::api {

class RecordingControl;

struct RecordingOptions {
  RecordingControl* control = nullptr;  // also settable later: Api::set_recording_control
  storage::BlobStore* blobs = nullptr;  // must outlive the Api
  std::filesystem::path dir = ".data/recordings";  // RECORDING_DIR_PATH: capture folders
  // Signs the local-disk download links (storage/signed_url.hpp); the LocalBlobStore that
  // makes them must use the same secret.
  std::string url_secret;
  std::chrono::seconds default_link_ttl{3600};  // download links without ?expires_in=
  storage::UploadOptions upload;                // backoff of retried uploads
};

}  // namespace meet::api
