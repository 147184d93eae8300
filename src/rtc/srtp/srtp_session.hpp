#pragma once
// One direction of SRTP/SRTCP (RFC 3711, RFC 7714) over libsrtp2, keyed from DTLS-SRTP.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>

#include "common/result.hpp"
#include "rtc/srtp/srtp_profile.hpp"

struct srtp_ctx_t_;  // libsrtp2's session type (srtp_t), kept out of this header

namespace meet::rtc {

enum class SrtpDirection : uint8_t { kInbound, kOutbound };

enum class SrtpError : uint8_t {
  kBadKey,          // create(): key_salt length does not match the profile
  kInitFailed,      // create(): libsrtp refused to init or to create the session
  kWrongDirection,  // protect on an inbound session or unprotect on an outbound one
  kTooShort,        // shorter than a header (+ trailer when unprotecting)
  kMalformed,       // RTP header (CSRC list, extension) runs past the packet
  kNoSpace,         // protect: buffer has no room for the trailer
  kAuthFailed,      // unprotect: tag does not verify
  kReplay,          // unprotect: index seen already or older than the replay window
  kFailed,          // any other libsrtp error
};

std::string_view to_string(SrtpError e);

// An SRTP session for all SSRCs of one direction (libsrtp ssrc_any_inbound/outbound). Not
// thread-safe: one session belongs to one media worker thread. The packet methods work in place,
// never allocate themselves and never throw; libsrtp allocates once per new SSRC it sees (after the
// packet authenticated, for inbound).
class SrtpSession {
  struct Token {
    explicit Token() = default;
  };

 public:
  // Replay window for RTP (packets); libsrtp's SRTCP window is fixed at 128.
  static constexpr unsigned long kReplayWindow = 1024;

  // key_salt is master key then master salt, srtp_key_salt_length(profile) bytes (SrtpKeys holds
  // them in that layout). Outbound sessions allow the same packet to be protected again (NACK
  // retransmission of an unchanged packet).
  static Result<std::unique_ptr<SrtpSession>, SrtpError> create(SrtpProfile profile,
                                                                std::span<const uint8_t> key_salt,
                                                                SrtpDirection direction);

  SrtpSession(Token, srtp_ctx_t_* session, SrtpProfile profile, SrtpDirection direction);
  ~SrtpSession();
  SrtpSession(const SrtpSession&) = delete;
  SrtpSession& operator=(const SrtpSession&) = delete;

  // Outbound only. buf[0, len) holds a plain RTP/RTCP packet; buf must have room for
  // rtp_trailer_length() / rtcp_trailer_length() bytes after it. Encrypts in place and returns the
  // new length; on error buf is left unchanged (kNoSpace, kTooShort, kMalformed) or undefined.
  Result<size_t, SrtpError> protect_rtp(std::span<uint8_t> buf, size_t len);
  Result<size_t, SrtpError> protect_rtcp(std::span<uint8_t> buf, size_t len);

  // Inbound only. buf[0, len) holds an SRTP/SRTCP packet; decrypts in place and returns the plain
  // length. On error the bytes in buf are undefined and the packet must be dropped.
  Result<size_t, SrtpError> unprotect_rtp(std::span<uint8_t> buf, size_t len);
  Result<size_t, SrtpError> unprotect_rtcp(std::span<uint8_t> buf, size_t len);

  SrtpProfile profile() const { return profile_; }
  SrtpDirection direction() const { return direction_; }
  size_t rtp_trailer_length() const { return srtp_rtp_trailer_length(profile_); }
  size_t rtcp_trailer_length() const { return srtp_rtcp_trailer_length(profile_); }

 private:
  struct Deleter {
    void operator()(srtp_ctx_t_* s) const;
  };
  std::unique_ptr<srtp_ctx_t_, Deleter> session_;
  SrtpProfile profile_;
  SrtpDirection direction_;
};

}  // namespace meet::rtc
