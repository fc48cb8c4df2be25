// One error model for every module boundary: a [[nodiscard]] Result<T> that holds
// either a value or an Error a person can act on (what, where, why, what to do).
//
//   Result<int> r = ParseCount(text);
//   if (!r) return r.error();        // propagate
//   int n = *r;
//
// Exceptions are for bugs only; C library return codes are wrapped once, where the
// library is called, into an Error.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace sparkpm {

// Describes a failure for a human: what happened, where (file:line or bundle path),
// why, and what to do about it. Only `what` is required.
struct Error {
  std::string what;
  std::string where;
  std::string why;
  std::string help;

  // Renders "where: what: why (help)" leaving out empty parts.
  std::string ToString() const;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<0>(v_); }
  T&& value() && { return std::get<0>(std::move(v_)); }
  const T& value() const& { return std::get<0>(v_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error)
      : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return error_; }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

inline Status Ok() { return {}; }

}  // namespace sparkpm
