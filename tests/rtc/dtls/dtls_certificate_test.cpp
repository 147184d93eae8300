#include "rtc/dtls/dtls_certificate.hpp"

#include <gtest/gtest.h>
#include <openssl/asn1.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/obj_mac.h>
#include <openssl/x509.h>

#include <regex>

#include "rtc/dtls/dtls_fingerprint.hpp"

namespace meet::rtc {
namespace {

TEST(DtlsCertificate, FingerprintIsUpperCaseSha256OfTheCertificate) {
  auto cert = DtlsCertificate::generate();
  ASSERT_NE(cert, nullptr);
  const std::string& fp = cert->fingerprint_sha256();
  EXPECT_TRUE(std::regex_match(fp, std::regex("([0-9A-F]{2}:){31}[0-9A-F]{2}"))) << fp;
  EXPECT_EQ(certificate_fingerprint(cert->x509(), "sha-256"), fp);
  EXPECT_EQ(certificate_fingerprint(cert->x509(), "SHA-256"), fp);
  auto sha1 = certificate_fingerprint(cert->x509(), "sha-1");
  ASSERT_TRUE(sha1.has_value());
  EXPECT_EQ(sha1->size(), 20u * 3 - 1);
}

TEST(DtlsCertificate, EachGenerationIsANewKeyAndSerial) {
  auto a = DtlsCertificate::generate();
  auto b = DtlsCertificate::generate();
  EXPECT_NE(a->fingerprint_sha256(), b->fingerprint_sha256());
  EXPECT_NE(ASN1_INTEGER_cmp(X509_get0_serialNumber(a->x509()), X509_get0_serialNumber(b->x509())),
            0);
  EXPECT_NE(EVP_PKEY_eq(a->private_key(), b->private_key()), 1);
}

TEST(DtlsCertificate, IsASelfSignedP256CertificateForMeet) {
  auto cert = DtlsCertificate::generate();
  X509* x = cert->x509();
  EXPECT_EQ(X509_get_version(x), X509_VERSION_3);
  EXPECT_EQ(X509_verify(x, cert->private_key()), 1);  // signed by its own key
  EXPECT_EQ(X509_check_private_key(x, cert->private_key()), 1);
  EXPECT_EQ(X509_NAME_cmp(X509_get_subject_name(x), X509_get_issuer_name(x)), 0);

  char cn[64] = {};
  ASSERT_GT(X509_NAME_get_text_by_NID(X509_get_subject_name(x), NID_commonName, cn, sizeof(cn)), 0);
  EXPECT_STREQ(cn, "meet");

  EXPECT_EQ(EVP_PKEY_get_base_id(cert->private_key()), EVP_PKEY_EC);
  char group[64] = {};
  size_t group_len = 0;
  ASSERT_EQ(EVP_PKEY_get_group_name(cert->private_key(), group, sizeof(group), &group_len), 1);
  EXPECT_STREQ(group, "prime256v1");
  EXPECT_EQ(X509_get_signature_nid(x), NID_ecdsa_with_SHA256);

  BIGNUM* serial = ASN1_INTEGER_to_BN(X509_get0_serialNumber(x), nullptr);
  ASSERT_NE(serial, nullptr);
  EXPECT_FALSE(BN_is_negative(serial));
  EXPECT_FALSE(BN_is_zero(serial));
  BN_free(serial);
}

TEST(DtlsCertificate, ValidFromYesterdayForThirtyDays) {
  auto cert = DtlsCertificate::generate();
  int days = 0;
  int seconds = 0;
  // notBefore is about one day ago...
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, X509_get0_notBefore(cert->x509()), nullptr), 1);
  EXPECT_EQ(days, 1);
  EXPECT_LT(seconds, 60);
  // ...and notAfter about thirty days ahead.
  ASSERT_EQ(ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(cert->x509())), 1);
  int total = days * 86400 + seconds;
  EXPECT_LE(total, 30 * 86400);
  EXPECT_GT(total, 30 * 86400 - 60);
}

TEST(DtlsFingerprint, ComparesIgnoringCase) {
  EXPECT_TRUE(fingerprints_equal("AB:CD:0F", "ab:cd:0f"));
  EXPECT_FALSE(fingerprints_equal("AB:CD:0F", "AB:CD:0E"));
  EXPECT_FALSE(fingerprints_equal("AB:CD", "AB:CD:0F"));
  EXPECT_FALSE(fingerprints_equal("", ""));
}

TEST(DtlsFingerprint, ChecksTheShapeOfSignaledValues) {
  auto cert = DtlsCertificate::generate();
  const std::string& good = cert->fingerprint_sha256();
  std::string lower = good;
  for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_TRUE(fingerprint_well_formed("sha-256", good));
  EXPECT_TRUE(fingerprint_well_formed("sha-256", lower));
  EXPECT_FALSE(fingerprint_well_formed("sha-256", good.substr(3)));        // one byte short
  EXPECT_FALSE(fingerprint_well_formed("sha-1", good));                    // wrong length
  EXPECT_FALSE(fingerprint_well_formed("md5", "AB:CD"));                   // unknown hash
  EXPECT_FALSE(fingerprint_well_formed("sha-256", std::string(95, 'A')));  // no colons
  std::string bad_digit = good;
  bad_digit[0] = 'G';
  EXPECT_FALSE(fingerprint_well_formed("sha-256", bad_digit));
  EXPECT_TRUE(fingerprint_algorithm_supported("sha-512"));
  EXPECT_FALSE(fingerprint_algorithm_supported("md5"));
  EXPECT_EQ(certificate_fingerprint(cert->x509(), "md5"), std::nullopt);
}

}  // namespace
}  // namespace meet::rtc
