#include "rtc/rtcp/rtcp_sdes.hpp"

#include <algorithm>

#include "common/bytes.hpp"

namespace meet::rtc {
namespace {

size_t align4(size_t n) {
  return (n + 3) & ~size_t{3};
}

}  // namespace

bool RtcpSdes::next_item(Cursor& c, RtcpSdesItem& out) const {
  if (!c.started) {
    c.started = true;
    c.chunks_left = chunk_count_;
  }
  while (true) {
    if (!c.in_chunk) {
      if (c.chunks_left == 0) return false;
      if (c.pos + 4 > body_.size()) return false;
      c.ssrc = load_be32(body_, c.pos);
      c.pos += 4;
      c.in_chunk = true;
      --c.chunks_left;
    }
    if (c.pos >= body_.size()) return false;  // no end-of-list octet
    const uint8_t type = body_[c.pos];
    if (type == 0) {
      // End of this chunk's list: skip the null octet and pad to the next 32-bit boundary.
      // Chunks start aligned because the body does.
      c.pos = align4(c.pos + 1);
      if (c.pos > body_.size()) return false;
      c.in_chunk = false;
      continue;
    }
    if (c.pos + 2 > body_.size()) return false;
    const size_t len = body_[c.pos + 1];
    if (c.pos + 2 + len > body_.size()) return false;
    out.ssrc = c.ssrc;
    out.type = type;
    out.text = std::string_view(reinterpret_cast<const char*>(body_.data() + c.pos + 2), len);
    c.pos += 2 + len;
    return true;
  }
}

Result<RtcpSdes, RtcpError> RtcpSdes::parse(const RtcpHeader& header) {
  if (header.packet_type() != kRtcpSdes) return make_error(RtcpError::kWrongType);
  RtcpSdes sdes(header.body(), header.count());
  // Walk everything once so that iteration later cannot meet malformed bytes.
  Cursor c;
  RtcpSdesItem item;
  while (sdes.next_item(c, item)) {
  }
  if (c.chunks_left != 0 || c.in_chunk) return make_error(RtcpError::kBadItem);
  return sdes;
}

std::optional<std::string_view> RtcpSdes::cname(uint32_t ssrc) const {
  std::optional<std::string_view> found;
  for_each_item([&](const RtcpSdesItem& item) {
    if (!found && item.ssrc == ssrc && item.type == kSdesCname) found = item.text;
  });
  return found;
}

Result<size_t, RtcpError> RtcpSdes::write_cname(uint32_t ssrc, std::string_view cname,
                                                std::span<uint8_t> out) {
  if (cname.size() > 255) return make_error(RtcpError::kBadInput);
  // header + SSRC + type + length + text + end octet, padded.
  const size_t size = align4(kRtcpHeaderSize + 4 + 2 + cname.size() + 1);
  if (out.size() < size) return make_error(RtcpError::kBufferTooSmall);
  std::fill(out.begin(), out.begin() + static_cast<ptrdiff_t>(size), uint8_t{0});
  RtcpHeader::write(out, 1, kRtcpSdes, size);
  store_be32(out, 4, ssrc);
  out[8] = kSdesCname;
  out[9] = static_cast<uint8_t>(cname.size());
  std::copy(cname.begin(), cname.end(), out.begin() + 10);
  return size;
}

}  // namespace meet::rtc
