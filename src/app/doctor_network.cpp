// meet doctor: the checks that touch the network (settings, ports, public address, TURN).
#include <boost/asio.hpp>

#include <array>
#include <chrono>
#include <random>
#include <thread>

#include "api/api_config.hpp"
#include "app/doctor.hpp"
#include "http/trusted_proxies.hpp"

namespace meet::app::doctor {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;
using asio::ip::udp;
using std::chrono::milliseconds;

constexpr auto kAnswerWait = milliseconds(1500);

DoctorLine ok(std::string check, std::string detail) {
  return {std::move(check), true, std::move(detail)};
}
DoctorLine fail(std::string check, std::string detail) {
  return {std::move(check), false, std::move(detail)};
}

struct MediaPorts {
  int workers = 1;
  uint16_t udp = 40000, tcp = 40000;
};

MediaPorts media_ports(const ServeConfig& c) {
  MediaPorts m;
  m.workers = c.workers > 0 ? c.workers : std::max(1u, std::thread::hardware_concurrency());
  m.udp = c.udp_port ? c.udp_port : (c.min_port ? c.min_port : 40000);
  m.tcp = c.tcp_port ? c.tcp_port : m.udp;
  return m;
}

std::optional<asio::ip::address> parse_ip(const std::string& text) {
  boost::system::error_code ec;
  auto a = asio::ip::make_address(text, ec);
  if (ec) return std::nullopt;
  return a;
}

// Runs the io_context until `done` or the deadline; true when done.
bool run_until(asio::io_context& ioc, const bool& done, milliseconds deadline) {
  ioc.run_for(deadline);
  return done;
}

// One STUN Binding request (RFC 8489 section 6) to `to`; true on a matching success answer.
bool stun_binding_answers(const udp::endpoint& to) {
  asio::io_context ioc;
  udp::socket s(ioc, udp::endpoint(to.protocol(), 0));
  std::array<uint8_t, 20> req{0x00, 0x01, 0x00, 0x00, 0x21, 0x12, 0xa4, 0x42};
  std::random_device rd;
  for (size_t i = 8; i < req.size(); ++i) req[i] = static_cast<uint8_t>(rd());
  std::array<uint8_t, 1500> buf{};
  bool done = false;
  udp::endpoint from;
  std::function<void()> receive = [&] {
    s.async_receive_from(asio::buffer(buf), from, [&](boost::system::error_code ec, size_t n) {
      if (ec) return;
      if (n >= 20 && buf[0] == 0x01 && buf[1] == 0x01 &&
          std::equal(req.begin() + 4, req.end(), buf.begin() + 4)) {
        done = true;
        ioc.stop();
        return;
      }
      receive();
    });
  };
  receive();
  for (int attempt = 0; attempt < 3 && !done; ++attempt) {
    boost::system::error_code ec;
    s.send_to(asio::buffer(req), to, 0, ec);
    ioc.restart();
    run_until(ioc, done, kAnswerWait / 3);
  }
  return done;
}

struct TurnTarget {
  std::string host;
  uint16_t port = 3478;
  bool tls = false, udp = true;
};

// "turn:host:port?transport=udp", "turns:host:5349?transport=tcp"; nullopt when malformed.
std::optional<TurnTarget> parse_turn_url(std::string url) {
  TurnTarget t;
  if (url.starts_with("turns:")) {
    t.tls = true;
    t.udp = false;
    t.port = 5349;
    url = url.substr(6);
  } else if (url.starts_with("turn:")) {
    url = url.substr(5);
  } else {
    return std::nullopt;
  }
  if (auto q = url.find('?'); q != std::string::npos) {
    if (url.find("transport=tcp", q) != std::string::npos) t.udp = false;
    url = url.substr(0, q);
  }
  auto colon = url.rfind(':');
  if (colon != std::string::npos && url.find(']', colon) == std::string::npos) {
    try {
      t.port = static_cast<uint16_t>(std::stoi(url.substr(colon + 1)));
    } catch (const std::exception&) {
      return std::nullopt;
    }
    url = url.substr(0, colon);
  }
  if (url.size() > 2 && url.front() == '[') url = url.substr(1, url.size() - 2);
  if (url.empty()) return std::nullopt;
  t.host = url;
  return t;
}

std::vector<std::string> split(const std::string& list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= list.size()) {
    auto end = list.find(',', start);
    if (end == std::string::npos) end = list.size();
    auto item = list.substr(start, end - start);
    item.erase(0, item.find_first_not_of(' '));
    item.erase(item.find_last_not_of(' ') + 1);
    if (!item.empty()) out.push_back(item);
    start = end + 1;
  }
  return out;
}

}  // namespace

std::vector<DoctorLine> settings(const ServeConfig& c) {
  std::vector<DoctorLine> out;
  auto api = api::api_options_from([&](const std::string& name) { return c.setting(name); });
  auto proxies = http::TrustedProxies::parse(c.trusted_proxies);
  if (!api) {
    out.push_back(fail("settings", api.error()));
  } else if (!proxies) {
    out.push_back(fail("settings", proxies.error()));
  } else if (c.ssl && !c.tls_self_signed && (c.ssl_cert.empty() || c.ssl_key.empty())) {
    out.push_back(fail("settings", "SSL=true needs SSL_CERT and SSL_KEY (or TLS_SELF_SIGNED)"));
  } else if (auto m = media_ports(c); c.max_port && m.udp + m.workers - 1 > c.max_port) {
    out.push_back(fail("settings", "MIN_PORT..MAX_PORT holds fewer ports than WORKERS (" +
                                       std::to_string(m.workers) + ")"));
  } else {
    std::string trusted = c.trusted_proxies.empty()
                              ? "no trusted proxies: X-Forwarded-For is ignored"
                              : "X-Forwarded-For trusted from " + c.trusted_proxies;
    out.push_back(ok("settings", "parsed; " + trusted));
  }
  return out;
}

std::vector<DoctorLine> ports(const ServeConfig& c) {
  std::vector<DoctorLine> out;
  auto bind = parse_ip(c.bind);
  if (!bind) return {fail("ports", "BIND is not an IP address: " + c.bind)};
  asio::io_context ioc;
  auto tcp_free = [&](uint16_t port) {
    tcp::acceptor a(ioc);
    boost::system::error_code ec;
    a.open(tcp::endpoint(*bind, port).protocol(), ec);
    if (!ec) a.set_option(asio::socket_base::reuse_address(true), ec);
    if (!ec) a.bind(tcp::endpoint(*bind, port), ec);
    if (!ec) a.listen(1, ec);
    return ec;
  };
  auto udp_free = [&](uint16_t port) {
    udp::socket s(ioc);
    boost::system::error_code ec;
    s.open(udp::endpoint(*bind, port).protocol(), ec);
    if (!ec) s.bind(udp::endpoint(*bind, port), ec);
    return ec;
  };
  std::vector<std::string> busy;
  if (auto ec = tcp_free(c.http_port)) {
    busy.push_back(std::to_string(c.http_port) + "/tcp (HTTP_PORT: " + ec.message() + ")");
  }
  auto m = media_ports(c);
  for (int i = 0; i < m.workers; ++i) {
    auto u = static_cast<uint16_t>(m.udp + i), t = static_cast<uint16_t>(m.tcp + i);
    if (!c.no_udp) {
      if (auto ec = udp_free(u)) busy.push_back(std::to_string(u) + "/udp (" + ec.message() + ")");
    }
    if (!c.no_tcp) {
      if (auto ec = tcp_free(t)) busy.push_back(std::to_string(t) + "/tcp (" + ec.message() + ")");
    }
  }
  std::string media = std::to_string(m.udp) + "-" + std::to_string(m.udp + m.workers - 1);
  if (busy.empty()) {
    out.push_back(ok("ports", "free: " + std::to_string(c.http_port) + "/tcp, media " + media +
                                  " udp+tcp; open them in the firewall"));
  } else {
    std::string list;
    for (const auto& b : busy) list += (list.empty() ? "" : ", ") + b;
    out.push_back(fail("ports", "in use: " + list +
                                    "; stop what holds them (is meet already running?) or "
                                    "change HTTP_PORT/UDP_PORT/TCP_PORT"));
  }
  return out;
}

std::vector<DoctorLine> public_ip(const ServeConfig& c) {
  auto ip = parse_ip(c.public_ip);
  if (!ip || ip->is_unspecified()) {
    return {fail("public ip", "PUBLIC_IP '" + c.public_ip +
                                  "' is not an address clients can reach; set it to this "
                                  "server's public IPv4 address")};
  }
  // Send a packet to PUBLIC_IP on the first media port and listen for it on that port: it
  // arrives only when the address is this machine's (or a NAT that loops back to it).
  auto m = media_ports(c);
  auto bind = parse_ip(c.bind).value_or(asio::ip::address_v4::any());
  asio::io_context ioc;
  udp::socket rx(ioc);
  boost::system::error_code ec;
  rx.open(udp::endpoint(bind, m.udp).protocol(), ec);
  if (!ec) rx.bind(udp::endpoint(bind, m.udp), ec);
  if (ec) {
    return {fail("public ip", "cannot listen on media port " + std::to_string(m.udp) +
                                  "/udp to test PUBLIC_IP: " + ec.message())};
  }
  udp::socket tx(ioc, udp::endpoint(ip->is_v4() ? udp::v4() : udp::v6(), 0));
  std::array<char, 32> probe{};
  std::snprintf(probe.data(), probe.size(), "meet-doctor-%u", std::random_device{}());
  std::array<char, 64> buf{};
  bool done = false;
  udp::endpoint from;
  std::function<void()> receive = [&] {
    rx.async_receive_from(asio::buffer(buf), from, [&](boost::system::error_code e, size_t n) {
      if (e) return;
      if (std::string_view(buf.data(), n) == std::string_view(probe.data())) {
        done = true;
        ioc.stop();
        return;
      }
      receive();
    });
  };
  receive();
  tx.send_to(asio::buffer(std::string_view(probe.data())), udp::endpoint(*ip, m.udp), 0, ec);
  run_until(ioc, done, kAnswerWait);
  std::string where = c.public_ip + ":" + std::to_string(m.udp) + "/udp";
  if (!done) {
    return {fail("public ip", "a packet sent to " + where +
                                  " did not come back to this machine: PUBLIC_IP is not this "
                                  "server's address, or a firewall/NAT drops it")};
  }
  std::string note = ip->is_loopback() ? " (loopback: only this machine can join)" : "";
  return {ok("public ip", where + " reaches this machine" + note)};
}

std::vector<DoctorLine> turn(const ServeConfig& c) {
  auto urls = split(c.setting("TURN_URLS").value_or(""));
  auto secret = c.setting("TURN_SECRET").value_or("");
  if (urls.empty() && secret.empty()) {
    return {ok("turn",
               "not configured: clients whose UDP is blocked cannot connect (see "
               "docs/operations.md, TURN)")};
  }
  if (secret.empty()) {
    return {fail("turn",
                 "TURN_URLS is set but TURN_SECRET is empty: set it to coturn's "
                 "static-auth-secret")};
  }
  if (urls.empty()) return {fail("turn", "TURN_SECRET is set but TURN_URLS is empty")};
  std::vector<DoctorLine> out;
  bool probed = false;
  for (const auto& url : urls) {
    auto t = parse_turn_url(url);
    if (!t) {
      out.push_back(fail("turn", "not a TURN URL: " + url + " (turn:host:3478?transport=udp)"));
      continue;
    }
    if (!t->udp || probed) continue;
    probed = true;
    asio::io_context ioc;
    udp::resolver resolver(ioc);
    boost::system::error_code ec;
    auto found = resolver.resolve(t->host, std::to_string(t->port), ec);
    if (ec || found.empty()) {
      out.push_back(fail("turn", "cannot resolve " + t->host + ": " + ec.message()));
      continue;
    }
    auto to = found.begin()->endpoint();
    if (stun_binding_answers(to)) {
      out.push_back(ok("turn", url + " answers STUN; secret set"));
    } else {
      out.push_back(fail("turn", url + " does not answer a STUN binding request: is coturn "
                                       "running and 3478/udp open?"));
    }
  }
  if (!probed && out.empty()) out.push_back(ok("turn", "secret set (no UDP TURN URL to probe)"));
  return out;
}

}  // namespace meet::app::doctor
