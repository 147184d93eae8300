#pragma once
// BlobError: what a BlobStore call returns when it fails. `retryable` tells the upload queue
// whether trying again later can help (network down, 5xx, throttling) or not (bad key, missing
// local file, 4xx other than 408/429).
#include <cstdint>
#include <string>

#include "common/result.hpp"

namespace meet::storage {

enum class BlobErrorCode : uint8_t {
  kNotFound,     // no such blob (or container)
  kUnavailable,  // the service could not be reached, timed out, or answered 5xx/408/429
  kRejected,     // the service refused the request (auth, bad request): retrying will not help
  kLocalIo,      // the local file could not be read or written
  kInvalid,      // a bad blob name or setting
};

struct BlobError {
  BlobErrorCode code = BlobErrorCode::kUnavailable;
  std::string message;  // for logs; holds no secrets (no keys, no signatures)

  bool retryable() const { return code == BlobErrorCode::kUnavailable; }
};

template <typename T>
using BlobResult = Result<T, BlobError>;

inline Err<BlobError> blob_error(BlobErrorCode code, std::string message) {
  return Err<BlobError>{BlobError{code, std::move(message)}};
}

const char* to_string(BlobErrorCode code);

}  // namespace meet::storage
