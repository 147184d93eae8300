#include "rtc/rtp/rtp_header_extensions.hpp"

#include <array>
#include <span>

namespace meet::rtc {
namespace {

std::string_view as_string(std::span<const uint8_t> data) {
  return std::string_view(reinterpret_cast<const char*>(data.data()), data.size());
}

bool is_token_char(uint8_t c) {
  return c > 0x20 && c < 0x7f;
}
bool is_rid_char(uint8_t c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-' ||
         c == '_';
}

template <typename Pred>
std::optional<std::string_view> read_text(const RtpPacket& packet, uint8_t id, Pred valid) {
  const auto data = packet.extension(id);
  if (!data || data->empty()) return std::nullopt;
  for (const uint8_t c : *data) {
    if (!valid(c)) return std::nullopt;
  }
  return as_string(*data);
}

}  // namespace

std::optional<std::string_view> read_mid(const RtpPacket& packet, uint8_t id) {
  return read_text(packet, id, is_token_char);
}

std::optional<std::string_view> read_rid(const RtpPacket& packet, uint8_t id) {
  return read_text(packet, id, is_rid_char);
}

std::optional<std::string_view> read_repaired_rid(const RtpPacket& packet, uint8_t id) {
  return read_text(packet, id, is_rid_char);
}

std::optional<uint32_t> read_abs_send_time(const RtpPacket& packet, uint8_t id) {
  const auto data = packet.extension(id);
  if (!data || data->size() != 3) return std::nullopt;
  return load_be24(*data, 0);
}

std::optional<uint16_t> read_transport_sequence_number(const RtpPacket& packet, uint8_t id) {
  const auto data = packet.extension(id);
  if (!data || data->size() != 2) return std::nullopt;
  return load_be16(*data, 0);
}

bool write_transport_sequence_number(RtpPacket& packet, uint8_t id, uint16_t seq) {
  std::array<uint8_t, 2> value{};
  store_be16(value, 0, seq);
  return packet.set_extension_bytes(id, value);
}

std::optional<AudioLevel> read_audio_level(const RtpPacket& packet, uint8_t id) {
  const auto data = packet.extension(id);
  // RFC 6464 section 3: one byte; with the one-byte form, padded elements of more are allowed
  // in principle, but only the first byte carries the level.
  if (!data || data->empty()) return std::nullopt;
  const uint8_t b = (*data)[0];
  return AudioLevel{(b & 0x80) != 0, static_cast<uint8_t>(b & 0x7f)};
}

}  // namespace meet::rtc
