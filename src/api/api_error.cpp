#include "api/api_error.hpp"

namespace meet::api {

ApiError from_store_error(const store::StoreError& e, const std::string& what) {
  switch (e.code) {
    case store::StoreErrorCode::kNotFound:
      return {404, "not_found", what + " not found"};
    case store::StoreErrorCode::kConflict:
      return {409, "conflict", what + " conflicts"};
    case store::StoreErrorCode::kInvalid:
      return {400, "invalid_field", "value refused"};
    case store::StoreErrorCode::kUnavailable:
      break;
  }
  return {503, "store_unavailable", "the database is unavailable"};
}

}  // namespace meet::api
