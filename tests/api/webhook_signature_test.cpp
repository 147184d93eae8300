#include "api/webhook_signature.hpp"

#include <gtest/gtest.h>

namespace meet::api {
namespace {

// python3 -c "import hmac,hashlib; print(hmac.new(b'whsec_test',
//   b'1700000000.{\"a\":1}', hashlib.sha256).hexdigest())"
constexpr const char* kExpected =
    "t=1700000000,v1=38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

TEST(WebhookSignature, SignsTimestampDotBody) {
  EXPECT_EQ(sign_webhook("whsec_test", 1'700'000'000, R"({"a":1})"), kExpected);
}

TEST(WebhookSignature, VerifiesAndRejectsTamperingAndReplay) {
  const int64_t now = 1'700'000'010;
  EXPECT_TRUE(verify_webhook_signature(kExpected, "whsec_test", R"({"a":1})", now));
  EXPECT_FALSE(verify_webhook_signature(kExpected, "whsec_test", R"({"a":2})", now));
  EXPECT_FALSE(verify_webhook_signature(kExpected, "other", R"({"a":1})", now));
  EXPECT_FALSE(verify_webhook_signature(kExpected, "whsec_test", R"({"a":1})", now + 600));
  EXPECT_FALSE(verify_webhook_signature("v1=abc", "whsec_test", "", now));
  EXPECT_FALSE(verify_webhook_signature("t=x,v1=abc", "whsec_test", "", now));
}

}  // namespace
}  // namespace meet::api
