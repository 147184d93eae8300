#pragma once
// Input limits of the REST API (docs/api.md "Limits"). String limits count UTF-8 bytes.
#include <cstddef>
#include <cstdint>

namespace meet::api {

inline constexpr size_t kMaxNameBytes = 128;      // tenant, key, participant names
inline constexpr size_t kMaxIdentityBytes = 128;  // participant identity
inline constexpr size_t kMaxTitleBytes = 200;     // meeting title
inline constexpr size_t kMaxUrlBytes = 2048;      // webhook URL
inline constexpr size_t kMaxIdBytes = 64;         // ids in paths and bodies
inline constexpr size_t kMaxListItems = 16;       // features, events
inline constexpr int kMaxJsonDepth = 16;

inline constexpr int64_t kDefaultPageSize = 50;
inline constexpr int64_t kMaxPageSize = 100;
inline constexpr int64_t kMaxOffset = 1'000'000;

inline constexpr int64_t kMinTokenTtlSeconds = 60;
inline constexpr int64_t kDefaultTokenTtlSeconds = 3600;
inline constexpr int64_t kMaxTokenTtlSeconds = 86'400;

inline constexpr int64_t kMaxParticipantsLimit = 1000;
inline constexpr int64_t kDefaultMaxParticipants = 100;
// Schedules are unix milliseconds between 2000-01-01 and 2200-01-01.
inline constexpr int64_t kMinTimestampMs = 946'684'800'000;
inline constexpr int64_t kMaxTimestampMs = 7'258'118'400'000;

}  // namespace meet::api
