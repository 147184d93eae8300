#pragma once
// Certificate fingerprints as SDP carries them (RFC 8122 section 5, a=fingerprint):
// "sha-256 AB:CD:...", the hash of the DER certificate in upper-case hex pairs joined by ':'.
#include <openssl/types.h>

#include <optional>
#include <string>
#include <string_view>

namespace meet::rtc {

// True for the hash names we can check: sha-1, sha-224, sha-256, sha-384, sha-512 (any case).
bool fingerprint_algorithm_supported(std::string_view algorithm);

// True when `value` is "XX:XX:..." hex pairs, as many as `algorithm`'s digest has bytes.
bool fingerprint_well_formed(std::string_view algorithm, std::string_view value);

// The fingerprint of `cert` with `algorithm`, or nullopt for an unsupported algorithm or when
// OpenSSL fails. Thread-safe for a certificate nobody modifies.
std::optional<std::string> certificate_fingerprint(const X509* cert, std::string_view algorithm);

// Compares two fingerprint strings ignoring the case of the hex digits (RFC 8122 allows either).
bool fingerprints_equal(std::string_view a, std::string_view b);

}  // namespace meet::rtc
