// load_stats: merging of per-connection statistics, the nearest-rank percentile
// and the report milter_load prints on stdout; its line format is what
// bench/milter/run and the tests read, so it must stay as it is.
#include "load_stats.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>

namespace milter_bench {

void Stats::merge(const Stats& o) {
    latency_ms.insert(latency_ms.end(), o.latency_ms.begin(), o.latency_ms.end());
    for (std::size_t i = 0; i < finals.size(); ++i) finals[i] += o.finals[i];
    for (std::size_t i = 0; i < actions.size(); ++i) actions[i] += o.actions[i];
    errors.insert(errors.end(), o.errors.begin(), o.errors.end());
}

double percentile(const std::vector<double>& sorted, double p) {
    if (sorted.empty()) return 0;
    auto rank = static_cast<std::size_t>(std::ceil(p * static_cast<double>(sorted.size())));  // nearest rank
    return sorted[std::clamp<std::size_t>(rank, 1, sorted.size()) - 1];
}

void report(const std::string& socket, int connections, Stats& total, double seconds) {
    std::sort(total.latency_ms.begin(), total.latency_ms.end());
    auto n = static_cast<double>(total.latency_ms.size());
    std::printf("milter_load: socket %s, %d connection(s)\n", socket.c_str(), connections);
    std::printf("messages: %.0f\nseconds: %.3f\nmessages/s: %.1f\n", n, seconds, seconds > 0 ? n / seconds : 0.0);
    std::printf("p50_ms: %.3f\np99_ms: %.3f\nmax_ms: %.3f\n", percentile(total.latency_ms, 0.50),
                percentile(total.latency_ms, 0.99), total.latency_ms.empty() ? 0.0 : total.latency_ms.back());
    for (std::size_t i = 0; i < kFinalName.size(); ++i) std::printf("%s: %ld\n", kFinalName[i], total.finals[i]);
    std::printf("actions:");
    for (std::size_t i = 0; i < kActionName.size(); ++i) std::printf(" %s=%ld", kActionName[i], total.actions[i]);
    std::printf("\nerrors: %zu\n", total.errors.size());
}


}  // namespace milter_bench
