// The clock seam. Libraries never read the time themselves: SRS timestamps, GOSSiP
// confidence, cache expiry and SPF's %{t} all ask a Clock that the caller passes in,
// so tests can freeze or step time.
//
//   core::ManualClock clock(std::chrono::sys_seconds{std::chrono::seconds{1'700'000'000}});
//   cache.lookup(...);  clock.advance(std::chrono::seconds{301});  // entry now expired
#pragma once

#include <atomic>
#include <chrono>

namespace mailsec::core {

class Clock {
public:
    using time_point = std::chrono::system_clock::time_point;
    virtual ~Clock() = default;
    virtual time_point now() const = 0;
};

class SystemClock final : public Clock {
public:
    time_point now() const override { return std::chrono::system_clock::now(); }
};

// A clock that moves only when told to; safe to read from many threads.
class ManualClock final : public Clock {
public:
    explicit ManualClock(time_point start = time_point{}) : ticks_(start.time_since_epoch().count()) {}
    time_point now() const override {
        return time_point{time_point::duration{ticks_.load(std::memory_order_acquire)}};
    }
    void set(time_point t) { ticks_.store(t.time_since_epoch().count(), std::memory_order_release); }
    void advance(time_point::duration d) { ticks_.fetch_add(d.count(), std::memory_order_acq_rel); }

private:
    std::atomic<time_point::rep> ticks_;
};

}  // namespace mailsec::core
