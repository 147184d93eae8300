#include "rtc/sdp/local_transport_params.hpp"

#include <string_view>

#include "common/assert.hpp"

namespace meet::rtc {
namespace {

bool is_one_line(std::string_view s) {
  return s.find_first_of("\r\n") == std::string_view::npos;
}

}  // namespace

void check_local_transport_params(const LocalTransportParams& local) {
  MEET_ASSERT(is_one_line(local.ice_ufrag) && is_one_line(local.ice_pwd) &&
                  is_one_line(local.fingerprint_sha256),
              "line break in local ICE/DTLS parameters");
  for (const std::string& c : local.candidates) {
    MEET_ASSERT(c.rfind("candidate:", 0) == 0 && is_one_line(c),
                "local candidate is not a one-line \"candidate:...\" value");
  }
}

}  // namespace meet::rtc
