// gossip.md §4 (aggregation) and §5 (assess, trust discount), matching pygossip 0.7
// operation by operation so the doubles are bit-identical to the vectors.
#include "mailsec/gossip/aggregate.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace mailsec::gossip {
namespace {

std::vector<Opinion> unit_weights(std::span<const Opinion> list) {
    std::vector<Opinion> out;
    out.reserve(list.size());
    for (const auto& e : list) out.push_back({e.rep, 1.0});
    return out;
}

int sign(double x) { return (x > 0) - (x < 0); }

}  // namespace

WeightedAverage weighted_average(std::span<const Opinion> list, double offset) {
    if (list.empty()) return {};
    double sumx = 0.0;
    double sumw = 0.0;
    for (const auto& e : list) {
        const double w = e.cfi + offset;
        sumx += w * e.rep;
        sumw += w;
    }
    const auto n = static_cast<double>(list.size());
    if (sumw != 0) return {sumx / sumw, sumw / n - offset};
    return {weighted_average(unit_weights(list)).avg, 0.0};
}

WeightedStats weighted_stats(std::span<const Opinion> list, double offset) {
    if (list.empty()) return {};
    double wsum = 0.0;
    double wsum2 = 0.0;
    double sumw = 0.0;
    for (const auto& e : list) {
        const double w = e.cfi + offset;
        wsum += w * e.rep;
        wsum2 += (w * e.rep) * e.rep;
        sumw += w;
    }
    const auto n = static_cast<double>(list.size());
    if (sumw != 0) {
        const double wmean = wsum / sumw;
        return {wmean, sumw / n - offset, wsum2 / sumw - wmean * wmean};
    }
    const auto unit = weighted_stats(unit_weights(list));
    return {unit.wmean, 0.0, unit.wvar};
}

Opinion aggregate(std::span<const Opinion> list, double offset) {
    const auto n = list.size();
    if (n == 0) return {};
    if (n == 1) return list[0];
    const auto stats = weighted_stats(list, offset);
    std::vector<Opinion> kept;
    if (stats.wvar <= 0) {
        // pygossip drops the offset here: only confident opinions, plain weights.
        std::copy_if(list.begin(), list.end(), std::back_inserter(kept), [](const Opinion& e) { return e.cfi > 0; });
        const auto avg = weighted_average(kept);
        return {avg.avg, avg.meanw};
    }
    const auto nd = static_cast<double>(n);
    const double sd = std::sqrt((stats.wvar * nd) / (nd - 1));
    std::copy_if(list.begin(), list.end(), std::back_inserter(kept),
                 [&](const Opinion& e) { return std::abs(e.rep - stats.wmean) <= 3 * sd; });
    const auto avg = weighted_average(kept, offset);
    return {avg.avg, avg.meanw};
}

std::optional<int> assess(Opinion peer_last, double rep, double cfi) {
    if (!(peer_last.cfi >= 1 && wire_int(cfi) >= 1)) return std::nullopt;
    const int a = sign(peer_last.rep);
    const int b = sign(rep);
    if (a == 0 || b == 0) return 0;
    return a == b ? 1 : -1;
}

double discount(double peer_cfi, double trust) {
    if (trust < 0) return peer_cfi * ((100 + trust) / 100.0);
    return peer_cfi;
}

Opinion clamp_peer_answer(int rep, int cfi) {
    return {static_cast<double>(std::clamp(rep, -100, 100)), static_cast<double>(std::clamp(cfi, 0, 100))};
}

int wire_int(double x) {
    if (std::isnan(x)) return 0;
    constexpr double lo = std::numeric_limits<int>::min();
    constexpr double hi = std::numeric_limits<int>::max();
    return static_cast<int>(std::clamp(std::trunc(x), lo, hi));
}

}  // namespace mailsec::gossip
