#pragma once
// SRTP master keys exported from a finished DTLS-SRTP handshake (RFC 5764 section 4.2).
#include <cstdint>
#include <vector>

#include "rtc/srtp/srtp_profile.hpp"

namespace meet::rtc {

// Each vector is master key then master salt, srtp_key_salt_length(profile) bytes, the layout
// SrtpSession::create takes. `local` protects what we send (outbound session), `remote` unprotects
// what the peer sends (inbound session); which exporter half is which follows our DTLS role.
struct SrtpKeys {
  SrtpProfile profile = SrtpProfile::kAes128CmSha1_80;
  std::vector<uint8_t> local_key_salt;
  std::vector<uint8_t> remote_key_salt;
};

}  // namespace meet::rtc
