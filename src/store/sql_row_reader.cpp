#include "store/sql_row_reader.hpp"

#include <openssl/rand.h>

#include <array>
#include <nlohmann/json.hpp>

#include "common/assert.hpp"

namespace meet::store {

std::vector<std::string> SqlRowReader::string_list() {
  const auto& c = next();
  std::vector<std::string> out;
  if (!c) return out;
  auto j = nlohmann::json::parse(*c, nullptr, /*allow_exceptions=*/false);
  if (!j.is_array()) return out;
  for (const auto& item : j) {
    if (item.is_string()) out.push_back(item.get<std::string>());
  }
  return out;
}

std::string to_json_list(const std::vector<std::string>& items) {
  return nlohmann::json(items).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string new_id(const char* prefix) {
  std::array<unsigned char, 10> bytes{};
  MEET_ASSERT(RAND_bytes(bytes.data(), static_cast<int>(bytes.size())) == 1, "RAND_bytes failed");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string id(prefix);
  for (auto b : bytes) {
    id.push_back(kHex[b >> 4]);
    id.push_back(kHex[b & 0xf]);
  }
  return id;
}

SqlValue optional_value(const std::optional<int64_t>& v) {
  if (v) return *v;
  return nullptr;
}

SqlValue optional_value(const std::optional<std::string>& v) {
  if (v) return *v;
  return nullptr;
}

std::string sql(std::initializer_list<std::string_view> parts) {
  std::string out;
  for (auto p : parts) out += p;
  return out;
}

Err<StoreError> not_found(const std::string& what) {
  return store_error(StoreErrorCode::kNotFound, what + " not found");
}

}  // namespace meet::store
