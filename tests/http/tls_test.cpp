#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <cstdio>
#include <filesystem>
#include <future>
#include <optional>

#include "http/server.hpp"
#include "test_client.hpp"

namespace meet::http {
namespace {

using namespace meet::http::testing;
namespace ssl = boost::asio::ssl;

// Writes a fresh self-signed P-256 certificate for CN=localhost and its key as PEM files.
void make_self_signed(const std::filesystem::path& cert_file, const std::filesystem::path& key_file,
                      long serial = 1) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  ASSERT_GT(X509_sign(cert, key, EVP_sha256()), 0);
  FILE* f = std::fopen(cert_file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen(key_file.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
}

class Echo : public WebSocketHandler {
 public:
  explicit Echo(std::shared_ptr<WebSocketConnection> c) : c_(std::move(c)) {}
  void on_message(std::string_view text) override { c_->send("echo:" + std::string(text)); }
  void on_close() override {}

 private:
  std::shared_ptr<WebSocketConnection> c_;
};

class TlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("meet_tls_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
    make_self_signed(dir_ / "cert.pem", dir_ / "key.pem");
    ServerOptions o;
    o.tls_cert_file = (dir_ / "cert.pem").string();
    o.tls_key_file = (dir_ / "key.pem").string();
    harness_ = std::make_unique<ServerHarness>(o);
    harness_->server().router().add("GET", "/api/v1/hello", [](Request&) {
      return Response::json(200, {{"tls", true}});
    });
    harness_->server().add_websocket(
        "/rtc", [](auto conn, const Request&) { return std::make_unique<Echo>(std::move(conn)); });
    harness_->start();
    client_ctx_.load_verify_file((dir_ / "cert.pem").string());
    client_ctx_.set_verify_mode(ssl::verify_peer);
  }
  void TearDown() override {
    harness_.reset();
    std::filesystem::remove_all(dir_);
  }

  // Connects and completes the TLS handshake, verifying the server's certificate.
  void connect(beast::ssl_stream<tcp::socket>& s) {
    s.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), harness_->port()));
    set_receive_timeout(s.next_layer(), std::chrono::seconds(10));
    s.handshake(ssl::stream_base::client);
  }

  std::filesystem::path dir_;
  std::unique_ptr<ServerHarness> harness_;
  asio::io_context client_ioc_;
  ssl::context client_ctx_{ssl::context::tls_client};
};

TEST_F(TlsTest, ServesHttpsWithKeepAlive) {
  beast::ssl_stream<tcp::socket> s(client_ioc_, client_ctx_);
  connect(s);
  beast::flat_buffer buffer;
  for (int i = 0; i < 2; ++i) {
    bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/api/v1/hello", 11};
    req.set(bhttp::field::host, "localhost");
    bhttp::write(s, req);
    bhttp::response<bhttp::string_body> res;
    bhttp::read(s, buffer, res);
    EXPECT_EQ(res.result_int(), 200);
    EXPECT_EQ(res.body(), R"({"tls":true})");
  }
}

TEST_F(TlsTest, ServesWss) {
  websocket::stream<beast::ssl_stream<tcp::socket>> ws(client_ioc_, client_ctx_);
  connect(ws.next_layer());
  ws.handshake("localhost", "/rtc");
  ws.write(asio::buffer(std::string("hi")));
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_EQ(beast::buffers_to_string(buffer.data()), "echo:hi");
  ws.close(websocket::close_code::normal);
}

TEST_F(TlsTest, PlainHttpOnTlsPortIsDropped) {
  HttpClient c(harness_->port());
  c.write_raw("GET /api/v1/hello HTTP/1.1\r\nHost: x\r\n\r\n");
  boost::system::error_code ec;
  std::string out = c.read_until_close(&ec);
  EXPECT_EQ(out.find("tls"), std::string::npos);
  EXPECT_TRUE(closed_by_server(ec)) << ec.message();
}

TEST_F(TlsTest, StopClosesTlsConnections) {
  beast::ssl_stream<tcp::socket> s(client_ioc_, client_ctx_);
  connect(s);
  harness_->server().stop();
  std::array<char, 16> buf{};
  boost::system::error_code ec;
  s.read_some(asio::buffer(buf), ec);
  EXPECT_TRUE(ec);
  EXPECT_NE(ec, asio::error::would_block);  // not our receive timeout
  harness_->shutdown();
}

// Serial number of the certificate the server presents to a new connection.
long served_serial(uint16_t port) {
  asio::io_context ioc;
  ssl::context ctx{ssl::context::tls_client};
  ctx.set_verify_mode(ssl::verify_none);
  beast::ssl_stream<tcp::socket> s(ioc, ctx);
  s.next_layer().connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  set_receive_timeout(s.next_layer(), std::chrono::seconds(10));
  s.handshake(ssl::stream_base::client);
  X509* cert = SSL_get1_peer_certificate(s.native_handle());
  long serial = cert ? ASN1_INTEGER_get(X509_get0_serialNumber(cert)) : -1;
  X509_free(cert);
  return serial;
}

std::optional<std::string> reload(Server& server) {
  std::promise<std::optional<std::string>> done;
  server.reload_tls([&](std::optional<std::string> error) { done.set_value(std::move(error)); });
  return done.get_future().get();
}

TEST_F(TlsTest, ReloadServesTheNewCertificateToNewConnections) {
  // A connection made before the reload keeps working with the old certificate.
  beast::ssl_stream<tcp::socket> before(client_ioc_, client_ctx_);
  connect(before);
  EXPECT_EQ(served_serial(harness_->port()), 1);

  make_self_signed(dir_ / "cert.pem", dir_ / "key.pem", 2);  // certbot renewed the files
  EXPECT_EQ(served_serial(harness_->port()), 1);             // not read until told
  EXPECT_EQ(reload(harness_->server()), std::nullopt);
  EXPECT_EQ(served_serial(harness_->port()), 2);

  bhttp::request<bhttp::empty_body> req{bhttp::verb::get, "/api/v1/hello", 11};
  req.set(bhttp::field::host, "localhost");
  bhttp::write(before, req);
  beast::flat_buffer buffer;
  bhttp::response<bhttp::string_body> res;
  bhttp::read(before, buffer, res);
  EXPECT_EQ(res.result_int(), 200);
}

TEST_F(TlsTest, FailedReloadKeepsTheWorkingCertificate) {
  // A key that does not belong to the certificate (renewal half-written).
  make_self_signed(dir_ / "other_cert.pem", dir_ / "key.pem", 3);
  auto error = reload(harness_->server());
  ASSERT_TRUE(error.has_value());
  // OpenSSL names the mismatch ("key values mismatch") when the key is loaded.
  EXPECT_NE(error->find("mismatch"), std::string::npos) << *error;
  std::filesystem::remove(dir_ / "cert.pem");
  EXPECT_TRUE(reload(harness_->server()).has_value());
  EXPECT_EQ(served_serial(harness_->port()), 1);
}

TEST(TlsConfig, MissingKeyFileThrowsAtConstruction) {
  asio::io_context ioc;
  ServerOptions o;
  o.tls_cert_file = "/nonexistent/cert.pem";
  o.tls_key_file = "/nonexistent/key.pem";
  EXPECT_ANY_THROW(Server(ioc, o));
  ServerOptions half;
  half.tls_cert_file = "/nonexistent/cert.pem";
  EXPECT_ANY_THROW(Server(ioc, half));
}

}  // namespace
}  // namespace meet::http
