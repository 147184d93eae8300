#include "storage/blob_error.hpp"

namespace meet::storage {

const char* to_string(BlobErrorCode code) {
  switch (code) {
    case BlobErrorCode::kNotFound:
      return "not_found";
    case BlobErrorCode::kUnavailable:
      return "unavailable";
    case BlobErrorCode::kRejected:
      return "rejected";
    case BlobErrorCode::kLocalIo:
      return "local_io";
    case BlobErrorCode::kInvalid:
      return "invalid";
  }
  return "unavailable";
}

}  // namespace meet::storage
