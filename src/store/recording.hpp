#pragma once
// Recording: one server-side recording of a meeting (issue 14), as the Store keeps it.
//   recording   capture running
//   processing  stopped; composing, then uploading (stays here until the upload is confirmed)
//   ready       the MP4 is in the BlobStore under blob_name
//   failed      error says why
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace meet::store {

enum class RecordingState : uint8_t { kRecording, kProcessing, kReady, kFailed };

struct Recording {
  std::string id;  // "rec_..."
  std::string tenant_id;
  std::string meeting_id;  // not a foreign key: a recording outlives its meeting
  std::string room;        // the engine room captured (the meeting id for API meetings)
  RecordingState state = RecordingState::kRecording;
  int64_t started_at_ms = 0;
  std::optional<int64_t> stopped_at_ms;
  std::optional<int64_t> duration_ms;
  std::optional<int64_t> size_bytes;
  std::vector<std::string> participants;  // names, as drawn in the MP4
  std::optional<std::string> blob_name;   // set once composed ("rec_../recording.mp4")
  std::optional<std::string> local_path;  // the composed MP4 on this node, until uploaded
  std::optional<std::string> error;       // why it failed
  int64_t created_at_ms = 0;
};

const char* to_string(RecordingState s);
std::optional<RecordingState> recording_state_from(const std::string& s);

}  // namespace meet::store
