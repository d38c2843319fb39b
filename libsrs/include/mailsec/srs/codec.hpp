// The building blocks of SRS (srs.md §2): the 2-character day stamp and the
// truncated base64 HMAC-SHA1 hash. The schemes use them; they are public so tools and
// tests can check them against the vectors (ts-*, hm-*).
//
//   srs::timestamp_at(1705320000);                                 // "IZ"
//   srs::hash_fields("shhhh!", {"IZ", "orig.com", "mouse"}, 4);    // "VPFz"
//   srs::timestamp_age("IZ", 1707134400);                          // 21 (days)
#pragma once

#include <chrono>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>

#include "mailsec/core/clock.hpp"
#include "mailsec/core/result.hpp"

namespace mailsec::srs {

inline constexpr std::int64_t seconds_per_day = 86400;
inline constexpr int timestamp_cycle_days = 1024;  // 10 bits of base32
inline constexpr int max_hash_length = 27;         // unpadded base64 of a SHA-1 digest

// Whole seconds since the Unix epoch, rounded down.
std::int64_t unix_seconds(core::Clock::time_point t) noexcept;

// TT for the day holding `unix_time`: B32[(day >> 5) & 31] B32[day & 31].
std::string timestamp_at(std::int64_t unix_time);

// Days from the stamp to `unix_time`, modulo 1024. BadTimestamp unless `tt` is exactly
// two characters of the base32 alphabet (after ASCII upper-casing).
core::Result<int> timestamp_age(std::string_view tt, std::int64_t unix_time);

// The first `length` (1..27) characters of base64(HMAC-SHA1(secret, lower(f1 f2 ...))).
std::string hash_fields(std::string_view secret, std::initializer_list<std::string_view> fields, int length);

}  // namespace mailsec::srs
