// Shared fixtures of the srsd tests: Maps over a frozen clock at the vectors' T0
// (2024-01-15, stamp IZ) with pysrs's check secret, and a '*' pattern match for
// values that hold a fresh signature.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <sstream>
#include <string>
#include <string_view>

#include "config.hpp"
#include "maps.hpp"
#include "mailsec/core/clock.hpp"
#include "schemes.hpp"

namespace srsd_test {

inline constexpr std::int64_t t0 = 1705320000;
inline constexpr std::int64_t day = 86400;

inline mailsec::srsd::MapSettings map_settings() {
    return {.fwdomain = "second.com",
            .domains = {"local.example", ".sub.example"},
            .ses = {"ses.example"},
            .sign = {"sign.example"},
            .nosrs = {"relay.local"},
            .always_rewrite = false};
}

// Maps plus the clock and log stream they use.
struct MapsFixture {
    explicit MapsFixture(std::int64_t now = t0, mailsec::srsd::MapSettings ms = map_settings())
        : clock(std::make_shared<mailsec::core::ManualClock>(
              mailsec::core::Clock::time_point{std::chrono::seconds{now}})) {
        mailsec::srsd::Settings s;
        s.maps = ms;
        auto schemes = mailsec::srsd::make_schemes(s, {"shhhh!"}, *clock).value();
        auto log = mailsec::daemon::Logger::to_stream(log_text, mailsec::daemon::Severity::debug, "srsd", clock);
        maps = std::make_unique<mailsec::srsd::Maps>(std::move(ms), std::move(schemes), log);
    }
    void at(std::int64_t now) { clock->set(mailsec::core::Clock::time_point{std::chrono::seconds{now}}); }
    std::string payload(std::string_view map, std::string_view key) {
        return mailsec::srsd::socketmap_payload(maps->lookup(map, key));
    }

    std::shared_ptr<mailsec::core::ManualClock> clock;
    std::ostringstream log_text;
    std::unique_ptr<mailsec::srsd::Maps> maps;
};

// '*' matches any run of bytes; everything else literally.
inline bool matches(std::string_view pattern, std::string_view text) {
    auto star = pattern.find('*');
    if (star == std::string_view::npos) return pattern == text;
    if (text.substr(0, star) != pattern.substr(0, star)) return false;
    auto rest = pattern.substr(star + 1);
    for (std::size_t i = star; i <= text.size(); ++i)
        if (matches(rest, text.substr(i))) return true;
    return false;
}

}  // namespace srsd_test
