#pragma once
// Compound RTCP packet (RFC 3550 section 6.1): RTCP packets stacked back to back in one
// datagram. RFC 5506 reduced-size RTCP (a lone feedback packet) is a compound of one.
#include <cstddef>
#include <cstdint>
#include <iterator>
#include <span>

#include "common/result.hpp"
#include "rtc/rtcp/rtcp_error.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

// A checked sequence of RTCP packets over the caller's bytes. Does not own them.
class RtcpCompound {
 public:
  // Checks every packet's header (version, length, padding) and that the packets cover `bytes`
  // exactly. Any malformed packet rejects the whole datagram; the body of each packet is
  // checked later by the parser of its type.
  static Result<RtcpCompound, RtcpError> parse(std::span<const uint8_t> bytes);

  class Iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = RtcpHeader;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = RtcpHeader;

    Iterator() = default;
    RtcpHeader operator*() const;
    Iterator& operator++();
    Iterator operator++(int) {
      Iterator copy = *this;
      ++*this;
      return copy;
    }
    bool operator==(const Iterator& o) const { return pos_ == o.pos_; }

   private:
    friend class RtcpCompound;
    Iterator(std::span<const uint8_t> bytes, size_t pos) : bytes_(bytes), pos_(pos) {}
    std::span<const uint8_t> bytes_;
    size_t pos_ = 0;
  };

  Iterator begin() const { return Iterator(bytes_, 0); }
  Iterator end() const { return Iterator(bytes_, bytes_.size()); }
  size_t packet_count() const { return packet_count_; }
  std::span<const uint8_t> bytes() const { return bytes_; }

 private:
  explicit RtcpCompound(std::span<const uint8_t> bytes) : bytes_(bytes) {}
  std::span<const uint8_t> bytes_;
  size_t packet_count_ = 0;
};

}  // namespace meet::rtc
