#include "storage/signed_url.hpp"

#include <gtest/gtest.h>

namespace meet::storage {
namespace {

TEST(SignedUrl, AcceptsItsOwnLinkUntilItExpires) {
  const std::string target = local_download_target("s3cret", "rec_1/recording.mp4", 2000);
  EXPECT_TRUE(target.starts_with("/recordings/rec_1/recording.mp4?expires=2000&sig="));
  const std::string sig = target.substr(target.find("sig=") + 4);
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_EQ(check_local_url("s3cret", "rec_1/recording.mp4", "2000", sig, 1999),
            SignedUrlCheck::kValid);
  EXPECT_EQ(check_local_url("s3cret", "rec_1/recording.mp4", "2000", sig, 2000),
            SignedUrlCheck::kExpired);
}

TEST(SignedUrl, RefusesChangedNamesTimesSecretsOrSignatures) {
  const std::string sig = local_url_signature("s3cret", "rec_1/recording.mp4", 2000);
  EXPECT_EQ(check_local_url("s3cret", "rec_2/recording.mp4", "2000", sig, 1),
            SignedUrlCheck::kBadSignature);
  EXPECT_EQ(check_local_url("s3cret", "rec_1/recording.mp4", "2001", sig, 1),
            SignedUrlCheck::kBadSignature);
  EXPECT_EQ(check_local_url("other", "rec_1/recording.mp4", "2000", sig, 1),
            SignedUrlCheck::kBadSignature);
  for (const char* expires : {"", "abc", "2000x", "-"}) {
    EXPECT_EQ(check_local_url("s3cret", "rec_1/recording.mp4", expires, sig, 1),
              SignedUrlCheck::kBadSignature)
        << expires;
  }
  EXPECT_EQ(check_local_url("s3cret", "rec_1/recording.mp4", "2000", "", 1),
            SignedUrlCheck::kBadSignature);
}

}  // namespace
}  // namespace meet::storage
