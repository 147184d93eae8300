#pragma once
// Errors every Store call can return. Callers map them to HTTP statuses (api/) or log them.
#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace meet::store {

enum class StoreErrorCode : uint8_t {
  kNotFound,     // no such row (or it belongs to someone else)
  kConflict,     // unique or foreign-key constraint refused the write
  kInvalid,      // the database refused the value (e.g. bad encoding)
  kUnavailable,  // the database could not be reached or failed
};

struct StoreError {
  StoreErrorCode code = StoreErrorCode::kUnavailable;
  std::string message;  // for logs; never shown to API clients verbatim
};

template <typename T>
using StoreResult = Result<T, StoreError>;

inline Err<StoreError> store_error(StoreErrorCode code, std::string message) {
  return Err<StoreError>{StoreError{code, std::move(message)}};
}

const char* to_string(StoreErrorCode code);

}  // namespace meet::store
