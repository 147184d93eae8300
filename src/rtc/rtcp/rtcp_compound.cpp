#include "rtc/rtcp/rtcp_compound.hpp"

#include "common/assert.hpp"

namespace meet::rtc {

Result<RtcpCompound, RtcpError> RtcpCompound::parse(std::span<const uint8_t> bytes) {
  if (bytes.empty()) return make_error(RtcpError::kTooShort);
  RtcpCompound c(bytes);
  size_t pos = 0;
  while (pos < bytes.size()) {
    auto h = RtcpHeader::parse(bytes.subspan(pos));
    if (!h.ok()) return make_error(h.error());
    pos += h->size();
    ++c.packet_count_;
  }
  return c;
}

RtcpHeader RtcpCompound::Iterator::operator*() const {
  auto h = RtcpHeader::parse(bytes_.subspan(pos_));
  MEET_ASSERT(h.ok(), "compound was checked at parse time");
  return h.value();
}

RtcpCompound::Iterator& RtcpCompound::Iterator::operator++() {
  pos_ += (**this).size();
  return *this;
}

}  // namespace meet::rtc
