// In-process SRS rate: forward+reverse pairs per second with the Guarded scheme,
// the same work bench/srs/pysrs_bench.py gives pysrs.
// The pairs run in 5 rounds and the best round's rate is reported (so is pysrs's):
// on a shared machine the best round is the one least disturbed by other load.
//   usage: bench_srs PAIRS
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "mailsec/core/clock.hpp"
#include "mailsec/srs/scheme.hpp"

namespace srs = mailsec::srs;

int main(int argc, char** argv) {
    long pairs = argc > 1 ? std::atol(argv[1]) : 200000;
    mailsec::core::SystemClock clock;
    srs::Options options;
    options.secrets = {"bench secret"};
    auto scheme = srs::make_scheme(srs::SchemeKind::guarded, options, clock);
    if (!scheme) {
        std::fprintf(stderr, "bench_srs: %s\n", scheme.error().message.c_str());
        return 1;
    }
    constexpr int rounds = 5;
    long failures = 0;
    std::size_t checksum = 0;
    double best = 0, total_seconds = 0;
    for (int round = 0; round < rounds; ++round) {
        long n = pairs / rounds;
        auto start = std::chrono::steady_clock::now();
        for (long i = round * n; i < (round + 1) * n; ++i) {
            std::string sender = "user" + std::to_string(i) + "@example" + std::to_string(i % 97) + ".com";
            auto forwarded = (*scheme)->forward(sender, "forwarder.example.net");
            if (!forwarded) {
                ++failures;
                continue;
            }
            auto back = (*scheme)->reverse(*forwarded);
            if (!back || back->address != sender) ++failures;
            checksum += forwarded->size();
        }
        double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        total_seconds += seconds;
        if (static_cast<double>(n) / seconds > best) best = static_cast<double>(n) / seconds;
    }
    std::printf("mailsec srs pairs: %ld in %.3f s (checksum %zu, failures %ld, best of %d rounds)\n", pairs,
                total_seconds, checksum, failures, rounds);
    std::printf("mailsec srs pairs/s: %.0f\n", best);
    return failures == 0 ? 0 : 1;
}
