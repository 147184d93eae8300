#pragma once
// ApiError: what a handler answers when it refuses a request. Codes are stable and listed in
// docs/api.md ("Errors"); messages are for humans and may change.
#include <string>

#include "common/result.hpp"
#include "http/response.hpp"
#include "store/store_error.hpp"

namespace meet::api {

struct ApiError {
  int status = 400;
  std::string code;
  std::string message;

  http::Response to_response() const { return http::Response::error(status, code, message); }
};

template <typename T>
using ApiResult = Result<T, ApiError>;

inline Err<ApiError> api_error(int status, std::string code, std::string message) {
  return Err<ApiError>{ApiError{status, std::move(code), std::move(message)}};
}

// Maps a store failure: kNotFound -> 404 not_found, kConflict -> 409 conflict, kInvalid ->
// 400 invalid_field, kUnavailable -> 503 store_unavailable. `what` names the resource.
ApiError from_store_error(const store::StoreError& e, const std::string& what);

}  // namespace meet::api
