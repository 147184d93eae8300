#include "rtc/sdp/sdp_simulcast.hpp"

#include "rtc/sdp/sdp_text.hpp"

namespace meet::rtc {
namespace {

constexpr size_t kMaxRidIdLength = 32;
constexpr size_t kMaxSimulcastStreams = 16;

std::optional<std::vector<SdpSimulcastStream>> parse_list(std::string_view list) {
  std::vector<SdpSimulcastStream> streams;
  for (std::string_view stream_text : sdp_text::split(list, ';')) {
    if (streams.size() == kMaxSimulcastStreams) return std::nullopt;
    SdpSimulcastStream stream;
    for (std::string_view id : sdp_text::split(stream_text, ',')) {
      SdpSimulcastRid rid;
      if (!id.empty() && id.front() == '~') {
        rid.paused = true;
        id.remove_prefix(1);
      }
      if (!is_valid_rid_id(id) || stream.size() == kMaxSimulcastStreams) return std::nullopt;
      rid.rid = std::string(id);
      stream.push_back(std::move(rid));
    }
    streams.push_back(std::move(stream));
  }
  return streams;
}

void write_list(std::string& out, const std::vector<SdpSimulcastStream>& streams) {
  for (size_t s = 0; s < streams.size(); ++s) {
    if (s > 0) out += ';';
    for (size_t a = 0; a < streams[s].size(); ++a) {
      if (a > 0) out += ',';
      if (streams[s][a].paused) out += '~';
      out += streams[s][a].rid;
    }
  }
}

}  // namespace

bool is_valid_rid_id(std::string_view id) {
  if (id.empty() || id.size() > kMaxRidIdLength) return false;
  for (char c : id) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

std::optional<SdpSimulcast> SdpSimulcast::parse(std::string_view value) {
  const std::vector<std::string_view> words = sdp_text::split_ws(value);
  if (words.size() != 2 && words.size() != 4) return std::nullopt;
  SdpSimulcast out;
  bool seen_send = false;
  bool seen_recv = false;
  for (size_t i = 0; i < words.size(); i += 2) {
    auto list = parse_list(words[i + 1]);
    if (!list) return std::nullopt;
    if (words[i] == "send" && !seen_send) {
      seen_send = true;
      out.send = std::move(*list);
    } else if (words[i] == "recv" && !seen_recv) {
      seen_recv = true;
      out.recv = std::move(*list);
    } else {
      return std::nullopt;
    }
  }
  return out;
}

std::string SdpSimulcast::to_string() const {
  std::string out;
  if (!send.empty()) {
    out += "send ";
    write_list(out, send);
  }
  if (!recv.empty()) {
    if (!out.empty()) out += ' ';
    out += "recv ";
    write_list(out, recv);
  }
  return out;
}

}  // namespace meet::rtc
