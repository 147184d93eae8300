#pragma once
// Which addresses a webhook may reach: globally routable unicast only, so that a tenant's
// webhook URL cannot make the server call into its own host or private network (SSRF).
// Refused: unspecified, loopback, RFC 1918, CGNAT (RFC 6598), link-local, multicast,
// broadcast and reserved IPv4; IPv6 loopback, unique-local (fc00::/7), link-local
// (fe80::/10), multicast, and IPv4-mapped/compatible forms of refused IPv4 addresses.
#include <sys/socket.h>

#include <array>
#include <cstdint>

namespace meet::api {

bool is_public_ipv4(std::array<uint8_t, 4> a);
bool is_public_ipv6(const std::array<uint8_t, 16>& a);
// An AF_INET or AF_INET6 socket address; any other family is not public.
bool is_public_address(const sockaddr* address);

}  // namespace meet::api
