#pragma once
// LocalBlobStore: blobs are files under a root directory (RECORDING_DIR_PATH), blob
// "rec_x/recording.mp4" is ROOT/rec_x/recording.mp4. The composer writes its MP4 exactly
// there, so "uploading" it is a no-op and the file must never be deleted as a local copy.
// Download links point at meet itself (signed_url.hpp), served by the API's
// GET /recordings/... route.
#include <filesystem>
#include <string>

#include "storage/blob_store.hpp"

namespace meet::storage {

class LocalBlobStore final : public BlobStore {
 public:
  // public_base_url: "https://meet.example.com" (no trailing slash), prefixed to links.
  // url_secret signs them (HMAC-SHA256); keep it secret and stable across restarts.
  LocalBlobStore(std::filesystem::path root, std::string public_base_url, std::string url_secret);

  const char* kind() const override { return "local"; }
  BlobResult<void> ensure_container() override;
  BlobResult<void> put_file(const std::string& name, const std::filesystem::path& file,
                            const std::function<void(double)>& progress) override;
  BlobResult<std::vector<BlobInfo>> list(const std::string& prefix) override;
  BlobResult<BlobInfo> stat(const std::string& name) override;
  BlobResult<void> remove(const std::string& name) override;
  BlobResult<DownloadUrl> download_url(const std::string& name, int64_t expires_at_ms) override;
  std::optional<std::filesystem::path> local_file(const std::string& name) const override;
  bool holds_file(const std::filesystem::path& file) const override;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
  std::string base_url_;
  std::string secret_;
};

}  // namespace meet::storage
