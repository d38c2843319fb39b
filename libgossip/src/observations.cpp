// gossip.md §2 (the observation ring) and §3 (reputation, confidence).
#include "mailsec/gossip/observations.hpp"

#include <algorithm>
#include <cmath>

namespace mailsec::gossip {

Record Record::create(int maxobs, double now) {
    Record r;
    r.maxobs = std::clamp(maxobs, 1, max_observations);
    r.firstseen = now;
    r.lastseen = now;
    return r;
}

void Record::vote(Vote v, double now) {
    const auto b = static_cast<std::size_t>(bptr);
    const bool was_ham = ham[b];
    const bool was_null = null[b];
    if (v < 0) {
        hcnt -= (was_ham && !was_null) ? 1 : 0;
        ncnt -= was_null ? 1 : 0;
        ham[b] = false;
        null[b] = false;
    } else if (v > 0) {
        hcnt += (!was_ham || was_null) ? 1 : 0;
        ncnt -= was_null ? 1 : 0;
        ham[b] = true;
        null[b] = false;
    } else {
        // A null keeps the ham bit: the slot counts as neither until overwritten.
        hcnt -= (was_ham && !was_null) ? 1 : 0;
        ncnt += was_null ? 0 : 1;
        null[b] = true;
    }
    bptr = (bptr + 1) % maxobs;
    bcnt = std::min(bcnt + 1, maxobs);
    lastseen = now;
}

double Record::reputation() const { return gossip::reputation(bcnt, hcnt, ncnt); }

double Record::confidence(double now) const { return gossip::confidence(bcnt, maxobs, firstseen, lastseen, now); }

bool Record::consistent() const {
    if (maxobs < 1 || maxobs > max_observations) return false;
    if (bptr < 0 || bptr >= maxobs || bcnt < 0 || bcnt > maxobs) return false;
    const auto live = ham & ~null;
    return static_cast<int>(live.count()) == hcnt && static_cast<int>(null.count()) == ncnt && hcnt + ncnt <= bcnt;
}

double reputation(int bcnt, int hcnt, int ncnt) {
    if (bcnt == 0) return 0.0;
    const double n = static_cast<double>(bcnt);
    const double ph = hcnt / n;
    const double ps = (bcnt - hcnt - ncnt) / n;
    const double num = std::exp(2 * (ph - ps));
    const double den = 1 + std::exp(2 * (ph - ps));
    return 200 * ((num / den) - 0.5);
}

double confidence(int bcnt, int maxobs, double firstseen, double lastseen, double now) {
    if (now <= firstseen) return 0.0;
    const double age = (100.0 * (lastseen - firstseen)) / (now - firstseen);
    return (bcnt / static_cast<double>(maxobs)) * age;
}

double to_seconds(core::Clock::time_point t) { return std::chrono::duration<double>(t.time_since_epoch()).count(); }

}  // namespace mailsec::gossip
