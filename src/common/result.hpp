#pragma once
// Result<T, E>: a value or an error, shaped like C++23 std::expected (C++20 has none).
#include <utility>
#include <variant>

#include "common/assert.hpp"

namespace meet {

template <typename E>
struct Err {
  E error;
};
template <typename E>
Err(E) -> Err<E>;

template <typename E>
Err<E> make_error(E e) {
  return Err<E>{std::move(e)};
}

template <typename T, typename E>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <typename E2>
  Result(Err<E2> e) : v_(std::in_place_index<1>, E(std::move(e.error))) {}  // NOLINT

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    MEET_ASSERT(ok(), "value() on an error Result");
    return std::get<0>(v_);
  }
  const T& value() const& {
    MEET_ASSERT(ok(), "value() on an error Result");
    return std::get<0>(v_);
  }
  T&& value() && {
    MEET_ASSERT(ok(), "value() on an error Result");
    return std::get<0>(std::move(v_));
  }
  const E& error() const {
    MEET_ASSERT(!ok(), "error() on a good Result");
    return std::get<1>(v_);
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, E> v_;
};

// Result<void, E>
struct Ok {};
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(Ok) {}  // NOLINT
  template <typename E2>
  Result(Err<E2> e) : err_(E(std::move(e.error))), has_err_(true) {}  // NOLINT
  bool ok() const { return !has_err_; }
  explicit operator bool() const { return ok(); }
  const E& error() const {
    MEET_ASSERT(has_err_, "error() on a good Result");
    return err_;
  }

 private:
  E err_{};
  bool has_err_ = false;
};

}  // namespace meet
