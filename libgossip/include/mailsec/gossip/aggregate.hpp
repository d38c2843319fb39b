// Combining opinions (gossip.md §4) and judging peers (§5): pygossip's weighted
// mean with the 3-sigma outlier drop, the peer trust discount and the agreement
// vote recorded against each peer.
//
//   std::vector<gossip::Opinion> ops{{local_rep, local_cfi}, {76, 3}};
//   gossip::Opinion combined = gossip::aggregate(ops);      // weights are cfi
#pragma once

#include <optional>
#include <span>

namespace mailsec::gossip {

// A reputation with its confidence (the weight in every average).
struct Opinion {
    double rep = 0.0;
    double cfi = 0.0;
};

struct WeightedAverage {
    double avg = 0.0;
    double meanw = 0.0;
};

struct WeightedStats {
    double wmean = 0.0;
    double meanw = 0.0;
    double wvar = 0.0;
};

// §4, in pygossip's summation order; with all weights zero, the plain mean and cfi 0.
WeightedAverage weighted_average(std::span<const Opinion> list, double offset = 0.0);
WeightedStats weighted_stats(std::span<const Opinion> list, double offset = 0.0);

// §4 aggregate: the weighted mean of the opinions within 3 standard deviations; the
// combined cfi is the mean weight. Takes what it is given (clamp peer answers first).
Opinion aggregate(std::span<const Opinion> list, double offset = 0.0);

// §5 assess(peer.last, rep, cfi): -1 disagreement, +1 agreement, 0 a zero on either
// side (null vote), nullopt when either side is not confident enough to vote.
std::optional<int> assess(Opinion peer_last, double rep, double cfi);

// §5 trust discount: a distrusted peer (trust < 0) weighs less; never a boost.
double discount(double peer_cfi, double trust);

// §8: a peer's wire integers clamped to rep [-100, 100], cfi [0, 100].
Opinion clamp_peer_answer(int rep, int cfi);

// §3 "on the wire": C's (int)x, truncation toward zero (-0.99 -> 0, never "-0");
// NaN gives 0 and out-of-range values saturate instead of being undefined.
int wire_int(double x);

}  // namespace mailsec::gossip
