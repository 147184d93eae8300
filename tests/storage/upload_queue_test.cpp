#include "storage/upload_queue.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "storage/local_blob_store.hpp"
#include "storage/temp_dir.hpp"

namespace meet::storage {
namespace {

using namespace std::chrono_literals;
using testing::TempDir;

// A real LocalBlobStore behind a switch that makes put_file fail like an unreachable service.
class SwitchedStore final : public BlobStore {
 public:
  explicit SwitchedStore(const std::filesystem::path& root) : inner_(root, "http://h", "k") {}
  std::atomic<bool> down{false};
  std::atomic<bool> refuse{false};
  std::atomic<int> puts{0};
  std::function<void()> on_put;  // runs inside put_file, before anything (test hook)

  const char* kind() const override { return "switched"; }
  BlobResult<void> ensure_container() override { return inner_.ensure_container(); }
  BlobResult<void> put_file(const std::string& name, const std::filesystem::path& file,
                            const std::function<void(double)>& progress) override {
    ++puts;
    if (on_put) on_put();
    if (refuse) return blob_error(BlobErrorCode::kRejected, "403 AuthenticationFailed");
    if (down) return blob_error(BlobErrorCode::kUnavailable, "connection refused");
    return inner_.put_file(name, file, progress);
  }
  BlobResult<std::vector<BlobInfo>> list(const std::string& p) override { return inner_.list(p); }
  BlobResult<BlobInfo> stat(const std::string& n) override { return inner_.stat(n); }
  BlobResult<void> remove(const std::string& n) override { return inner_.remove(n); }
  BlobResult<DownloadUrl> download_url(const std::string& n, int64_t e) override {
    return inner_.download_url(n, e);
  }

 private:
  LocalBlobStore inner_;
};

struct Done {
  std::promise<BlobResult<void>> promise;
  std::future<BlobResult<void>> future = promise.get_future();
};

UploadJob job_for(const std::filesystem::path& folder, Done& done) {
  UploadJob job;
  job.id = "rec_1";
  job.file = folder / "recording.mp4";
  job.blob_name = "rec_1/recording.mp4";
  job.remove_after = {folder};
  job.done = [&done](const BlobResult<void>& r) { done.promise.set_value(r); };
  return job;
}

TEST(UploadQueue, RetriesUntilTheStoreIsBackAndOnlyThenRemovesTheLocalCopy) {
  TempDir dir;
  SwitchedStore store(dir.path() / "blobs");
  const auto folder = dir.path() / "capture/rec_1";
  testing::write_pattern_file(folder / "recording.mp4", 50'000);
  store.down = true;
  UploadQueue queue(store, {5ms, 20ms});
  Done done;
  ASSERT_TRUE(queue.submit(job_for(folder, done)));
  EXPECT_FALSE(queue.submit(job_for(folder, done)));  // same id: already queued
  while (queue.failed_attempts() < 4) std::this_thread::sleep_for(1ms);
  // Down: the local copy is still there and nothing was reported.
  EXPECT_TRUE(std::filesystem::exists(folder / "recording.mp4"));
  EXPECT_EQ(done.future.wait_for(0ms), std::future_status::timeout);
  store.down = false;
  ASSERT_EQ(done.future.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(done.future.get().ok());
  EXPECT_EQ(std::filesystem::file_size(dir.path() / "blobs/rec_1/recording.mp4"), 50'000u);
  EXPECT_FALSE(std::filesystem::exists(folder));
  EXPECT_EQ(queue.pending(), 0u);
}

TEST(UploadQueue, CapsTheBackoff) {
  TempDir dir;
  SwitchedStore store(dir.path() / "blobs");
  const auto folder = dir.path() / "rec_1";
  testing::write_pattern_file(folder / "recording.mp4", 10);
  store.down = true;
  UploadQueue queue(store, {1ms, 4ms});
  Done done;
  queue.submit(job_for(folder, done));
  const auto start = std::chrono::steady_clock::now();
  while (queue.failed_attempts() < 30) std::this_thread::sleep_for(1ms);
  // Uncapped doubling from 1 ms would need 2^30 ms for 30 failures; capped it is ~0.1 s.
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
}

TEST(UploadQueue, ReportsAFailureRetryingCannotFixAndKeepsTheFile) {
  TempDir dir;
  SwitchedStore store(dir.path() / "blobs");
  const auto folder = dir.path() / "rec_1";
  testing::write_pattern_file(folder / "recording.mp4", 10);
  store.refuse = true;
  UploadQueue queue(store, {1ms, 1ms});
  Done done;
  queue.submit(job_for(folder, done));
  ASSERT_EQ(done.future.wait_for(10s), std::future_status::ready);
  auto r = done.future.get();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, BlobErrorCode::kRejected);
  EXPECT_EQ(store.puts.load(), 1);
  EXPECT_TRUE(std::filesystem::exists(folder / "recording.mp4"));
}

TEST(UploadQueue, StopsWhileWaitingWithoutReportingOrDeleting) {
  TempDir dir;
  SwitchedStore store(dir.path() / "blobs");
  const auto folder = dir.path() / "rec_1";
  testing::write_pattern_file(folder / "recording.mp4", 10);
  store.down = true;
  bool reported = false;
  {
    UploadQueue queue(store, {10s, 10s});
    UploadJob job;
    job.id = "rec_1";
    job.file = folder / "recording.mp4";
    job.blob_name = "rec_1/recording.mp4";
    job.remove_after = {folder};
    job.done = [&](const BlobResult<void>&) { reported = true; };
    queue.submit(std::move(job));
    while (queue.failed_attempts() < 1) std::this_thread::sleep_for(1ms);
    const auto t0 = std::chrono::steady_clock::now();
    queue.stop();
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 5s);  // did not sit out the 10 s backoff
  }
  EXPECT_FALSE(reported);
  EXPECT_TRUE(std::filesystem::exists(folder / "recording.mp4"));
}

TEST(UploadQueue, SparesTheFileWhenTheStoreKeepsItInPlace) {
  TempDir dir;
  LocalBlobStore store(dir.path(), "http://h", "k");
  const auto folder = dir.path() / "rec_1";
  testing::write_pattern_file(folder / "recording.mp4", 100);
  testing::write_pattern_file(folder / "tracks/a.mkv", 100);
  UploadQueue queue(store, {1ms, 1ms});
  Done done;
  UploadJob job = job_for(folder, done);
  job.remove_after = {folder / "tracks", folder};
  queue.submit(std::move(job));
  ASSERT_EQ(done.future.wait_for(10s), std::future_status::ready);
  EXPECT_TRUE(done.future.get().ok());
  EXPECT_TRUE(std::filesystem::exists(folder / "recording.mp4"));  // it IS the blob
  EXPECT_FALSE(std::filesystem::exists(folder / "tracks"));
}

}  // namespace
}  // namespace meet::storage
