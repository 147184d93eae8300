#pragma once
// Which peers may tell us the client's address in X-Forwarded-For: the TRUSTED_PROXIES
// setting, a comma-separated list of addresses and CIDR blocks ("127.0.0.1, 10.0.0.0/8,
// ::1/128"). A request from any other peer is attributed to the peer itself, whatever its
// headers say, so a client cannot pick the address its rate limit is counted under.
#include <boost/asio/ip/address.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace meet::http {

class TrustedProxies {
 public:
  TrustedProxies() = default;  // trusts nobody

  // Parses the list; an error names the first entry that is not an address or CIDR block.
  // Blank entries are skipped. Never throws.
  static Result<TrustedProxies, std::string> parse(std::string_view list);

  bool empty() const { return blocks_.empty(); }
  // IPv4-mapped IPv6 peers ("::ffff:10.0.0.1") match IPv4 blocks.
  bool contains(const boost::asio::ip::address& address) const;

  // The client's address for a request from `peer` carrying `forwarded_for` (every
  // X-Forwarded-For value joined with ","). From a trusted peer: the right-most address of
  // the chain that is not itself a trusted proxy (the left-most one if all are trusted);
  // a malformed entry stops the walk at the address before it. From any other peer: `peer`.
  std::string client_address(std::string_view peer, std::string_view forwarded_for) const;

 private:
  struct Block {
    boost::asio::ip::address base;
    unsigned prefix = 0;
  };
  static std::optional<Block> parse_block(std::string_view text);

  std::vector<Block> blocks_;
};

}  // namespace meet::http
