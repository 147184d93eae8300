#include "storage/local_blob_store.hpp"

#include <gtest/gtest.h>

#include "storage/temp_dir.hpp"

namespace meet::storage {
namespace {

using testing::TempDir;

TEST(LocalBlobStore, StoresListsStatsAndDeletesFiles) {
  TempDir dir;
  LocalBlobStore blobs(dir.path() / "root", "http://127.0.0.1:8080", "secret");
  ASSERT_TRUE(blobs.ensure_container().ok());
  testing::write_pattern_file(dir.path() / "in.mp4", 10'000);
  double last = 0;
  ASSERT_TRUE(
      blobs.put_file("rec_1/recording.mp4", dir.path() / "in.mp4", [&](double f) { last = f; })
          .ok());
  EXPECT_EQ(last, 1.0);
  EXPECT_EQ(testing::read_file(dir.path() / "root/rec_1/recording.mp4"),
            testing::read_file(dir.path() / "in.mp4"));
  auto info = blobs.stat("rec_1/recording.mp4");
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->size_bytes, 10'000);
  EXPECT_GT(info->last_modified_ms, 0);
  auto all = blobs.list("rec_");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].name, "rec_1/recording.mp4");
  EXPECT_TRUE(blobs.list("zzz")->empty());
  ASSERT_TRUE(blobs.remove("rec_1/recording.mp4").ok());
  EXPECT_EQ(blobs.stat("rec_1/recording.mp4").error().code, BlobErrorCode::kNotFound);
  EXPECT_EQ(blobs.remove("rec_1/recording.mp4").error().code, BlobErrorCode::kNotFound);
}

TEST(LocalBlobStore, TreatsAFileAlreadyInPlaceAsTheBlob) {
  TempDir dir;
  LocalBlobStore blobs(dir.path(), "http://h", "secret");
  const auto mp4 = dir.path() / "rec_1/recording.mp4";
  testing::write_pattern_file(mp4, 500);
  ASSERT_TRUE(blobs.put_file("rec_1/recording.mp4", mp4, {}).ok());
  EXPECT_EQ(std::filesystem::file_size(mp4), 500u);
  EXPECT_TRUE(blobs.holds_file(mp4));
  EXPECT_FALSE(blobs.holds_file("/tmp/elsewhere.mp4"));
  EXPECT_EQ(blobs.local_file("rec_1/recording.mp4"), mp4);
}

TEST(LocalBlobStore, RefusesNamesThatLeaveTheRoot) {
  TempDir dir;
  LocalBlobStore blobs(dir.path() / "root", "http://h", "secret");
  testing::write_pattern_file(dir.path() / "in.mp4", 10);
  for (const char* bad : {"../x.mp4", "a/../../x", "/etc/passwd", "a//b", "", "a/./b", "a b"}) {
    EXPECT_EQ(blobs.put_file(bad, dir.path() / "in.mp4", {}).error().code, BlobErrorCode::kInvalid)
        << bad;
    EXPECT_FALSE(blobs.local_file(bad).has_value()) << bad;
  }
  EXPECT_EQ(blobs.put_file("ok.mp4", dir.path() / "missing.mp4", {}).error().code,
            BlobErrorCode::kLocalIo);
}

TEST(LocalBlobStore, SignsDownloadLinksWithWholeSecondExpiry) {
  LocalBlobStore blobs("/tmp/unused", "https://meet.example.com", "secret");
  auto url = blobs.download_url("rec_1/recording.mp4", 1'700'000'000'900);
  ASSERT_TRUE(url.ok());
  EXPECT_EQ(url->expires_at_ms, 1'700'000'000'000);
  EXPECT_TRUE(url->url.starts_with(
      "https://meet.example.com/recordings/rec_1/recording.mp4?expires=1700000000&sig="))
      << url->url;
}

}  // namespace
}  // namespace meet::storage
