#include "http/server_core.hpp"

#include <boost/asio/post.hpp>

#include "common/log.hpp"
#include "http/http_session.hpp"

namespace meet::http {

namespace asio = boost::asio;
using asio::ip::tcp;
using boost::system::error_code;

namespace {

// Throws (boost::system::system_error) when a file is missing or the key does not match.
std::shared_ptr<asio::ssl::context> make_tls_context(const std::string& cert_file,
                                                     const std::string& key_file) {
  auto ctx = std::make_shared<asio::ssl::context>(asio::ssl::context::tls_server);
  ctx->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                   asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                   asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  ctx->use_certificate_chain_file(cert_file);
  ctx->use_private_key_file(key_file, asio::ssl::context::pem);
  if (SSL_CTX_check_private_key(ctx->native_handle()) != 1) {
    throw std::runtime_error("the private key does not match the certificate");
  }
  return ctx;
}

// The client address a connection counts against (IPv4-mapped IPv6 as IPv4).
// The peer's address, IPv4-mapped IPv6 as IPv4; nullopt when the socket has no peer.
std::optional<asio::ip::address> peer_address(const tcp::socket& socket) {
  error_code ec;
  auto ep = socket.remote_endpoint(ec);
  if (ec) return std::nullopt;
  auto a = ep.address();
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    a = asio::ip::make_address_v4(asio::ip::v4_mapped, a.to_v6());
  }
  return a;
}

}  // namespace

ServerCore::ServerCore(asio::io_context& ioc_in, ServerOptions options_in)
    : ioc(ioc_in),
      options(std::move(options_in)),
      limiter(options.max_connections_per_address, options.max_connections),
      acceptor_(ioc_in),
      retry_timer_(ioc_in) {
  if (!options.static_dir.empty()) static_files.emplace(options.static_dir);
  if (options.tls_cert_file || options.tls_key_file) {
    if (!options.tls_cert_file || !options.tls_key_file) {
      throw std::invalid_argument("TLS needs both a certificate and a key file");
    }
    ssl = make_tls_context(*options.tls_cert_file, *options.tls_key_file);
  }
}

std::optional<std::string> ServerCore::reload_tls() {
  if (!ssl) return "TLS is not enabled";
  try {
    ssl = make_tls_context(*options.tls_cert_file, *options.tls_key_file);
  } catch (const std::exception& e) {
    logger("http")->error("tls reload failed reason={}", e.what());
    return std::string(e.what());
  }
  logger("http")->info("tls certificate reloaded cert={}", *options.tls_cert_file);
  return std::nullopt;
}

void ServerCore::start() {
  tcp::endpoint endpoint(asio::ip::make_address(options.bind), options.port);
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(asio::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(asio::socket_base::max_listen_connections);
  bound_port = acceptor_.local_endpoint().port();
  logger("http")->info("http listening bind={} port={} tls={}", options.bind, bound_port,
                       ssl != nullptr);
  asio::post(ioc, [self = shared_from_this()] { self->do_accept(); });
}

void ServerCore::do_accept() {
  if (stopping) return;
  acceptor_.async_accept(ioc, [self = shared_from_this()](error_code ec, tcp::socket socket) {
    self->on_accept(ec, std::move(socket));
  });
}

void ServerCore::on_accept(error_code ec, tcp::socket socket) {
  if (stopping || ec == asio::error::operation_aborted) return;
  if (ec) {
    // E.g. out of file descriptors: back off instead of spinning.
    logger("http")->warn("http accept failed reason={}", ec.message());
    retry_timer_.expires_after(std::chrono::milliseconds(100));
    retry_timer_.async_wait([self = shared_from_this()](error_code wait_ec) {
      if (!wait_ec) self->do_accept();
    });
    return;
  }
  const auto peer = peer_address(socket);
  const std::string address = peer ? peer->to_string() : "unknown";
  // Behind a trusted proxy every client has the proxy's address: only the total bound holds.
  const bool from_proxy = peer && options.trusted_proxies.contains(*peer);
  ConnectionLimiter::Refusal why{};
  auto lease = limiter.acquire(address, &why, !from_proxy);
  if (!lease) {
    refuse(socket, address, why);
    do_accept();
    return;
  }
  if (ssl) {
    std::make_shared<HttpSession<TlsStream>>(std::move(socket), shared_from_this(),
                                             std::move(lease))
        ->run();
  } else {
    std::make_shared<HttpSession<PlainStream>>(std::move(socket), shared_from_this(),
                                               std::move(lease))
        ->run();
  }
  do_accept();
}

void ServerCore::refuse(tcp::socket& socket, const std::string& address,
                        ConnectionLimiter::Refusal why) {
  const bool per_address = why == ConnectionLimiter::Refusal::kPerAddress;
  if (!ssl) {
    // One non-blocking write into an empty send buffer: it fits, or the client gets a reset.
    static constexpr std::string_view kBody =
        R"({"error":{"code":"too_many_connections","message":"connection limit reached"}})";
    const std::string reply =
        "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json"
        "\r\nContent-Length: " +
        std::to_string(kBody.size()) + "\r\nRetry-After: 1\r\nConnection: close\r\n\r\n" +
        std::string(kBody);
    error_code ec;
    socket.non_blocking(true, ec);
    if (!ec) socket.write_some(asio::buffer(reply), ec);
    socket.shutdown(tcp::socket::shutdown_send, ec);
  }
  error_code ignored;
  socket.close(ignored);
  const auto now = std::chrono::steady_clock::now();
  if (now - last_refusal_log_ >= std::chrono::seconds(1)) {
    last_refusal_log_ = now;
    logger("http")->warn(
        "connection refused ip={} reason={} open={} refused_per_address={} refused_total={}",
        address, per_address ? "per_address" : "total", limiter.open(),
        limiter.refused_per_address(), limiter.refused_total());
  }
}

void ServerCore::stop() {
  if (stopping) return;
  stopping = true;
  error_code ignored;
  acceptor_.close(ignored);
  retry_timer_.cancel();
  // Copy first: stop_gracefully may untrack connections while we iterate.
  std::vector<std::shared_ptr<TrackedConnection>> live;
  for (auto& [id, weak] : connections_) {
    if (auto c = weak.lock()) live.push_back(std::move(c));
  }
  for (auto& c : live) c->stop_gracefully();
  logger("http")->info("http stopped connections={}", live.size());
}

uint64_t ServerCore::track(std::weak_ptr<TrackedConnection> c) {
  uint64_t id = next_id_++;
  connections_.emplace(id, std::move(c));
  return id;
}

void ServerCore::untrack(uint64_t id) {
  connections_.erase(id);
}

void ServerCore::report(const Request& req, const Response& res, std::string_view route,
                        double seconds) {
  if (!hook) return;
  try {
    hook(req, res, route, seconds);
  } catch (const std::exception& e) {
    logger("http")->error("request hook threw what={}", e.what());
  }
}

}  // namespace meet::http
