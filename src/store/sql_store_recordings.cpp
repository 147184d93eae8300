// SqlStore: recordings (issue 14).
#include "store/sql_row_reader.hpp"
#include "store/sql_store.hpp"

namespace meet::store {
namespace {

constexpr const char* kRecordingColumns =
    "id, tenant_id, meeting_id, room, state, started_at, stopped_at, duration_ms, size_bytes, "
    "participants, blob_name, local_path, error, created_at";

Recording read_recording(const SqlRow& row) {
  SqlRowReader r(row);
  Recording rec;
  rec.id = r.text();
  rec.tenant_id = r.text();
  rec.meeting_id = r.text();
  rec.room = r.text();
  rec.state = recording_state_from(r.text()).value_or(RecordingState::kFailed);
  rec.started_at_ms = r.integer();
  rec.stopped_at_ms = r.optional_integer();
  rec.duration_ms = r.optional_integer();
  rec.size_bytes = r.optional_integer();
  rec.participants = r.string_list();
  rec.blob_name = r.optional_text();
  rec.local_path = r.optional_text();
  rec.error = r.optional_text();
  rec.created_at_ms = r.integer();
  return rec;
}

}  // namespace

const char* to_string(RecordingState s) {
  switch (s) {
    case RecordingState::kRecording:
      return "recording";
    case RecordingState::kProcessing:
      return "processing";
    case RecordingState::kReady:
      return "ready";
    case RecordingState::kFailed:
      return "failed";
  }
  return "failed";
}

std::optional<RecordingState> recording_state_from(const std::string& s) {
  if (s == "recording") return RecordingState::kRecording;
  if (s == "processing") return RecordingState::kProcessing;
  if (s == "ready") return RecordingState::kReady;
  if (s == "failed") return RecordingState::kFailed;
  return std::nullopt;
}

StoreResult<Recording> SqlStore::create_recording(Recording rec) {
  std::lock_guard lock(mutex_);
  if (rec.id.empty()) rec.id = new_id("rec_");
  auto r = conn_->query(
      sql({"INSERT INTO recordings (", kRecordingColumns,
           ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)"}),
      {rec.id, rec.tenant_id, rec.meeting_id, rec.room, std::string(to_string(rec.state)),
       rec.started_at_ms, optional_value(rec.stopped_at_ms), optional_value(rec.duration_ms),
       optional_value(rec.size_bytes), to_json_list(rec.participants),
       optional_value(rec.blob_name), optional_value(rec.local_path), optional_value(rec.error),
       rec.created_at_ms});
  if (!r) return Err{r.error()};
  return rec;
}

StoreResult<Recording> SqlStore::get_recording(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r =
      conn_->query(sql({"SELECT ", kRecordingColumns, " FROM recordings WHERE id = $1"}), {id});
  if (!r) return Err{r.error()};
  if (r->rows.empty()) return not_found("recording");
  return read_recording(r->rows[0]);
}

StoreResult<Page<Recording>> SqlStore::list_recordings_where(const char* column,
                                                             const std::string& value,
                                                             PageRequest page) {
  std::lock_guard lock(mutex_);
  auto total = count(sql({"SELECT COUNT(*) FROM recordings WHERE ", column, " = $1"}), {value});
  if (!total) return Err{total.error()};
  auto r = conn_->query(sql({"SELECT ", kRecordingColumns, " FROM recordings WHERE ", column,
                             " = $1 ORDER BY created_at DESC, id LIMIT $2 OFFSET $3"}),
                        {value, page.limit, page.offset});
  if (!r) return Err{r.error()};
  Page<Recording> out;
  out.total = *total;
  for (const auto& row : r->rows) out.items.push_back(read_recording(row));
  return out;
}

StoreResult<Page<Recording>> SqlStore::list_recordings(const std::string& tenant_id,
                                                       PageRequest page) {
  return list_recordings_where("tenant_id", tenant_id, page);
}

StoreResult<Page<Recording>> SqlStore::list_meeting_recordings(const std::string& meeting_id,
                                                               PageRequest page) {
  return list_recordings_where("meeting_id", meeting_id, page);
}

StoreResult<std::vector<Recording>> SqlStore::list_recordings_in_state(RecordingState state) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(sql({"SELECT ", kRecordingColumns,
                             " FROM recordings WHERE state = $1 ORDER BY created_at, id"}),
                        {std::string(to_string(state))});
  if (!r) return Err{r.error()};
  std::vector<Recording> out;
  for (const auto& row : r->rows) out.push_back(read_recording(row));
  return out;
}

StoreResult<Recording> SqlStore::update_recording(const Recording& rec) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query(
      "UPDATE recordings SET state = $2, started_at = $3, stopped_at = $4, duration_ms = $5, "
      "size_bytes = $6, participants = $7, blob_name = $8, local_path = $9, error = $10 "
      "WHERE id = $1",
      {rec.id, std::string(to_string(rec.state)), rec.started_at_ms,
       optional_value(rec.stopped_at_ms), optional_value(rec.duration_ms),
       optional_value(rec.size_bytes), to_json_list(rec.participants),
       optional_value(rec.blob_name), optional_value(rec.local_path), optional_value(rec.error)});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("recording");
  auto got =
      conn_->query(sql({"SELECT ", kRecordingColumns, " FROM recordings WHERE id = $1"}), {rec.id});
  if (!got) return Err{got.error()};
  if (got->rows.empty()) return not_found("recording");
  return read_recording(got->rows[0]);
}

StoreResult<void> SqlStore::delete_recording(const std::string& id) {
  std::lock_guard lock(mutex_);
  auto r = conn_->query("DELETE FROM recordings WHERE id = $1", {id});
  if (!r) return Err{r.error()};
  if (r->affected == 0) return not_found("recording");
  return Ok{};
}

}  // namespace meet::store
