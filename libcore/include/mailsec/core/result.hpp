// mailsec::core::Result<T> — a value or an error, for failures that are expected
// (bad input, lookups that fail, files that do not parse). Exceptions are kept for
// broken invariants and start-up.
//
//   core::Result<int> parse_port(std::string_view s);
//   auto port = parse_port("25");
//   if (!port) std::cerr << port.error().message << '\n';
//   else use(*port);
#pragma once

#include <cassert>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace mailsec::core {

// An error: a short machine-readable code ("invalid-name", "timeout", ...) and a
// human-readable message suitable for logs and error replies.
struct Error {
    std::string code;
    std::string message;
};

inline Error make_error(std::string code, std::string message) {
    return Error{std::move(code), std::move(message)};
}

// Thrown only when a caller reads the value of a Result that holds an error: a bug.
class BadResultAccess : public std::logic_error {
public:
    explicit BadResultAccess(const Error& e)
        : std::logic_error("value() of an error Result: " + e.code + ": " + e.message) {}
};

template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : data_(std::in_place_index<0>, std::move(value)) {}        // NOLINT(google-explicit-constructor)
    Result(Error error) : data_(std::in_place_index<1>, std::move(error)) {}    // NOLINT(google-explicit-constructor)

    bool ok() const noexcept { return data_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { check(); return std::get<0>(data_); }
    const T& value() const& { check(); return std::get<0>(data_); }
    T&& value() && { check(); return std::get<0>(std::move(data_)); }

    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T&& operator*() && { return std::move(*this).value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const {
        if (ok()) throw std::logic_error("error() of a Result holding a value");
        return std::get<1>(data_);
    }

    template <typename U>
    T value_or(U&& fallback) const& {
        return ok() ? std::get<0>(data_) : static_cast<T>(std::forward<U>(fallback));
    }

private:
    void check() const {
        if (!ok()) throw BadResultAccess(std::get<1>(data_));
    }
    std::variant<T, Error> data_;
};

// Result<void>: success or an error.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT(google-explicit-constructor)

    bool ok() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    const Error& error() const {
        if (ok_) throw std::logic_error("error() of a Result holding a value");
        return error_;
    }

private:
    Error error_;
    bool ok_ = true;
};

using Status = Result<void>;

}  // namespace mailsec::core
