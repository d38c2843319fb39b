// Shared fixtures of the libsrs tests: the T0 of the vectors (2024-01-15, "IZ") and
// option builders.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/srs/error.hpp"
#include "mailsec/srs/options.hpp"

namespace srs_test {

inline constexpr std::int64_t t0 = 1705320000;  // srs.md §2: day 19737, stamp IZ
inline constexpr std::int64_t day = 86400;

inline mailsec::core::Clock::time_point at(std::int64_t unix_time) {
    return mailsec::core::Clock::time_point{std::chrono::seconds{unix_time}};
}

inline mailsec::srs::Options options(std::vector<std::string> secrets = {"shhhh!"}) {
    mailsec::srs::Options o;
    o.secrets = std::move(secrets);
    return o;
}

// "ok:<value>" or "error:<code>", so one table column holds either.
template <typename R, typename F>
std::string outcome(const R& r, F value) {
    return r ? "ok:" + value(*r) : "error:" + r.error().code;
}

}  // namespace srs_test
