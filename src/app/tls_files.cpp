#include "app/tls_files.hpp"

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <memory>
#include <stdexcept>

namespace meet::app {
namespace {

namespace fs = std::filesystem;

constexpr long kValidDays = 397;  // the longest browsers accept
constexpr int64_t kReuseMargin = 30 * 86400;

struct Deleter {
  void operator()(X509* p) const { X509_free(p); }
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(FILE* p) const { std::fclose(p); }
  void operator()(GENERAL_NAMES* p) const { GENERAL_NAMES_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
};
template <class T>
using Owned = std::unique_ptr<T, Deleter>;

Owned<FILE> open_file(const std::string& path, const char* mode) {
  return Owned<FILE>(std::fopen(path.c_str(), mode));
}

std::string host_name() {
  char buf[256] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

CertificateInfo describe(X509* cert) {
  CertificateInfo info;
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  X509_digest(cert, EVP_sha256(), md, &len);
  static const char* kHex = "0123456789ABCDEF";
  for (unsigned i = 0; i < len; ++i) {
    if (i) info.fingerprint_sha256 += ':';
    info.fingerprint_sha256 += kHex[md[i] >> 4];
    info.fingerprint_sha256 += kHex[md[i] & 15];
  }
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1) info.not_after_unix = timegm(&tm);
  Owned<GENERAL_NAMES> names(
      static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr)));
  for (int i = 0; names && i < sk_GENERAL_NAME_num(names.get()); ++i) {
    const GENERAL_NAME* n = sk_GENERAL_NAME_value(names.get(), i);
    if (n->type == GEN_DNS) {
      const auto* s = n->d.dNSName;
      info.names.push_back("DNS:" + std::string(reinterpret_cast<const char*>(s->data),
                                                static_cast<size_t>(s->length)));
    } else if (n->type == GEN_IPADD) {
      const auto* s = n->d.iPAddress;
      char text[64] = {};
      if (s->length == 4) {
        std::snprintf(text, sizeof text, "%u.%u.%u.%u", s->data[0], s->data[1], s->data[2],
                      s->data[3]);
        info.names.push_back(std::string("IP:") + text);
      }
    }
  }
  return info;
}

Owned<X509> load_cert(const std::string& file) {
  auto f = open_file(file, "r");
  if (!f) return nullptr;
  return Owned<X509>(PEM_read_X509(f.get(), nullptr, nullptr, nullptr));
}

Owned<EVP_PKEY> load_key(const std::string& file) {
  auto f = open_file(file, "r");
  if (!f) return nullptr;
  return Owned<EVP_PKEY>(PEM_read_PrivateKey(f.get(), nullptr, nullptr, nullptr));
}

bool names_all(const CertificateInfo& info, const std::vector<std::string>& wanted) {
  return std::all_of(wanted.begin(), wanted.end(), [&](const std::string& w) {
    return std::find(info.names.begin(), info.names.end(), w) != info.names.end();
  });
}

void add_entry(X509_NAME* name, const char* field, const std::string& value) {
  X509_NAME_add_entry_by_txt(name, field, MBSTRING_UTF8,
                             reinterpret_cast<const unsigned char*>(value.c_str()), -1, -1, 0);
}

void write_pair(const std::string& cert_file, const std::string& key_file,
                const std::vector<std::string>& names) {
  Owned<EVP_PKEY> key(EVP_EC_gen("P-256"));
  Owned<X509> cert(X509_new());
  if (!key || !cert) throw std::runtime_error("cannot generate a TLS key");
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set_int64(X509_get_serialNumber(cert.get()),
                         static_cast<int64_t>(std::time(nullptr)) & 0x7fffffffffff);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), kValidDays * 86400);
  X509_set_pubkey(cert.get(), key.get());
  X509_NAME* subject = X509_get_subject_name(cert.get());
  add_entry(subject, "O", "Meet self-signed");
  add_entry(subject, "CN", names.front().substr(names.front().find(':') + 1));
  X509_set_issuer_name(cert.get(), subject);
  std::string san;
  for (const auto& n : names) san += (san.empty() ? "" : ",") + n;
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  for (auto [nid, value] : {std::pair{NID_subject_alt_name, san},
                            std::pair{NID_basic_constraints, std::string("critical,CA:FALSE")},
                            std::pair{NID_ext_key_usage, std::string("serverAuth")}}) {
    Owned<X509_EXTENSION> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value.c_str()));
    if (!ext || X509_add_ext(cert.get(), ext.get(), -1) != 1) {
      throw std::runtime_error("cannot build the certificate extension " + value);
    }
  }
  if (X509_sign(cert.get(), key.get(), EVP_sha256()) <= 0) {
    throw std::runtime_error("cannot sign the self-signed certificate");
  }
  // The key first, created private, so it is never readable by others even for a moment.
  const mode_t old_mask = ::umask(0077);
  auto kf = open_file(key_file, "w");
  ::umask(old_mask);
  if (!kf ||
      PEM_write_PrivateKey(kf.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr) != 1) {
    throw std::runtime_error("cannot write " + key_file);
  }
  kf.reset();
  ::chmod(key_file.c_str(), 0600);
  auto cf = open_file(cert_file, "w");
  if (!cf || PEM_write_X509(cf.get(), cert.get()) != 1) {
    throw std::runtime_error("cannot write " + cert_file);
  }
}

}  // namespace

SelfSignedFiles ensure_self_signed(const std::string& data_dir, const std::string& ip,
                                   const std::string& extra_dns) {
  SelfSignedFiles out;
  auto dir = fs::path(data_dir) / "tls";
  fs::create_directories(dir);
  out.cert_file = (dir / "self-signed.crt").string();
  out.key_file = (dir / "self-signed.key").string();
  std::vector<std::string> names;
  if (!ip.empty()) names.push_back("IP:" + ip);
  if (!extra_dns.empty()) names.push_back("DNS:" + extra_dns);
  auto host = host_name();
  if (!host.empty() && host != "localhost") names.push_back("DNS:" + host);
  names.push_back("DNS:localhost");
  if (ip != "127.0.0.1") names.push_back("IP:127.0.0.1");

  auto existing = read_certificate(out.cert_file);
  if (existing && check_key_pair(out.cert_file, out.key_file) && names_all(*existing, names) &&
      existing->not_after_unix > static_cast<int64_t>(std::time(nullptr)) + kReuseMargin) {
    out.info = *existing;
    return out;
  }
  write_pair(out.cert_file, out.key_file, names);
  auto info = read_certificate(out.cert_file);
  if (!info) throw std::runtime_error(info.error());
  out.info = *info;
  out.created = true;
  return out;
}

Result<CertificateInfo, std::string> read_certificate(const std::string& cert_file) {
  auto cert = load_cert(cert_file);
  if (!cert) return make_error("cannot read a PEM certificate from " + cert_file);
  return describe(cert.get());
}

Result<void, std::string> check_key_pair(const std::string& cert_file,
                                         const std::string& key_file) {
  auto cert = load_cert(cert_file);
  if (!cert) return make_error("cannot read a PEM certificate from " + cert_file);
  auto key = load_key(key_file);
  if (!key) return make_error("cannot read a PEM private key from " + key_file);
  if (X509_check_private_key(cert.get(), key.get()) != 1) {
    return make_error(key_file + " is not the key of " + cert_file);
  }
  return Ok{};
}

}  // namespace meet::app
