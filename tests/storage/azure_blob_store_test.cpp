// AzureBlobStore and UploadQueue against a real Azurite (npm), started on a free loopback port.
#include "storage/azure_blob_store.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <future>

#include "storage/azurite_server.hpp"
#include "storage/temp_dir.hpp"
#include "storage/upload_queue.hpp"

namespace meet::storage {
namespace {

using namespace std::chrono_literals;
using testing::AzuriteServer;
using testing::TempDir;

int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

HttpAnswer get(const std::string& url) {
  auto r = http_exchange({"GET", url, {}, {}}, {});
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error());
  return r.ok() ? std::move(r).value() : HttpAnswer{};
}

class AzureBlobStoreTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new AzuriteServer();
    if (server_->available()) started_ = server_->start();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    if (!server_->available()) GTEST_SKIP() << server_->missing_message();
    if (!server_->start()) FAIL() << "Azurite did not start on port " << server_->port();
  }

  AzureBlobStore store(const std::string& container, AzureOptions options = {}) {
    auto account = parse_connection_string(server_->connection_string());
    EXPECT_TRUE(account.ok());
    return AzureBlobStore(account.value(), container, options);
  }

  static AzuriteServer* server_;
  static bool started_;
  TempDir dir_;
};

AzuriteServer* AzureBlobStoreTest::server_ = nullptr;
bool AzureBlobStoreTest::started_ = false;

TEST_F(AzureBlobStoreTest, CreatesTheContainerWhenMissingAndAgainWithoutError) {
  auto blobs = store("created");
  ASSERT_TRUE(blobs.ensure_container().ok());
  ASSERT_TRUE(blobs.ensure_container().ok());
  auto listed = blobs.list("");
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_TRUE(listed->empty());
  // put_file into a container nobody created makes it first.
  auto fresh = store("made-by-upload");
  testing::write_pattern_file(dir_.path() / "a.mp4", 1000);
  auto put = fresh.put_file("rec_a/recording.mp4", dir_.path() / "a.mp4", {});
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_EQ(fresh.stat("rec_a/recording.mp4")->size_bytes, 1000);
}

TEST_F(AzureBlobStoreTest, UploadsInBlocksListsDownloadsWithSasAndDeletes) {
  AzureOptions opts;
  opts.block_size = 64 * 1024;
  auto blobs = store("recordings", opts);
  ASSERT_TRUE(blobs.ensure_container().ok());
  const auto file = dir_.path() / "recording.mp4";
  const size_t size = 5 * 64 * 1024 + 123;  // six blocks, the last one short
  testing::write_pattern_file(file, size);
  std::vector<double> progress;
  auto put = blobs.put_file("rec_b/recording.mp4", file, [&](double f) { progress.push_back(f); });
  ASSERT_TRUE(put.ok()) << put.error().message;
  EXPECT_EQ(progress.size(), 7u);  // per block, then committed
  EXPECT_EQ(progress.back(), 1.0);
  testing::write_pattern_file(dir_.path() / "other.mp4", 10);
  ASSERT_TRUE(blobs.put_file("rec_c/recording.mp4", dir_.path() / "other.mp4", {}).ok());

  auto info = blobs.stat("rec_b/recording.mp4");
  ASSERT_TRUE(info.ok()) << info.error().message;
  EXPECT_EQ(info->size_bytes, static_cast<int64_t>(size));
  EXPECT_NEAR(static_cast<double>(info->last_modified_ms), static_cast<double>(now_ms()), 120e3);
  auto listed = blobs.list("rec_b/");
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 1u);
  EXPECT_EQ((*listed)[0].name, "rec_b/recording.mp4");
  EXPECT_EQ((*listed)[0].size_bytes, static_cast<int64_t>(size));
  EXPECT_EQ(blobs.list("")->size(), 2u);

  // A SAS link downloads the very bytes, then stops working once it expires.
  auto link = blobs.download_url("rec_b/recording.mp4", now_ms() + 2000);
  ASSERT_TRUE(link.ok());
  EXPECT_NE(link->url.find("spr=https%2Chttp"), std::string::npos);  // http emulator
  EXPECT_NE(link->url.find("sp=r"), std::string::npos);
  auto fetched = get(link->url);
  ASSERT_EQ(fetched.status, 200) << fetched.body;
  EXPECT_EQ(fetched.body, testing::read_file(file));
  auto tampered = link->url;
  tampered.replace(tampered.find("sp=r"), 4, "sp=w");
  EXPECT_EQ(get(tampered).status, 403);
  auto expired = blobs.download_url("rec_b/recording.mp4", now_ms() - 1000);
  EXPECT_EQ(get(expired->url).status, 403);
  while (now_ms() < link->expires_at_ms + 1100) std::this_thread::sleep_for(100ms);
  EXPECT_EQ(get(link->url).status, 403);

  ASSERT_TRUE(blobs.remove("rec_b/recording.mp4").ok());
  EXPECT_EQ(blobs.stat("rec_b/recording.mp4").error().code, BlobErrorCode::kNotFound);
  EXPECT_EQ(blobs.remove("rec_b/recording.mp4").error().code, BlobErrorCode::kNotFound);
  EXPECT_EQ(blobs.list("")->size(), 1u);
}

TEST_F(AzureBlobStoreTest, RefusesAWrongKeyWithoutRetrying) {
  auto account = parse_connection_string(server_->connection_string());
  ASSERT_TRUE(account.ok());
  account->key = "d3Jvbmcta2V5";  // base64 of "wrong-key"
  AzureBlobStore blobs(*account, "recordings");
  auto r = blobs.ensure_container();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, BlobErrorCode::kRejected) << r.error().message;
  EXPECT_EQ(r.error().message.find("d3Jvbmcta2V5"), std::string::npos);
}

// Azurite goes away in the middle of an upload: the queue keeps the file, retries with backoff
// and finishes once Azurite is back; only then is the local copy removed.
TEST_F(AzureBlobStoreTest, UploadQueueRidesOutAnOutage) {
  AzureOptions opts;
  opts.block_size = 64 * 1024;
  opts.request_attempts = 2;
  opts.initial_backoff = 10ms;
  opts.timeouts.connect = 1000ms;
  opts.timeouts.total = 5000ms;
  auto blobs = store("outage", opts);
  ASSERT_TRUE(blobs.ensure_container().ok());
  const auto folder = dir_.path() / "rec_d";
  const auto file = folder / "recording.mp4";
  const size_t size = 8 * 64 * 1024;
  testing::write_pattern_file(file, size);

  UploadQueue queue(blobs, {50ms, 200ms});
  std::atomic<bool> killed{false};
  std::promise<BlobResult<void>> done;
  UploadJob job;
  job.id = "rec_d";
  job.file = file;
  job.blob_name = "rec_d/recording.mp4";
  job.remove_after = {folder};
  job.progress = [&](double f) {
    // Worker thread, after the first block went through: pull the plug.
    if (f > 0 && f < 0.5 && !killed.exchange(true)) server_->stop();
  };
  job.done = [&](const BlobResult<void>& r) { done.set_value(r); };
  auto result = done.get_future();
  ASSERT_TRUE(queue.submit(std::move(job)));

  const auto deadline = std::chrono::steady_clock::now() + 30s;
  while (queue.failed_attempts() < 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(10ms);
  }
  ASSERT_TRUE(killed.load());
  ASSERT_GE(queue.failed_attempts(), 3u);
  EXPECT_EQ(result.wait_for(0ms), std::future_status::timeout);
  EXPECT_EQ(std::filesystem::file_size(file), size);  // nothing deleted while down

  ASSERT_TRUE(server_->start());
  ASSERT_EQ(result.wait_for(60s), std::future_status::ready);
  auto r = result.get();
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto info = blobs.stat("rec_d/recording.mp4");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size_bytes, static_cast<int64_t>(size));
  auto link = blobs.download_url("rec_d/recording.mp4", now_ms() + 60'000);
  auto fetched = get(link->url);
  EXPECT_EQ(fetched.status, 200);
  EXPECT_EQ(fetched.body.size(), size);
  EXPECT_FALSE(std::filesystem::exists(folder));  // removed only after the confirmation
}

}  // namespace
}  // namespace meet::storage
