#pragma once
// SqlRowReader: reads the text columns of one SqlRow in order, for SqlStore's row mappers.
#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include "store/sql_connection.hpp"

namespace meet::store {

class SqlRowReader {
 public:
  explicit SqlRowReader(const SqlRow& row) : row_(row) {}

  std::string text() {
    const auto& c = next();
    return c ? *c : std::string();
  }
  std::optional<std::string> optional_text() { return next(); }
  int64_t integer() { return optional_integer().value_or(0); }
  std::optional<int64_t> optional_integer() {
    const auto& c = next();
    if (!c) return std::nullopt;
    int64_t v = 0;
    std::from_chars(c->data(), c->data() + c->size(), v);
    return v;
  }
  bool boolean() { return integer() != 0; }
  std::vector<std::string> string_list();  // a JSON array of strings; [] when unreadable

 private:
  const std::optional<std::string>& next() {
    static const std::optional<std::string> kNull;
    return index_ < row_.size() ? row_[index_++] : kNull;
  }
  const SqlRow& row_;
  size_t index_ = 0;
};

// JSON text for a list of strings, as stored in list columns.
std::string to_json_list(const std::vector<std::string>& items);
// A random id with a readable prefix: "mtg_" + 20 hex characters.
std::string new_id(const char* prefix);
SqlValue optional_value(const std::optional<int64_t>& v);
// Concatenates SQL fragments (constant column lists); never used with values.
std::string sql(std::initializer_list<std::string_view> parts);
Err<StoreError> not_found(const std::string& what);
SqlValue optional_value(const std::optional<std::string>& v);

}  // namespace meet::store
