#pragma once
// One chat message as the room sees it (docs/protocol.md, `chat` event).
#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>

namespace meet::signal {

struct ChatLine {
  std::string id;  // "msg_...", also the stored message's id
  std::string participant_id;
  std::string identity;
  std::string name;
  std::string text;
  int64_t sent_at_ms = 0;

  nlohmann::json to_json() const {
    return {{"id", id},
            {"participant_id", participant_id},
            {"identity", identity},
            {"name", name},
            {"text", text},
            {"sent_at", sent_at_ms}};
  }
};

}  // namespace meet::signal
