#pragma once
// TLS certificate files for `meet serve --tls-self-signed` and `meet doctor`: generating a
// self-signed certificate for a LAN trial, and reading what a certificate file says.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"

namespace meet::app {

struct CertificateInfo {
  std::string fingerprint_sha256;  // "AB:CD:..." as browsers show it
  int64_t not_after_unix = 0;
  std::vector<std::string> names;  // subjectAltName entries, "DNS:x" / "IP:y"
};

struct SelfSignedFiles {
  std::string cert_file, key_file;
  CertificateInfo info;
  bool created = false;  // false: an earlier one was still good and is reused
};

// Writes DATA_DIR/tls/self-signed.{crt,key} (P-256, 397 days, key mode 0600) naming `ip`,
// this machine's host name, localhost and 127.0.0.1 in subjectAltName. Reuses existing files
// that name `ip` and `extra_dns` and are valid for 30 more days, so a browser exception
// granted once keeps working across restarts. Throws on I/O or OpenSSL failure (start-up).
SelfSignedFiles ensure_self_signed(const std::string& data_dir, const std::string& ip,
                                   const std::string& extra_dns);

// Reads a PEM certificate (the first of a chain). Never throws.
Result<CertificateInfo, std::string> read_certificate(const std::string& cert_file);
// Whether the PEM key belongs to the PEM certificate; the error says why not. Never throws.
Result<void, std::string> check_key_pair(const std::string& cert_file, const std::string& key_file);

}  // namespace meet::app
