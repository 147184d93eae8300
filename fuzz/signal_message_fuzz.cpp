// Fuzzes the signaling message parser: any bytes must give a message or a SignalError.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "signal/signal_message.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto m = meet::signal::parse_client_message(text);
  if (!m) (void)meet::signal::error_json(m.error());
  return 0;
}
