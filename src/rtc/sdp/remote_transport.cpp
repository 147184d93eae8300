#include "rtc/sdp/remote_transport.hpp"

#include "rtc/sdp/sdp_text.hpp"

namespace meet::rtc {
namespace {

constexpr size_t kMinUfragLength = 4;
constexpr size_t kMinPwdLength = 22;
constexpr size_t kMaxIceCredentialLength = 256;
constexpr size_t kSha256Bytes = 32;

bool is_hex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

// "AB:CD:...": 32 pairs of hex digits joined by ':' (RFC 8122 section 5).
bool is_sha256_fingerprint(std::string_view v) {
  if (v.size() != kSha256Bytes * 3 - 1) return false;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i % 3 == 2 ? v[i] != ':' : !is_hex(v[i])) return false;
  }
  return true;
}

}  // namespace

bool is_valid_ice_credential(std::string_view s, size_t min_length) {
  if (s.size() < min_length || s.size() > kMaxIceCredentialLength) return false;
  for (char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

const SdpMedia* bundle_tagged_media(const SessionDescription& sd) {
  for (const std::string& mid : sd.bundle_mids) {
    const SdpMedia* m = sd.find_media(mid);
    if (m != nullptr && !m->is_rejected()) return m;
  }
  return nullptr;
}

Result<RemoteTransport, SdpError> RemoteTransport::read(const SessionDescription& sd,
                                                        const SdpMedia& tagged) {
  RemoteTransport t;
  t.ice_ufrag = sd.ice_ufrag_of(tagged);
  t.ice_pwd = sd.ice_pwd_of(tagged);
  if (!is_valid_ice_credential(t.ice_ufrag, kMinUfragLength) ||
      !is_valid_ice_credential(t.ice_pwd, kMinPwdLength)) {
    return make_error(SdpError{SdpErrorCode::kMissingIceCredentials, 0});
  }
  const SdpFingerprint& fp = sd.fingerprint_of(tagged);
  if (fp.empty() || !sdp_text::iequals(fp.algorithm, "sha-256")) {
    return make_error(SdpError{SdpErrorCode::kMissingFingerprint, 0});
  }
  if (!is_sha256_fingerprint(fp.value)) {
    return make_error(SdpError{SdpErrorCode::kBadFingerprint, 0});
  }
  t.fingerprint.algorithm = "sha-256";
  for (char c : fp.value)
    t.fingerprint.value += (c >= 'a' && c <= 'f') ? static_cast<char>(c - 32) : c;
  t.setup = sd.setup_of(tagged);
  return t;
}

}  // namespace meet::rtc
