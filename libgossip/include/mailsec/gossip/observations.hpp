// The GOSSiP observation record (gossip.md §2) and the pygossip reputation and
// confidence formulas (§3). One Record per qualified identity ("example.com:SPF").
//
//   gossip::Record r = gossip::Record::create(1024, now);   // created by its first vote
//   r.vote(-1, now);                                          // spam
//   double rep = r.reputation(), cfi = r.confidence(now + 60);
#pragma once

#include <bitset>
#include <chrono>
#include <cstddef>

#include "mailsec/core/clock.hpp"

namespace mailsec::gossip {

// The ring never holds more than this many verdicts (§2; 128-byte blobs in the store).
inline constexpr int max_observations = 1024;

// A verdict for Record::vote: > 0 ham, < 0 spam, 0 null (only peer assessment votes null).
using Vote = int;

struct Record {
    int maxobs = max_observations;  // ring size, 1..1024
    int bptr = 0;                   // next slot
    int bcnt = 0;                   // slots used, at most maxobs
    int hcnt = 0;                   // popcount(ham & ~null)
    int ncnt = 0;                   // popcount(null)
    double firstseen = 0.0;         // creation time (Unix seconds)
    double lastseen = 0.0;          // time of the last vote
    std::bitset<max_observations> ham;
    std::bitset<max_observations> null;

    // An empty record; maxobs outside 1..1024 is clamped into range.
    static Record create(int maxobs, double now);

    // §2 vote(v): updates the slot at bptr and the counters, advances the ring.
    void vote(Vote v, double now);

    double reputation() const;
    double confidence(double now) const;

    // §2 invariant: counters equal the popcounts, 0 <= bptr < maxobs, hcnt + ncnt <= bcnt.
    bool consistent() const;
};

// §3, evaluated exactly in pygossip's order (build with -ffp-contract=off).
double reputation(int bcnt, int hcnt, int ncnt);
double confidence(int bcnt, int maxobs, double firstseen, double lastseen, double now);

// The clock as pygossip's time.time(): Unix seconds as a double.
double to_seconds(core::Clock::time_point t);

}  // namespace mailsec::gossip
