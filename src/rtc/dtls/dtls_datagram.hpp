#pragma once
// A cheap structural check of an incoming DTLS datagram before OpenSSL parses it, so garbage is
// counted and dropped at the door instead of reaching the handshake state machine.
#include <cstddef>
#include <cstdint>
#include <span>

#include "common/result.hpp"
#include "rtc/dtls/dtls_error.hpp"

namespace meet::rtc {

// Largest datagram accepted: one full record (2^14 + 2048 bytes of fragment, RFC 6347 4.1) would
// be more, but no WebRTC peer sends past its path MTU, and OpenSSL's read buffer is one record.
inline constexpr size_t kMaxDtlsDatagramSize = 16384;

// Returns the number of records when `datagram` is one or more whole DTLS 1.0/1.2 records
// (content type change_cipher_spec, alert, handshake or application_data; version 254.255 or
// 254.253) laid end to end with nothing left over. Also refused, because OpenSSL 3.0 would end the
// association over them instead of discarding them as RFC 6347 4.1.2.7 asks:
//  - application data in epoch 0 (data only flows after ChangeCipherSpec, RFC 6347 4.1);
//  - a protected record (epoch > 0) shorter than `min_protected_fragment`, the least the cipher
//    adds (an AES-GCM record under 24 bytes is a fatal "internal error" in OpenSSL 3.0).
// Does not look inside the fragments otherwise.
Result<size_t, DtlsError> check_dtls_datagram(std::span<const uint8_t> datagram,
                                              size_t min_protected_fragment = 0);

// For a datagram that passed check_dtls_datagram: true when its first record is an epoch-0
// handshake record carrying (a fragment of) a ClientHello, the only thing a fresh server can use.
//   record header (13) | msg_type (1) = 1 | length (3) | message_seq (2) | fragment_offset (3) |
//   fragment_length (3) | body
bool starts_with_client_hello(std::span<const uint8_t> datagram);

}  // namespace meet::rtc
