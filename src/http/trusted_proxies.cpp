#include "http/trusted_proxies.hpp"

#include <array>
#include <charconv>

namespace meet::http {
namespace {

namespace ip = boost::asio::ip;

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// "::ffff:a.b.c.d" compares as a.b.c.d.
ip::address unmapped(const ip::address& a) {
  if (a.is_v6() && a.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, a.to_v6());
  }
  return a;
}

std::optional<ip::address> parse_address(std::string_view text) {
  boost::system::error_code ec;
  auto a = ip::make_address(std::string(text), ec);
  if (ec) return std::nullopt;
  return unmapped(a);
}

template <size_t N>
bool prefix_matches(const std::array<unsigned char, N>& a, const std::array<unsigned char, N>& b,
                    unsigned prefix) {
  for (size_t i = 0; i < N && prefix > 0; ++i) {
    unsigned bits = prefix >= 8 ? 8 : prefix;
    auto mask = static_cast<unsigned char>(0xff << (8 - bits));
    if ((a[i] & mask) != (b[i] & mask)) return false;
    prefix -= bits;
  }
  return true;
}

}  // namespace

std::optional<TrustedProxies::Block> TrustedProxies::parse_block(std::string_view text) {
  std::string_view address = text;
  std::optional<unsigned> prefix;
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    address = text.substr(0, slash);
    auto digits = text.substr(slash + 1);
    unsigned p = 0;
    auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), p);
    if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
      return std::nullopt;
    }
    prefix = p;
  }
  auto base = parse_address(address);
  if (!base) return std::nullopt;
  unsigned max = base->is_v4() ? 32 : 128;
  if (prefix && *prefix > max) return std::nullopt;
  return Block{*base, prefix.value_or(max)};
}

Result<TrustedProxies, std::string> TrustedProxies::parse(std::string_view list) {
  TrustedProxies out;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto item = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (item.empty()) continue;
    auto block = parse_block(item);
    if (!block) {
      return make_error("TRUSTED_PROXIES: not an address or CIDR block: " + std::string(item));
    }
    out.blocks_.push_back(*block);
  }
  return out;
}

bool TrustedProxies::contains(const ip::address& address) const {
  const auto a = unmapped(address);
  for (const auto& b : blocks_) {
    if (a.is_v4() && b.base.is_v4()) {
      if (prefix_matches(a.to_v4().to_bytes(), b.base.to_v4().to_bytes(), b.prefix)) return true;
    } else if (a.is_v6() && b.base.is_v6()) {
      if (prefix_matches(a.to_v6().to_bytes(), b.base.to_v6().to_bytes(), b.prefix)) return true;
    }
  }
  return false;
}

std::string TrustedProxies::client_address(std::string_view peer,
                                           std::string_view forwarded_for) const {
  auto peer_address = parse_address(peer);
  if (!peer_address) return std::string(peer);
  std::string client = peer_address->to_string();
  if (!contains(*peer_address)) return client;
  // Walk right to left: each hop was added by the proxy in front of the previous one.
  while (!forwarded_for.empty()) {
    auto comma = forwarded_for.rfind(',');
    auto item =
        trim(comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1));
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    if (item.empty()) continue;
    auto hop = parse_address(item);
    if (!hop) break;
    client = hop->to_string();
    if (!contains(*hop)) break;
  }
  return client;
}

}  // namespace meet::http
