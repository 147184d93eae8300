#include "storage/local_blob_store.hpp"

#include <algorithm>
#include <chrono>
#include <system_error>

#include "storage/signed_url.hpp"

namespace meet::storage {
namespace fs = std::filesystem;
namespace {

int64_t mtime_ms(const fs::path& p) {
  std::error_code ec;
  auto t = fs::last_write_time(p, ec);
  if (ec) return 0;
  auto sys = std::chrono::file_clock::to_sys(t);
  return std::chrono::duration_cast<std::chrono::milliseconds>(sys.time_since_epoch()).count();
}

Err<BlobError> io_error(const std::string& what, const std::error_code& ec) {
  return blob_error(BlobErrorCode::kLocalIo, what + ": " + ec.message());
}

}  // namespace

LocalBlobStore::LocalBlobStore(fs::path root, std::string public_base_url, std::string url_secret)
    : root_(std::move(root)),
      base_url_(std::move(public_base_url)),
      secret_(std::move(url_secret)) {}

BlobResult<void> LocalBlobStore::ensure_container() {
  std::error_code ec;
  fs::create_directories(root_, ec);
  if (ec) return io_error("create " + root_.string(), ec);
  return Ok{};
}

BlobResult<void> LocalBlobStore::put_file(const std::string& name, const fs::path& file,
                                          const std::function<void(double)>& progress) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    return blob_error(BlobErrorCode::kLocalIo, "no such file " + file.string());
  }
  const fs::path dest = root_ / name;
  if (fs::exists(dest, ec) && fs::equivalent(file, dest, ec)) {
    if (progress) progress(1.0);
    return Ok{};  // the file already is the blob
  }
  fs::create_directories(dest.parent_path(), ec);
  if (ec) return io_error("create " + dest.parent_path().string(), ec);
  // Copy beside the destination, then rename: a reader never sees half a blob.
  const fs::path part = dest.string() + ".part";
  fs::copy_file(file, part, fs::copy_options::overwrite_existing, ec);
  if (ec) return io_error("copy to " + part.string(), ec);
  fs::rename(part, dest, ec);
  if (ec) return io_error("rename " + part.string(), ec);
  if (progress) progress(1.0);
  return Ok{};
}

BlobResult<std::vector<BlobInfo>> LocalBlobStore::list(const std::string& prefix) {
  std::vector<BlobInfo> out;
  std::error_code ec;
  if (!fs::exists(root_, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(root_, ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string name = fs::relative(it->path(), root_, ec).generic_string();
    if (ec || !valid_blob_name(name) || !name.starts_with(prefix) || name.ends_with(".part")) {
      continue;
    }
    out.push_back({std::move(name), static_cast<int64_t>(it->file_size(ec)), mtime_ms(it->path())});
  }
  if (ec) return io_error("list " + root_.string(), ec);
  std::sort(out.begin(), out.end(),
            [](const BlobInfo& a, const BlobInfo& b) { return a.name < b.name; });
  return out;
}

BlobResult<BlobInfo> LocalBlobStore::stat(const std::string& name) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  const fs::path p = root_ / name;
  std::error_code ec;
  if (!fs::is_regular_file(p, ec)) return blob_error(BlobErrorCode::kNotFound, "no such blob");
  auto size = fs::file_size(p, ec);
  if (ec) return io_error("stat " + p.string(), ec);
  return BlobInfo{name, static_cast<int64_t>(size), mtime_ms(p)};
}

BlobResult<void> LocalBlobStore::remove(const std::string& name) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  std::error_code ec;
  if (!fs::remove(root_ / name, ec)) {
    if (ec) return io_error("remove " + name, ec);
    return blob_error(BlobErrorCode::kNotFound, "no such blob");
  }
  return Ok{};
}

BlobResult<DownloadUrl> LocalBlobStore::download_url(const std::string& name,
                                                     int64_t expires_at_ms) {
  if (!valid_blob_name(name)) return blob_error(BlobErrorCode::kInvalid, "bad blob name");
  // Whole seconds, rounded down, so the link never outlives what the caller asked for.
  const int64_t expires_s = expires_at_ms / 1000;
  return DownloadUrl{base_url_ + local_download_target(secret_, name, expires_s), expires_s * 1000};
}

std::optional<fs::path> LocalBlobStore::local_file(const std::string& name) const {
  if (!valid_blob_name(name)) return std::nullopt;
  return root_ / name;
}

bool LocalBlobStore::holds_file(const fs::path& file) const {
  std::error_code ec;
  const auto root = fs::weakly_canonical(root_, ec);
  if (ec) return false;
  const auto p = fs::weakly_canonical(file, ec);
  if (ec) return false;
  auto rel = p.lexically_relative(root);
  return !rel.empty() && *rel.begin() != "..";
}

}  // namespace meet::storage
