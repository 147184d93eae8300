#pragma once
// Helpers for SDP tests: parse-or-fail and small text edits on fixtures.
#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "rtc/sdp/local_transport_params.hpp"
#include "rtc/sdp/session_description.hpp"

namespace meet::rtc::test {

inline SessionDescription parse_or_fail(const std::string& text) {
  auto r = SessionDescription::parse(text);
  EXPECT_TRUE(r.ok()) << "error " << to_string(r.error().code) << " at line " << r.error().line;
  return r.ok() ? std::move(r).value() : SessionDescription{};
}

// Replaces every occurrence of `from`.
inline std::string replace_all(std::string text, std::string_view from, std::string_view to) {
  for (size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
  return text;
}

// Drops every line starting with `prefix`.
inline std::string drop_lines(const std::string& text, std::string_view prefix) {
  std::string out;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    end = end == std::string::npos ? text.size() : end + 1;
    const std::string_view line(text.data() + pos, end - pos);
    if (line.substr(0, prefix.size()) != prefix) out.append(line);
    pos = end;
  }
  return out;
}

inline LocalTransportParams local_params() {
  LocalTransportParams p;
  p.ice_ufrag = "sfu1";
  p.ice_pwd = "0123456789abcdefghijkl";
  p.fingerprint_sha256 =
      "DA:A2:98:98:F0:F0:7A:5C:85:A3:7E:9F:AC:B2:04:08:27:F9:46:3E:26:F2:1F:05:A3:28:98:B6:BE:52:"
      "B2:04";
  p.candidates = {"candidate:1 1 udp 2130706431 192.0.2.10 40000 typ host",
                  "candidate:2 1 tcp 1694498815 192.0.2.10 443 typ host tcptype passive"};
  return p;
}

}  // namespace meet::rtc::test
