// Day stamps and hashes (srs.md §2).
#include "mailsec/srs/codec.hpp"

#include "hmac.hpp"
#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs {
namespace {

constexpr std::string_view base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

int base32_index(char c) noexcept {
    auto pos = base32.find(core::ascii_upper(c));
    return pos == std::string_view::npos ? -1 : static_cast<int>(pos);
}

std::int64_t day_of(std::int64_t unix_time) noexcept {
    std::int64_t day = unix_time / seconds_per_day;
    if (unix_time % seconds_per_day < 0) --day;  // floor, also before 1970
    return day;
}

}  // namespace

std::int64_t unix_seconds(core::Clock::time_point t) noexcept {
    return std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
}

std::string timestamp_at(std::int64_t unix_time) {
    auto day = day_of(unix_time);
    return {base32[static_cast<std::size_t>((day >> 5) & 31)], base32[static_cast<std::size_t>(day & 31)]};
}

core::Result<int> timestamp_age(std::string_view tt, std::int64_t unix_time) {
    int hi = tt.size() == 2 ? base32_index(tt[0]) : -1;
    int lo = tt.size() == 2 ? base32_index(tt[1]) : -1;
    if (hi < 0 || lo < 0)
        return make_error(ErrorKind::bad_timestamp, "invalid timestamp '" + std::string(tt) + "'");
    auto today = static_cast<int>(((day_of(unix_time) % timestamp_cycle_days) + timestamp_cycle_days) %
                                  timestamp_cycle_days);
    return ((today - (hi * 32 + lo)) % timestamp_cycle_days + timestamp_cycle_days) % timestamp_cycle_days;
}

std::string hash_fields(std::string_view secret, std::initializer_list<std::string_view> fields, int length) {
    std::string message;
    for (auto f : fields) message += core::to_lower(f);
    auto b64 = detail::base64_unpadded(detail::Hmac(secret).digest({message}));
    return b64.substr(0, static_cast<std::size_t>(length < 0 ? 0 : length));
}

}  // namespace mailsec::srs
