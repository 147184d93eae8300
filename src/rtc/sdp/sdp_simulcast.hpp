#pragma once
// a=simulcast value (RFC 8853 section 5.1):
//   sc-value = ( sc-send [SP sc-recv] ) / ( sc-recv [SP sc-send] )
//   sc-send  = "send" SP sc-str-list ; sc-str-list = sc-alt-list *(";" sc-alt-list)
//   sc-alt-list = sc-id *("," sc-id) ; sc-id = ["~"] rid-id   ("~" = paused)
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace meet::rtc {

struct SdpSimulcastRid {
  std::string rid;
  bool paused = false;
  bool operator==(const SdpSimulcastRid&) const = default;
};

// One simulcast stream: the rid that carries it, or several alternatives.
using SdpSimulcastStream = std::vector<SdpSimulcastRid>;

struct SdpSimulcast {
  std::vector<SdpSimulcastStream> send;
  std::vector<SdpSimulcastStream> recv;

  bool operator==(const SdpSimulcast&) const = default;

  // Parses the attribute value; nullopt when it does not follow the grammar above.
  static std::optional<SdpSimulcast> parse(std::string_view value);
  // Attribute value, e.g. "recv h;m;l"; empty when both lists are empty.
  std::string to_string() const;
};

// RFC 8851 section 10: rid-id = 1*(alpha-numeric / "-" / "_").
bool is_valid_rid_id(std::string_view id);

}  // namespace meet::rtc
