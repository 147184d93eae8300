#include "rtc/dtls/dtls_transport.hpp"

#include <gtest/gtest.h>

#include <deque>
#include <functional>
#include <memory>
#include <thread>

#include "rtc/dtls/dtls_certificate.hpp"
#include "rtc/dtls/dtls_context.hpp"
#include "rtc/dtls/dtls_datagram.hpp"
#include "rtc/dtls/dtls_fingerprint.hpp"

namespace meet::rtc {
namespace {

using namespace std::chrono_literals;
using Bytes = std::vector<uint8_t>;

// Records what a transport tells its owner.
struct Recorder : DtlsTransport::Listener {
  std::deque<Bytes> outbox;
  std::vector<Bytes> sent;  // every datagram, for size checks
  std::optional<SrtpKeys> keys;
  std::vector<std::string> failures;
  int connected = 0;
  int closed = 0;
  std::function<void()> on_event;  // runs after any of the three notices

  void send_dtls(std::span<const uint8_t> d) override {
    outbox.emplace_back(d.begin(), d.end());
    sent.emplace_back(d.begin(), d.end());
  }
  void on_dtls_connected(const SrtpKeys& k) override {
    ++connected;
    keys = k;
    if (on_event) on_event();
  }
  void on_dtls_failed(std::string_view reason) override {
    failures.emplace_back(reason);
    if (on_event) on_event();
  }
  void on_dtls_closed() override {
    ++closed;
    if (on_event) on_event();
  }
};

class DtlsTransportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    client_cert_ = DtlsCertificate::generate();
    server_cert_ = DtlsCertificate::generate();
    other_cert_ = DtlsCertificate::generate();
  }
  static void TearDownTestSuite() {
    client_cert_.reset();
    server_cert_.reset();
    other_cert_.reset();
  }

  // Builds the pair; each side knows the other's real fingerprint unless a test says otherwise.
  void make(DtlsContextOptions client_options = {}, DtlsContextOptions server_options = {}) {
    client_ctx_ = std::make_unique<DtlsContext>(client_cert_, client_options);
    server_ctx_ = std::make_unique<DtlsContext>(server_cert_, server_options);
    client_ = std::make_unique<DtlsTransport>(*client_ctx_, DtlsRole::kClient, client_rec_);
    server_ = std::make_unique<DtlsTransport>(*server_ctx_, DtlsRole::kServer, server_rec_);
  }
  void exchange_fingerprints() {
    ASSERT_TRUE(
        client_->set_remote_fingerprint("sha-256", server_cert_->fingerprint_sha256()).ok());
    ASSERT_TRUE(
        server_->set_remote_fingerprint("sha-256", client_cert_->fingerprint_sha256()).ok());
  }
  void start() {
    server_->start(now_);
    client_->start(now_);
  }

  // Delivers queued datagrams both ways until both are quiet. `drop` may discard a datagram
  // (from_client, index among that side's sent datagrams).
  void pump(const std::function<bool(bool, size_t)>& drop = nullptr) {
    for (int round = 0; round < 100; ++round) {
      bool moved = false;
      moved |= deliver(client_rec_, server_.get(), true, drop);
      moved |= deliver(server_rec_, client_.get(), false, drop);
      if (!moved) return;
    }
    FAIL() << "pump did not settle";
  }

  bool deliver(Recorder& from, DtlsTransport* to, bool from_client,
               const std::function<bool(bool, size_t)>& drop) {
    bool moved = false;
    while (!from.outbox.empty()) {
      Bytes d = std::move(from.outbox.front());
      from.outbox.pop_front();
      size_t index = (from_client ? client_count_ : server_count_)++;
      moved = true;
      if (drop && drop(from_client, index)) continue;
      if (to != nullptr) (void)to->handle_datagram(d, now_);
    }
    return moved;
  }

  // Real time passes: OpenSSL times retransmissions with its own clock, so the test waits for
  // real and hands the transports the current steady time.
  void run_until_connected_with_timers(const std::function<bool(bool, size_t)>& drop) {
    auto give_up = std::chrono::steady_clock::now() + 5s;
    while ((client_rec_.connected == 0 || server_rec_.connected == 0) &&
           std::chrono::steady_clock::now() < give_up) {
      std::this_thread::sleep_for(2ms);
      now_ = std::chrono::steady_clock::now();
      for (DtlsTransport* t : {client_.get(), server_.get()}) {
        if (t->next_timeout() && *t->next_timeout() <= now_) t->handle_timeout(now_);
      }
      pump(drop);
    }
  }

  void expect_connected_with_matching_keys(SrtpProfile profile) {
    ASSERT_EQ(client_rec_.connected, 1)
        << (client_rec_.failures.empty() ? "" : client_rec_.failures[0]);
    ASSERT_EQ(server_rec_.connected, 1)
        << (server_rec_.failures.empty() ? "" : server_rec_.failures[0]);
    EXPECT_EQ(client_->state(), DtlsState::kConnected);
    EXPECT_EQ(server_->state(), DtlsState::kConnected);
    const SrtpKeys& c = *client_rec_.keys;
    const SrtpKeys& s = *server_rec_.keys;
    EXPECT_EQ(c.profile, profile);
    EXPECT_EQ(s.profile, profile);
    EXPECT_EQ(c.local_key_salt.size(), srtp_key_salt_length(profile));
    EXPECT_EQ(c.remote_key_salt.size(), srtp_key_salt_length(profile));
    EXPECT_EQ(c.local_key_salt, s.remote_key_salt);  // what the client sends, the server reads
    EXPECT_EQ(c.remote_key_salt, s.local_key_salt);
    EXPECT_NE(c.local_key_salt, c.remote_key_salt);
    EXPECT_FALSE(client_->next_timeout().has_value());
    EXPECT_FALSE(server_->next_timeout().has_value());
  }

  static inline std::shared_ptr<const DtlsCertificate> client_cert_;
  static inline std::shared_ptr<const DtlsCertificate> server_cert_;
  static inline std::shared_ptr<const DtlsCertificate> other_cert_;
  TimePoint now_ = std::chrono::steady_clock::now();
  Recorder client_rec_;
  Recorder server_rec_;
  std::unique_ptr<DtlsContext> client_ctx_;
  std::unique_ptr<DtlsContext> server_ctx_;
  std::unique_ptr<DtlsTransport> client_;
  std::unique_ptr<DtlsTransport> server_;
  size_t client_count_ = 0;
  size_t server_count_ = 0;
};

TEST_F(DtlsTransportTest, HandshakeDerivesCrosswiseKeysPreferringGcm) {
  make();
  exchange_fingerprints();
  start();
  EXPECT_EQ(client_->state(), DtlsState::kConnecting);
  EXPECT_EQ(server_->state(), DtlsState::kConnecting);
  EXPECT_TRUE(client_->next_timeout().has_value());   // ClientHello awaits an answer
  EXPECT_FALSE(server_->next_timeout().has_value());  // nothing sent yet
  pump();
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
  EXPECT_TRUE(client_rec_.failures.empty());
  EXPECT_TRUE(server_rec_.failures.empty());
}

TEST_F(DtlsTransportTest, ServerPreferenceWinsOverClientOrder) {
  DtlsContextOptions client;
  client.srtp_profiles = {SrtpProfile::kAes128CmSha1_80, SrtpProfile::kAeadAes128Gcm};
  make(client);
  exchange_fingerprints();
  start();
  pump();
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
}

class DtlsTransportProfileTest : public DtlsTransportTest,
                                 public ::testing::WithParamInterface<SrtpProfile> {};

TEST_P(DtlsTransportProfileTest, NegotiatesTheOnlyProfileTheClientOffers) {
  DtlsContextOptions client;
  client.srtp_profiles = {GetParam()};
  make(client);
  exchange_fingerprints();
  start();
  pump();
  expect_connected_with_matching_keys(GetParam());
}

TEST_P(DtlsTransportProfileTest, NegotiatesTheOnlyProfileTheServerOffers) {
  DtlsContextOptions server;
  server.srtp_profiles = {GetParam()};
  make({}, server);
  exchange_fingerprints();
  start();
  pump();
  expect_connected_with_matching_keys(GetParam());
}

INSTANTIATE_TEST_SUITE_P(Profiles, DtlsTransportProfileTest,
                         ::testing::Values(SrtpProfile::kAes128CmSha1_80,
                                           SrtpProfile::kAeadAes128Gcm),
                         [](const auto& info) {
                           return info.param == SrtpProfile::kAeadAes128Gcm ? "AeadGcm" : "AesCm";
                         });

TEST_F(DtlsTransportTest, FailsWithoutACommonSrtpProfile) {
  DtlsContextOptions client;
  client.srtp_profiles = {SrtpProfile::kAes128CmSha1_80};
  DtlsContextOptions server;
  server.srtp_profiles = {SrtpProfile::kAeadAes128Gcm};
  make(client, server);
  exchange_fingerprints();
  start();
  pump();
  EXPECT_EQ(client_rec_.connected + server_rec_.connected, 0);
  EXPECT_EQ(client_->state(), DtlsState::kFailed);
  EXPECT_FALSE(client_rec_.keys.has_value());
  EXPECT_FALSE(server_rec_.keys.has_value());
}

TEST_F(DtlsTransportTest, ServerRejectsAClientWhoseCertificateDoesNotMatchTheSdp) {
  make();
  ASSERT_TRUE(client_->set_remote_fingerprint("sha-256", server_cert_->fingerprint_sha256()).ok());
  // The signaled fingerprint belongs to somebody else: a man in the middle.
  ASSERT_TRUE(server_->set_remote_fingerprint("sha-256", other_cert_->fingerprint_sha256()).ok());
  start();
  pump();
  EXPECT_EQ(server_->state(), DtlsState::kFailed);
  ASSERT_EQ(server_rec_.failures.size(), 1u);
  EXPECT_EQ(server_rec_.failures[0], "fingerprint mismatch");
  EXPECT_FALSE(server_rec_.keys.has_value());
  EXPECT_EQ(server_rec_.connected, 0);
  // The server never sent its Finished, so the client cannot have completed either.
  EXPECT_EQ(client_rec_.connected, 0);
  EXPECT_EQ(client_->state(), DtlsState::kFailed);
}

TEST_F(DtlsTransportTest, ClientRejectsAServerWhoseCertificateDoesNotMatchTheSdp) {
  make();
  ASSERT_TRUE(client_->set_remote_fingerprint("sha-256", other_cert_->fingerprint_sha256()).ok());
  ASSERT_TRUE(server_->set_remote_fingerprint("sha-256", client_cert_->fingerprint_sha256()).ok());
  start();
  pump();
  EXPECT_EQ(client_->state(), DtlsState::kFailed);
  ASSERT_EQ(client_rec_.failures.size(), 1u);
  EXPECT_EQ(client_rec_.failures[0], "fingerprint mismatch");
  EXPECT_EQ(client_rec_.connected + server_rec_.connected, 0);
}

TEST_F(DtlsTransportTest, FingerprintMatchIgnoresHexCaseAndAcceptsSha1) {
  make();
  std::string lower = server_cert_->fingerprint_sha256();
  for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  ASSERT_TRUE(client_->set_remote_fingerprint("SHA-256", lower).ok());
  auto sha1 = certificate_fingerprint(client_cert_->x509(), "sha-1").value();
  ASSERT_TRUE(server_->set_remote_fingerprint("sha-1", sha1).ok());
  start();
  pump();
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
}

TEST_F(DtlsTransportTest, FingerprintArrivingAfterTheHandshakeIsCheckedThen) {
  make();
  ASSERT_TRUE(client_->set_remote_fingerprint("sha-256", server_cert_->fingerprint_sha256()).ok());
  start();
  pump();  // the browser's ClientHello raced its SDP answer
  EXPECT_EQ(client_rec_.connected, 1);
  EXPECT_EQ(server_rec_.connected, 0);
  EXPECT_EQ(server_->state(), DtlsState::kConnecting);
  ASSERT_TRUE(server_->set_remote_fingerprint("sha-256", client_cert_->fingerprint_sha256()).ok());
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
}

TEST_F(DtlsTransportTest, LateFingerprintMismatchFailsAndSendsNoKeys) {
  make();
  ASSERT_TRUE(client_->set_remote_fingerprint("sha-256", server_cert_->fingerprint_sha256()).ok());
  start();
  pump();
  ASSERT_TRUE(server_->set_remote_fingerprint("sha-256", other_cert_->fingerprint_sha256()).ok());
  EXPECT_EQ(server_->state(), DtlsState::kFailed);
  ASSERT_EQ(server_rec_.failures.size(), 1u);
  EXPECT_EQ(server_rec_.failures[0], "fingerprint mismatch");
  EXPECT_FALSE(server_rec_.keys.has_value());
  pump();  // the server's close_notify reaches the client
  EXPECT_EQ(client_->state(), DtlsState::kClosed);
  EXPECT_EQ(client_rec_.closed, 1);
}

TEST_F(DtlsTransportTest, ChangedFingerprintOnAConnectedTransportFailsIt) {
  make();
  exchange_fingerprints();
  start();
  pump();
  ASSERT_EQ(server_->state(), DtlsState::kConnected);
  ASSERT_TRUE(server_->set_remote_fingerprint("sha-256", client_cert_->fingerprint_sha256()).ok());
  EXPECT_EQ(server_->state(), DtlsState::kConnected);
  ASSERT_TRUE(server_->set_remote_fingerprint("sha-256", other_cert_->fingerprint_sha256()).ok());
  EXPECT_EQ(server_->state(), DtlsState::kFailed);
}

TEST_F(DtlsTransportTest, RejectsUnusableFingerprints) {
  make();
  EXPECT_EQ(server_->set_remote_fingerprint("md5", "AB:CD").error(),
            DtlsError::kUnsupportedFingerprint);
  EXPECT_EQ(server_->set_remote_fingerprint("sha-256", "AB:CD").error(),
            DtlsError::kMalformedFingerprint);
  EXPECT_EQ(server_->set_remote_fingerprint("sha-256", "").error(),
            DtlsError::kMalformedFingerprint);
}

// Garbage a hostile or confused peer might send; all of it must be dropped.
std::vector<Bytes> garbage_datagrams() {
  std::vector<Bytes> out = {
      {},
      {0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42},         // STUN
      {0x80, 0x60, 0x00, 0x01, 0, 0, 0, 0, 0, 0, 0, 1},         // RTP
      {22, 254, 253},                                           // truncated header
      {22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0, 0, 200, 1, 2, 3},  // length past the end
      // Well-formed records the handshake must shrug off:
      {23, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 4, 1, 2, 3, 4},  // app data in epoch 0
      {23, 254, 253, 0, 1, 0, 0, 0, 0, 0, 0x10, 0, 4, 1, 2, 3, 4},  // app data, bad MAC
      {22, 254, 253, 0, 1, 0, 0, 0, 0, 0, 0x10, 0, 4, 1, 2, 3, 4},  // handshake, unknown epoch 1
      {22, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 0},              // empty handshake record
      {20, 254, 253, 0, 2, 0, 0, 0, 0, 0, 0x10, 0, 1, 1},           // CCS in a future epoch
  };
  uint32_t state = 7;
  for (int i = 0; i < 200; ++i) {
    Bytes b(1 + (i * 37) % 300);
    for (auto& x : b) {
      state = state * 1664525u + 1013904223u;
      x = static_cast<uint8_t>(state >> 24);
    }
    if (i % 2 == 0) b[0] = static_cast<uint8_t>(20 + i % 44);  // inside the DTLS range
    out.push_back(std::move(b));
  }
  return out;
}

TEST_F(DtlsTransportTest, GarbageIsDroppedAndDoesNotBreakTheHandshake) {
  make();
  exchange_fingerprints();
  for (const Bytes& g : garbage_datagrams()) {
    EXPECT_EQ(server_->handle_datagram(g, now_).error(), DtlsError::kNotActive);  // not started
  }
  start();
  int rejected = 0;
  auto spray = [&](DtlsTransport& t) {
    for (const Bytes& g : garbage_datagrams()) {
      if (!t.handle_datagram(g, now_).ok()) ++rejected;
    }
  };
  spray(*server_);  // before the ClientHello
  EXPECT_EQ(server_->state(), DtlsState::kConnecting);
  EXPECT_TRUE(server_rec_.outbox.empty());
  // Deliver one flight at a time with garbage in between.
  for (int step = 0; step < 10 && (client_rec_.connected == 0 || server_rec_.connected == 0);
       ++step) {
    spray(*server_);
    spray(*client_);
    deliver(client_rec_, server_.get(), true, nullptr);
    spray(*client_);
    deliver(server_rec_, client_.get(), false, nullptr);
  }
  EXPECT_GT(rejected, 0);
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
  // After connecting, garbage still changes nothing, including forged protected records of
  // every length (bad tags are discarded; too-short ones never reach OpenSSL).
  spray(*server_);
  spray(*client_);
  uint32_t state = 99;
  for (int n = 0; n < 400; ++n) {
    state = state * 1664525u + 1013904223u;
    uint8_t length = static_cast<uint8_t>(state >> 24) % 64;
    Bytes forged = {static_cast<uint8_t>(20 + n % 4), 254, 253,   0, 1, 0, 0, 0, 0, 0,
                    static_cast<uint8_t>(n),          0,   length};
    forged.resize(forged.size() + length, static_cast<uint8_t>(state));
    (void)server_->handle_datagram(forged, now_);
    (void)client_->handle_datagram(forged, now_);
  }
  pump();
  EXPECT_EQ(server_->state(), DtlsState::kConnected);
  EXPECT_EQ(client_->state(), DtlsState::kConnected);
  EXPECT_EQ(client_rec_.closed + server_rec_.closed, 0);
}

TEST_F(DtlsTransportTest, FreshServerIgnoresEverythingButAClientHello) {
  make();
  exchange_fingerprints();
  start();
  const Bytes alerts[] = {
      {21, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 2, 2, 40},  // fatal handshake_failure
      {21, 254, 253, 0, 0, 0, 0, 0, 0, 0, 0x10, 0, 2, 1, 0},   // warning close_notify
      {22, 254, 253, 0,  0, 0, 0, 0, 0, 0, 0x10, 0, 12,        // a ServerHello header
       2,  0,   0,   10, 0, 0, 0, 0, 0, 0, 0,    10},
  };
  for (const Bytes& a : alerts) {
    EXPECT_EQ(server_->handle_datagram(a, now_).error(), DtlsError::kUnexpectedRecord);
  }
  EXPECT_EQ(server_->state(), DtlsState::kConnecting);
  EXPECT_TRUE(server_rec_.sent.empty());
  pump();
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
}

TEST_F(DtlsTransportTest, DatagramsFitTheMtuAndAreWholeRecords) {
  DtlsContextOptions small;
  small.mtu = 576;
  make(small, small);
  exchange_fingerprints();
  start();
  pump();
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
  for (const auto* rec : {&client_rec_, &server_rec_}) {
    for (const Bytes& d : rec->sent) {
      EXPECT_LE(d.size(), 576u);
      EXPECT_TRUE(check_dtls_datagram(d).ok());
    }
  }
}

TEST_F(DtlsTransportTest, RecordsOfAFlightShareDatagrams) {
  make();
  exchange_fingerprints();
  start();
  pump();
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
  // ServerHello..ServerHelloDone is five handshake messages but only one or two datagrams.
  ASSERT_FALSE(server_rec_.sent.empty());
  EXPECT_GE(check_dtls_datagram(server_rec_.sent[0]).value(), 2u);
  for (const auto* rec : {&client_rec_, &server_rec_}) {
    for (const Bytes& d : rec->sent) EXPECT_LE(d.size(), 1200u);
  }
}

DtlsContextOptions fast_timers() {
  DtlsContextOptions o;
  o.initial_retransmit_timeout = 50ms;
  o.max_retransmit_timeout = 200ms;
  return o;
}

TEST_F(DtlsTransportTest, LostClientHelloIsRetransmitted) {
  make(fast_timers(), fast_timers());
  exchange_fingerprints();
  start();
  ASSERT_TRUE(client_->next_timeout().has_value());
  EXPECT_LE(*client_->next_timeout() - now_, 50ms);
  EXPECT_GT(*client_->next_timeout() - now_, 0ms);
  // Calling early does nothing.
  client_->handle_timeout(now_);
  EXPECT_EQ(client_rec_.outbox.size(), 1u);
  run_until_connected_with_timers([](bool from_client, size_t i) { return from_client && i == 0; });
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
  EXPECT_GE(client_count_, 3u);  // ClientHello twice, then the second flight
}

TEST_F(DtlsTransportTest, LostServerFlightsAreRetransmitted) {
  make(fast_timers(), fast_timers());
  exchange_fingerprints();
  start();
  // Lose the server's first flight and, later, its ChangeCipherSpec/Finished once.
  size_t server_flights_seen = 0;
  run_until_connected_with_timers([&](bool from_client, size_t i) {
    if (from_client) return false;
    ++server_flights_seen;
    return i == 0 || i == 2;
  });
  expect_connected_with_matching_keys(SrtpProfile::kAeadAes128Gcm);
}

TEST_F(DtlsTransportTest, GivesUpWhenThePeerNeverAnswers) {
  DtlsContextOptions o;
  o.initial_retransmit_timeout = 50ms;
  o.max_retransmit_timeout = 100ms;
  make(o, o);
  exchange_fingerprints();
  client_->start(now_);
  auto give_up = std::chrono::steady_clock::now() + 10s;
  while (client_->state() == DtlsState::kConnecting && std::chrono::steady_clock::now() < give_up) {
    std::this_thread::sleep_for(5ms);
    now_ = std::chrono::steady_clock::now();
    if (client_->next_timeout() && *client_->next_timeout() <= now_) client_->handle_timeout(now_);
  }
  EXPECT_EQ(client_->state(), DtlsState::kFailed);
  ASSERT_EQ(client_rec_.failures.size(), 1u);
  EXPECT_EQ(client_rec_.failures[0], "handshake timeout");
  EXPECT_GT(client_rec_.sent.size(), 5u);
  EXPECT_FALSE(client_->next_timeout().has_value());
}

TEST_F(DtlsTransportTest, CloseSendsCloseNotifyAndThePeerReportsClosed) {
  make();
  exchange_fingerprints();
  start();
  pump();
  ASSERT_EQ(client_->state(), DtlsState::kConnected);
  client_->close();
  EXPECT_EQ(client_->state(), DtlsState::kClosed);
  EXPECT_FALSE(client_rec_.outbox.empty());
  pump();
  EXPECT_EQ(server_->state(), DtlsState::kClosed);
  EXPECT_EQ(server_rec_.closed, 1);
  EXPECT_EQ(client_rec_.closed, 0);  // a local close fires no callback
  Bytes any = {23, 254, 253, 0, 1, 0, 0, 0, 0, 0, 5, 0, 1, 0};
  EXPECT_EQ(client_->handle_datagram(any, now_).error(), DtlsError::kNotActive);
  EXPECT_EQ(server_->handle_datagram(any, now_).error(), DtlsError::kNotActive);
}

TEST_F(DtlsTransportTest, ListenerMayDestroyTheTransportFromACallback) {
  make();
  exchange_fingerprints();
  start();
  server_rec_.on_event = [this] { server_.reset(); };
  pump();
  EXPECT_EQ(server_rec_.connected, 1);
  EXPECT_EQ(server_, nullptr);
}

TEST_F(DtlsTransportTest, ReplayedFinishedFlightIsHarmless) {
  make();
  exchange_fingerprints();
  start();
  pump();
  ASSERT_EQ(server_->state(), DtlsState::kConnected);
  // A replayed client datagram (its Finished flight) is discarded by the record layer.
  ASSERT_FALSE(client_rec_.sent.empty());
  EXPECT_TRUE(server_->handle_datagram(client_rec_.sent.back(), now_).ok());
  pump();
  EXPECT_EQ(server_->state(), DtlsState::kConnected);
  EXPECT_EQ(client_->state(), DtlsState::kConnected);
}

}  // namespace
}  // namespace meet::rtc
