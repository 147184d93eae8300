#include "rtc/dtls/dtls_transport.hpp"

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/obj_mac.h>
#include <openssl/srtp.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <sys/time.h>

#include <algorithm>
#include <array>
#include <limits>
#include <utility>

#include "common/log.hpp"
#include "rtc/dtls/dtls_context.hpp"
#include "rtc/dtls/dtls_datagram.hpp"
#include "rtc/dtls/dtls_fingerprint.hpp"

namespace meet::rtc {
namespace {

// RFC 5764 section 4.2: the exporter label for DTLS-SRTP keying material.
constexpr std::string_view kExporterLabel = "EXTRACTOR-dtls_srtp";

const std::shared_ptr<spdlog::logger>& log() {
  static const std::shared_ptr<spdlog::logger> logger = meet::logger("rtc");
  return logger;
}

std::string_view role_name(DtlsRole role) {
  return role == DtlsRole::kClient ? "client" : "server";
}

// The reason of the newest queued OpenSSL error, then an empty queue for the next caller on this
// thread (the queue is per thread and shared by every transport a worker owns).
std::string take_openssl_reason() {
  unsigned long code = ERR_peek_last_error();
  const char* reason = code != 0 ? ERR_reason_error_string(code) : nullptr;
  std::string out = reason != nullptr ? reason : "unknown";
  ERR_clear_error();
  return out;
}

// Why the handshake stopped, from the OpenSSL error queue (which it then empties).
std::string handshake_failure_reason() {
  if (ERR_GET_REASON(ERR_peek_last_error()) == SSL_R_READ_TIMEOUT_EXPIRED) {
    ERR_clear_error();
    return "handshake timeout";  // RFC 6347 4.2.4: too many retransmissions without an answer
  }
  return "handshake failed: " + take_openssl_reason();
}

// The fewest bytes the negotiated (or, mid-handshake, pending) cipher adds to a record. Unknown
// yet: assume AES-GCM, the suite browsers pick.
size_t min_protected_fragment(const SSL* ssl) {
  const SSL_CIPHER* cipher = SSL_get_pending_cipher(ssl);
  if (cipher == nullptr) cipher = SSL_get_current_cipher(ssl);
  switch (cipher != nullptr ? SSL_CIPHER_get_cipher_nid(cipher) : NID_aes_128_gcm) {
    case NID_aes_128_gcm:
    case NID_aes_256_gcm:
      return 8 + 16;  // explicit nonce + tag (RFC 5288 3)
    case NID_chacha20_poly1305:
      return 16;  // tag (RFC 7905)
    default:
      return 16 + 32;  // CBC: IV + HMAC-SHA1 padded to two blocks (RFC 5246 6.2.3.2)
  }
}

std::optional<SrtpProfile> profile_from_openssl(unsigned long id) {
  switch (id) {
    case SRTP_AES128_CM_SHA1_80:
      return SrtpProfile::kAes128CmSha1_80;
    case SRTP_AEAD_AES_128_GCM:
      return SrtpProfile::kAeadAes128Gcm;
    default:
      return std::nullopt;
  }
}

}  // namespace

std::string_view to_string(DtlsState s) {
  switch (s) {
    case DtlsState::kNew:
      return "new";
    case DtlsState::kConnecting:
      return "connecting";
    case DtlsState::kConnected:
      return "connected";
    case DtlsState::kClosed:
      return "closed";
    case DtlsState::kFailed:
      return "failed";
  }
  return "unknown";
}

// C entry points OpenSSL calls back into. Each finds its transport through BIO or SSL app data.
struct DtlsTransport::Callbacks {
  // Write side of the custom BIO: OpenSSL writes one record per call and flushes at the end of
  // a flight or when the next record would not fit in the MTU (it asks BIO_wpending for what is
  // buffered). So records accumulate into one datagram and a flush sends it.
  static int bio_write(BIO* bio, const char* data, int length) {
    auto* self = static_cast<DtlsTransport*>(BIO_get_data(bio));
    if (self == nullptr || length < 0) return -1;
    self->append_output(std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(data),
                                                 static_cast<size_t>(length)));
    return length;
  }

  static long bio_ctrl(BIO* bio, int cmd, long /*num*/, void* /*ptr*/) {
    auto* self = static_cast<DtlsTransport*>(BIO_get_data(bio));
    switch (cmd) {
      case BIO_CTRL_FLUSH:
        if (self != nullptr) self->flush_output();
        return 1;
      case BIO_CTRL_WPENDING:
        return self != nullptr ? static_cast<long>(self->out_.size()) : 0;
      default:
        return 0;  // PENDING, DGRAM_*: nothing to report; MTU overhead 0 (mtu is the payload)
    }
  }

  static int bio_create(BIO* bio) {
    BIO_set_init(bio, 1);
    return 1;
  }

  static int bio_destroy(BIO* /*bio*/) { return 1; }

  static BIO_METHOD* out_method() {
    static const BioMethodPtr method = [] {
      BioMethodPtr m(BIO_meth_new(BIO_get_new_index() | BIO_TYPE_SOURCE_SINK, "meet dtls out"));
      if (m) {
        BIO_meth_set_write(m.get(), bio_write);
        BIO_meth_set_ctrl(m.get(), bio_ctrl);
        BIO_meth_set_create(m.get(), bio_create);
        BIO_meth_set_destroy(m.get(), bio_destroy);
      }
      return m;
    }();
    return method.get();
  }

  // The peer certificate is self-signed, so chain errors are expected and ignored: what
  // authenticates the peer is the fingerprint carried in the signaled SDP (RFC 8122 5, RFC 8827
  // 6.5). When it is already known, a mismatch aborts the handshake here, before our Finished.
  static int verify(int /*preverify_ok*/, X509_STORE_CTX* store) {
    auto* ssl =
        static_cast<SSL*>(X509_STORE_CTX_get_ex_data(store, SSL_get_ex_data_X509_STORE_CTX_idx()));
    auto* self = ssl != nullptr ? static_cast<DtlsTransport*>(SSL_get_app_data(ssl)) : nullptr;
    if (self == nullptr) return 0;
    if (X509_STORE_CTX_get_error_depth(store) != 0) return 1;  // only the leaf is signaled
    if (self->remote_fingerprint_.empty()) return 1;  // checked when set_remote_fingerprint comes
    if (self->peer_matches_fingerprint(X509_STORE_CTX_get_current_cert(store))) return 1;
    self->fingerprint_rejected_ = true;
    return 0;
  }

  // Retransmission backoff in microseconds (RFC 6347 4.2.4.1): initial, then doubled, capped.
  static unsigned int timer(SSL* ssl, unsigned int previous_us) {
    auto* self = static_cast<DtlsTransport*>(SSL_get_app_data(ssl));
    const DtlsContextOptions& o = self->context_.options();
    auto initial =
        std::chrono::duration_cast<std::chrono::microseconds>(o.initial_retransmit_timeout).count();
    auto max =
        std::chrono::duration_cast<std::chrono::microseconds>(o.max_retransmit_timeout).count();
    constexpr long long kCap = std::numeric_limits<unsigned int>::max() / 2;
    long long next = previous_us == 0 ? initial : 2LL * previous_us;
    return static_cast<unsigned int>(std::min({next, static_cast<long long>(max), kCap}));
  }
};

DtlsTransport::DtlsTransport(DtlsContext& context, DtlsRole role, Listener& listener)
    : context_(context), role_(role), listener_(listener) {
  out_.reserve(context_.options().mtu);
  ERR_clear_error();
  SslPtr ssl(SSL_new(context_.native()));
  BioPtr rbio(BIO_new(BIO_s_mem()));
  BIO_METHOD* method = Callbacks::out_method();
  BioPtr wbio(method != nullptr ? BIO_new(method) : nullptr);
  if (!ssl || !rbio || !wbio) {
    ERR_clear_error();
    return;  // ssl_ stays empty; start() reports the failure
  }
  // An empty read BIO means "retry later", not end of file.
  BIO_set_mem_eof_return(rbio.get(), -1);
  BIO_set_data(wbio.get(), this);
  SSL_set_app_data(ssl.get(), this);
  SSL_set_verify(ssl.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, &Callbacks::verify);
  DTLS_set_timer_cb(ssl.get(), &Callbacks::timer);
  SSL_set_mtu(ssl.get(), context_.options().mtu);
  rbio_ = rbio.get();
  SSL_set_bio(ssl.get(), rbio.release(), wbio.release());
  ssl_ = std::move(ssl);
}

DtlsTransport::~DtlsTransport() {
  if (ssl_) {
    // The BIO must not call into a destroyed transport if OpenSSL writes during SSL_free.
    BIO_set_data(SSL_get_wbio(ssl_.get()), nullptr);
  }
}

Result<void, DtlsError> DtlsTransport::set_remote_fingerprint(std::string algorithm,
                                                              std::string value) {
  if (!fingerprint_algorithm_supported(algorithm)) {
    return make_error(DtlsError::kUnsupportedFingerprint);
  }
  if (!fingerprint_well_formed(algorithm, value)) {
    return make_error(DtlsError::kMalformedFingerprint);
  }
  remote_algorithm_ = std::move(algorithm);
  remote_fingerprint_ = std::move(value);
  if (!ssl_ || SSL_is_init_finished(ssl_.get()) == 0) return Ok{};
  if (state_ == DtlsState::kConnecting) {
    verify_and_export();  // the handshake finished first and waited for us
  } else if (state_ == DtlsState::kConnected &&
             !peer_matches_fingerprint(SSL_get0_peer_certificate(ssl_.get()))) {
    fail("fingerprint mismatch");
  }
  notify();
  return Ok{};
}

void DtlsTransport::start(TimePoint now) {
  if (state_ != DtlsState::kNew) return;
  if (!ssl_) {
    fail("out of memory");
    notify();
    return;
  }
  state_ = DtlsState::kConnecting;
  if (role_ == DtlsRole::kClient) {
    SSL_set_connect_state(ssl_.get());
  } else {
    SSL_set_accept_state(ssl_.get());
  }
  drive_handshake();  // a client writes its ClientHello; a server finds nothing to read yet
  update_timer(now);
  notify();
}

Result<void, DtlsError> DtlsTransport::handle_datagram(std::span<const uint8_t> datagram,
                                                       TimePoint now) {
  if (state_ != DtlsState::kConnecting && state_ != DtlsState::kConnected) {
    return make_error(DtlsError::kNotActive);
  }
  auto records = check_dtls_datagram(datagram, min_protected_fragment(ssl_.get()));
  if (!records.ok()) return make_error(records.error());
  // Until a server has answered, only a ClientHello can start its handshake; anything else
  // (stray alerts, junk handshake records) would only make OpenSSL abort it.
  if (role_ == DtlsRole::kServer && datagrams_sent_ == 0 && !starts_with_client_hello(datagram)) {
    return make_error(DtlsError::kUnexpectedRecord);
  }

  ERR_clear_error();
  int written = BIO_write(rbio_, datagram.data(), static_cast<int>(datagram.size()));
  if (written != static_cast<int>(datagram.size())) {
    ERR_clear_error();
    (void)BIO_reset(rbio_);
    return make_error(DtlsError::kNotActive);
  }
  if (SSL_is_init_finished(ssl_.get()) == 0) {
    drive_handshake();
  } else {
    read_records();
  }
  // OpenSSL consumes a whole datagram per read; drop any remainder so datagrams never merge.
  (void)BIO_reset(rbio_);
  update_timer(now);
  bool failed_here = event_ == Event::kFailed;
  notify();
  if (failed_here) return make_error(DtlsError::kHandshakeFailed);
  return Ok{};
}

void DtlsTransport::handle_timeout(TimePoint now) {
  if (state_ != DtlsState::kConnecting || !deadline_ || now < *deadline_) return;
  ERR_clear_error();
  int r = DTLSv1_handle_timeout(ssl_.get());
  flush_output();
  if (r < 0) {
    fail(handshake_failure_reason());
  } else {
    // r == 0: OpenSSL's own clock says not yet (it reads the wall clock); update_timer re-arms.
    ERR_clear_error();
  }
  update_timer(now);
  notify();
}

void DtlsTransport::close() {
  if (state_ == DtlsState::kNew) {
    state_ = DtlsState::kClosed;
    return;
  }
  if (state_ != DtlsState::kConnecting && state_ != DtlsState::kConnected) return;
  if (SSL_is_init_finished(ssl_.get()) != 0) {
    ERR_clear_error();
    (void)SSL_shutdown(ssl_.get());  // sends close_notify; we do not wait for the peer's
    flush_output();
    ERR_clear_error();
  }
  state_ = DtlsState::kClosed;
  deadline_.reset();
  event_ = Event::kNone;
}

void DtlsTransport::drive_handshake() {
  ERR_clear_error();
  int r = SSL_do_handshake(ssl_.get());
  int err = r == 1 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), r);
  flush_output();  // our next flight, or the fatal alert OpenSSL queued
  if (r == 1) {
    on_handshake_finished();
    return;
  }
  if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
    ERR_clear_error();
    return;
  }
  if (fingerprint_rejected_) {
    ERR_clear_error();
    fail("fingerprint mismatch");
    return;
  }
  fail(handshake_failure_reason());
}

void DtlsTransport::on_handshake_finished() {
  if (SSL_get0_peer_certificate(ssl_.get()) == nullptr) {
    fail("no peer certificate");
    return;
  }
  if (remote_fingerprint_.empty()) {
    log()->debug("dtls handshake done, awaiting remote fingerprint role={}", role_name(role_));
  } else {
    verify_and_export();
  }
  // Records after the Finished in the same datagram (data, alerts) are read now.
  if (state_ == DtlsState::kConnecting || state_ == DtlsState::kConnected) read_records();
}

void DtlsTransport::verify_and_export() {
  SSL* ssl = ssl_.get();
  if (!peer_matches_fingerprint(SSL_get0_peer_certificate(ssl))) {
    fail("fingerprint mismatch");
    return;
  }
  const SRTP_PROTECTION_PROFILE* selected = SSL_get_selected_srtp_profile(ssl);
  auto profile = selected != nullptr ? profile_from_openssl(selected->id) : std::nullopt;
  if (!profile) {
    fail("no srtp profile negotiated");
    return;
  }

  // RFC 5764 4.2: client key | server key | client salt | server salt.
  const size_t key_length = srtp_master_key_length(*profile);
  const size_t salt_length = srtp_master_salt_length(*profile);
  std::array<uint8_t, 2 * (16 + 14)> material{};
  const size_t total = 2 * (key_length + salt_length);
  ERR_clear_error();
  if (total > material.size() ||
      SSL_export_keying_material(ssl, material.data(), total, kExporterLabel.data(),
                                 kExporterLabel.size(), nullptr, 0, 0) != 1) {
    OPENSSL_cleanse(material.data(), material.size());
    fail("keying material export failed: " + take_openssl_reason());
    return;
  }
  auto key_salt = [&](size_t key_at, size_t salt_at) {
    std::vector<uint8_t> out(material.begin() + static_cast<long>(key_at),
                             material.begin() + static_cast<long>(key_at + key_length));
    out.insert(out.end(), material.begin() + static_cast<long>(salt_at),
               material.begin() + static_cast<long>(salt_at + salt_length));
    return out;
  };
  std::vector<uint8_t> client = key_salt(0, 2 * key_length);
  std::vector<uint8_t> server = key_salt(key_length, 2 * key_length + salt_length);
  OPENSSL_cleanse(material.data(), material.size());

  keys_.profile = *profile;
  keys_.local_key_salt = role_ == DtlsRole::kClient ? std::move(client) : std::move(server);
  keys_.remote_key_salt = role_ == DtlsRole::kClient ? std::move(server) : std::move(client);
  state_ = DtlsState::kConnected;
  deadline_.reset();
  event_ = Event::kConnected;
  log()->debug("dtls connected role={} profile={} cipher={}", role_name(role_), to_string(*profile),
               SSL_get_cipher_name(ssl));
}

void DtlsTransport::read_records() {
  // Application data is read and dropped (no SCTP data channels yet); reading is what makes
  // OpenSSL answer a retransmitted Finished and notice close_notify or alerts.
  std::array<uint8_t, 2048> scratch;
  for (;;) {
    ERR_clear_error();
    int n = SSL_read(ssl_.get(), scratch.data(), static_cast<int>(scratch.size()));
    if (n > 0) continue;
    int err = SSL_get_error(ssl_.get(), n);
    flush_output();
    if (err == SSL_ERROR_WANT_READ || err == SSL_ERROR_WANT_WRITE) {
      ERR_clear_error();
      return;
    }
    std::string reason =
        err == SSL_ERROR_ZERO_RETURN ? std::string("close_notify") : take_openssl_reason();
    if (err == SSL_ERROR_ZERO_RETURN) {
      ERR_clear_error();
      (void)SSL_shutdown(ssl_.get());  // answer with our close_notify
      flush_output();
      ERR_clear_error();
    }
    if (state_ == DtlsState::kConnected) {
      log()->debug("dtls closed by peer role={} reason={}", role_name(role_), reason);
      state_ = DtlsState::kClosed;
      deadline_.reset();
      event_ = Event::kClosed;
    } else {
      fail("peer closed before verification: " + reason);
    }
    return;
  }
}

bool DtlsTransport::peer_matches_fingerprint(const X509* peer) const {
  if (peer == nullptr || remote_fingerprint_.empty()) return false;
  auto actual = certificate_fingerprint(peer, remote_algorithm_);
  return actual && fingerprints_equal(*actual, remote_fingerprint_);
}

void DtlsTransport::fail(std::string reason) {
  if (state_ == DtlsState::kFailed || state_ == DtlsState::kClosed) return;
  if (ssl_ && SSL_is_init_finished(ssl_.get()) != 0) {
    ERR_clear_error();
    (void)SSL_shutdown(ssl_.get());  // tell the peer rather than leave it waiting
    flush_output();
  }
  ERR_clear_error();
  log()->debug("dtls failed role={} reason={}", role_name(role_), reason);
  state_ = DtlsState::kFailed;
  deadline_.reset();
  keys_ = SrtpKeys{};
  event_ = Event::kFailed;
  failure_reason_ = std::move(reason);
}

void DtlsTransport::update_timer(TimePoint now) {
  if (state_ != DtlsState::kConnecting || !ssl_) {
    deadline_.reset();
    return;
  }
  timeval left{};
  if (DTLSv1_get_timeout(ssl_.get(), &left) == 1) {
    deadline_ = now + std::chrono::seconds(left.tv_sec) + std::chrono::microseconds(left.tv_usec);
  } else {
    deadline_.reset();
  }
}

void DtlsTransport::append_output(std::span<const uint8_t> record) {
  if (!out_.empty() && out_.size() + record.size() > context_.options().mtu) flush_output();
  out_.insert(out_.end(), record.begin(), record.end());
}

void DtlsTransport::flush_output() {
  if (out_.empty()) return;
  ++datagrams_sent_;
  listener_.send_dtls(out_);
  out_.clear();
}

void DtlsTransport::notify() {
  Event event = std::exchange(event_, Event::kNone);
  Listener& listener = listener_;  // `this` may be destroyed by the callback
  switch (event) {
    case Event::kNone:
      return;
    case Event::kConnected: {
      SrtpKeys keys = std::exchange(keys_, SrtpKeys{});
      listener.on_dtls_connected(keys);
      OPENSSL_cleanse(keys.local_key_salt.data(), keys.local_key_salt.size());
      OPENSSL_cleanse(keys.remote_key_salt.data(), keys.remote_key_salt.size());
      return;
    }
    case Event::kFailed: {
      std::string reason = std::exchange(failure_reason_, std::string());
      listener.on_dtls_failed(reason);
      return;
    }
    case Event::kClosed:
      listener.on_dtls_closed();
      return;
  }
}

}  // namespace meet::rtc
