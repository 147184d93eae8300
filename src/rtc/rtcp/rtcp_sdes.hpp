#pragma once
// Source description (RFC 3550 section 6.5):
//
// |V=2|P|    SC   |  PT=SDES=202  |             length            | header
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                          SSRC/CSRC_1                          | chunk 1
// |    type (1..8)  |  length     |  text (length bytes) ...      |
// |    ... more items ...  |  0 (end of list) | 0-padding to 32 bits |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                          SSRC/CSRC_2 ...                      | chunk 2
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "common/result.hpp"
#include "rtc/rtcp/rtcp_header.hpp"

namespace meet::rtc {

inline constexpr uint8_t kSdesCname = 1;  // other item types: NAME=2 .. PRIV=8

struct RtcpSdesItem {
  uint32_t ssrc = 0;  // the chunk's SSRC/CSRC
  uint8_t type = 0;
  std::string_view text;  // points into the packet
};

// A view over one SDES packet whose chunks and items were all checked at parse time.
class RtcpSdes {
 public:
  // kWrongType unless PT=202; kBadItem when a chunk or item runs past the body, or when the
  // body holds fewer than SC chunks.
  static Result<RtcpSdes, RtcpError> parse(const RtcpHeader& header);

  size_t chunk_count() const { return chunk_count_; }

  // Calls f(const RtcpSdesItem&) for every item of every chunk, in wire order.
  template <typename F>
  void for_each_item(F&& f) const {
    Cursor c;
    RtcpSdesItem item;
    while (next_item(c, item)) f(item);
  }
  // The CNAME of `ssrc`, or nullopt when this packet does not carry one.
  std::optional<std::string_view> cname(uint32_t ssrc) const;

  // Writes an SDES with one chunk holding one CNAME item (RFC 3550 6.5.1: at most 255 bytes).
  static Result<size_t, RtcpError> write_cname(uint32_t ssrc, std::string_view cname,
                                               std::span<uint8_t> out);

 private:
  struct Cursor {
    size_t pos = 0;          // into body_
    size_t chunks_left = 0;  // 0 before the first chunk is entered
    bool in_chunk = false;
    bool started = false;
    uint32_t ssrc = 0;
  };
  RtcpSdes(std::span<const uint8_t> body, uint8_t count) : body_(body), chunk_count_(count) {}
  // Advances to the next item; false when every chunk is done (or on malformed input, which
  // parse() already excluded).
  bool next_item(Cursor& c, RtcpSdesItem& out) const;

  std::span<const uint8_t> body_;
  uint8_t chunk_count_ = 0;
};

}  // namespace meet::rtc
