#include "rtc/srtp/srtp_session.hpp"

#include <openssl/crypto.h>
#include <srtp2/srtp.h>

#include <array>
#include <cstring>
#include <mutex>

#include "common/bytes.hpp"

namespace meet::rtc {
namespace {

constexpr size_t kRtpHeaderLength = 12;     // RFC 3550 5.1 fixed header
constexpr size_t kRtcpHeaderLength = 8;     // RFC 3550 6.4: common header + sender SSRC
constexpr size_t kMaxPacketLength = 65535;  // libsrtp takes an int; no UDP payload is larger

srtp_err_status_t init_library() {
  static std::once_flag once;
  static srtp_err_status_t status = srtp_err_status_fail;
  std::call_once(once, [] { status = srtp_init(); });
  return status;
}

SrtpError map_error(srtp_err_status_t status) {
  switch (status) {
    case srtp_err_status_auth_fail:
      return SrtpError::kAuthFailed;
    case srtp_err_status_replay_fail:
    case srtp_err_status_replay_old:
      return SrtpError::kReplay;
    case srtp_err_status_bad_param:
      return SrtpError::kMalformed;
    default:
      return SrtpError::kFailed;
  }
}

// Length of the RTP header including CSRCs and the header extension, or 0 when it does not fit in
// `limit` bytes or is not RTP version 2. libsrtp trusts these fields, so we check them first.
//
//   0                   1                   2                   3
//   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//  |V=2|P|X|  CC   |M|     PT      |       sequence number         |
//  |                           timestamp                           |
//  |                             SSRC                              |
//  |                    CSRC list (CC x 32 bits)                   |
//  |   extension profile (if X)    |    length in 32-bit words     |
//  |                   extension (length x 32 bits)                |
size_t rtp_header_length(std::span<const uint8_t> packet, size_t limit) {
  if (limit < kRtpHeaderLength || (packet[0] >> 6) != 2) return 0;
  size_t header = kRtpHeaderLength + 4 * size_t{static_cast<uint8_t>(packet[0] & 0x0f)};
  if ((packet[0] & 0x10) != 0) {
    if (header + 4 > limit) return 0;
    header += 4 + 4 * size_t{load_be16(packet, header + 2)};
  }
  return header <= limit ? header : 0;
}

}  // namespace

std::string_view to_string(SrtpError e) {
  switch (e) {
    case SrtpError::kBadKey:
      return "bad key";
    case SrtpError::kInitFailed:
      return "init failed";
    case SrtpError::kWrongDirection:
      return "wrong direction";
    case SrtpError::kTooShort:
      return "too short";
    case SrtpError::kMalformed:
      return "malformed";
    case SrtpError::kNoSpace:
      return "no space";
    case SrtpError::kAuthFailed:
      return "auth failed";
    case SrtpError::kReplay:
      return "replay";
    case SrtpError::kFailed:
      return "failed";
  }
  return "unknown";
}

void SrtpSession::Deleter::operator()(srtp_ctx_t_* s) const {
  srtp_dealloc(s);
}

Result<std::unique_ptr<SrtpSession>, SrtpError> SrtpSession::create(
    SrtpProfile profile, std::span<const uint8_t> key_salt, SrtpDirection direction) {
  if (init_library() != srtp_err_status_ok) return make_error(SrtpError::kInitFailed);
  if (key_salt.size() != srtp_key_salt_length(profile)) return make_error(SrtpError::kBadKey);

  srtp_policy_t policy;
  std::memset(&policy, 0, sizeof(policy));
  switch (profile) {
    case SrtpProfile::kAes128CmSha1_80:
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtp);
      srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80(&policy.rtcp);
      break;
    case SrtpProfile::kAeadAes128Gcm:
      // RFC 7714 14.2: the DTLS-SRTP AEAD profiles use the full 16-byte tag.
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
      srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
      break;
  }
  policy.ssrc.type = direction == SrtpDirection::kInbound ? ssrc_any_inbound : ssrc_any_outbound;
  // libsrtp wants a mutable key pointer; hand it a copy it may keep until srtp_create returns.
  std::array<uint8_t, SRTP_MAX_KEY_LEN> key{};
  std::memcpy(key.data(), key_salt.data(), key_salt.size());
  policy.key = key.data();
  policy.window_size = kReplayWindow;
  policy.allow_repeat_tx = direction == SrtpDirection::kOutbound ? 1 : 0;
  policy.next = nullptr;

  srtp_t session = nullptr;
  srtp_err_status_t status = srtp_create(&session, &policy);
  OPENSSL_cleanse(key.data(), key.size());
  if (status != srtp_err_status_ok) {
    if (session != nullptr) srtp_dealloc(session);
    return make_error(SrtpError::kInitFailed);
  }
  return std::make_unique<SrtpSession>(Token{}, session, profile, direction);
}

SrtpSession::SrtpSession(Token, srtp_ctx_t_* session, SrtpProfile profile, SrtpDirection direction)
    : session_(session), profile_(profile), direction_(direction) {}

SrtpSession::~SrtpSession() = default;

Result<size_t, SrtpError> SrtpSession::protect_rtp(std::span<uint8_t> buf, size_t len) {
  if (direction_ != SrtpDirection::kOutbound) return make_error(SrtpError::kWrongDirection);
  if (len > buf.size() || len > kMaxPacketLength) return make_error(SrtpError::kNoSpace);
  if (len < kRtpHeaderLength) return make_error(SrtpError::kTooShort);
  if (rtp_header_length(buf, len) == 0) return make_error(SrtpError::kMalformed);
  if (buf.size() - len < rtp_trailer_length()) return make_error(SrtpError::kNoSpace);
  int out = static_cast<int>(len);
  srtp_err_status_t status = srtp_protect(session_.get(), buf.data(), &out);
  if (status != srtp_err_status_ok) return make_error(map_error(status));
  return static_cast<size_t>(out);
}

Result<size_t, SrtpError> SrtpSession::protect_rtcp(std::span<uint8_t> buf, size_t len) {
  if (direction_ != SrtpDirection::kOutbound) return make_error(SrtpError::kWrongDirection);
  if (len > buf.size() || len > kMaxPacketLength) return make_error(SrtpError::kNoSpace);
  if (len < kRtcpHeaderLength) return make_error(SrtpError::kTooShort);
  if ((buf[0] >> 6) != 2) return make_error(SrtpError::kMalformed);
  if (buf.size() - len < rtcp_trailer_length()) return make_error(SrtpError::kNoSpace);
  int out = static_cast<int>(len);
  srtp_err_status_t status = srtp_protect_rtcp(session_.get(), buf.data(), &out);
  if (status != srtp_err_status_ok) return make_error(map_error(status));
  return static_cast<size_t>(out);
}

Result<size_t, SrtpError> SrtpSession::unprotect_rtp(std::span<uint8_t> buf, size_t len) {
  if (direction_ != SrtpDirection::kInbound) return make_error(SrtpError::kWrongDirection);
  if (len > buf.size() || len > kMaxPacketLength) return make_error(SrtpError::kMalformed);
  if (len < kRtpHeaderLength + rtp_trailer_length()) return make_error(SrtpError::kTooShort);
  if (rtp_header_length(buf, len - rtp_trailer_length()) == 0) {
    return make_error(SrtpError::kMalformed);
  }
  int out = static_cast<int>(len);
  srtp_err_status_t status = srtp_unprotect(session_.get(), buf.data(), &out);
  if (status != srtp_err_status_ok) return make_error(map_error(status));
  return static_cast<size_t>(out);
}

Result<size_t, SrtpError> SrtpSession::unprotect_rtcp(std::span<uint8_t> buf, size_t len) {
  if (direction_ != SrtpDirection::kInbound) return make_error(SrtpError::kWrongDirection);
  if (len > buf.size() || len > kMaxPacketLength) return make_error(SrtpError::kMalformed);
  if (len < kRtcpHeaderLength + rtcp_trailer_length()) return make_error(SrtpError::kTooShort);
  if ((buf[0] >> 6) != 2) return make_error(SrtpError::kMalformed);
  int out = static_cast<int>(len);
  srtp_err_status_t status = srtp_unprotect_rtcp(session_.get(), buf.data(), &out);
  if (status != srtp_err_status_ok) return make_error(map_error(status));
  return static_cast<size_t>(out);
}

}  // namespace meet::rtc
