// load_stats: what a milter_load run measures and how it is reported. Each
// connection's thread fills its own Stats (per-message latency in milliseconds,
// the count of each final reply and of each modification action read at EOM, and
// the errors that ended it); main merges them and report() prints the summary
// lines (messages, seconds, messages/s, nearest-rank p50/p99 and max latency,
// final reply counts, action counts, error count) on stdout.
#pragma once

#include <array>
#include <string>
#include <vector>

namespace milter_bench {

enum class Final { Accept, Continue, Reject, Tempfail, Discard, kCount };
constexpr std::array<const char*, 5> kFinalName = {"accept", "continue", "reject", "tempfail", "discard"};
enum class Action { AddHeader, InsHeader, ChgHeader, ReplBody, AddRcpt, DelRcpt, ChgFrom, Quarantine, Progress, kCount };
constexpr std::array<const char*, 9> kActionName = {"addheader", "insheader", "chgheader", "replbody", "addrcpt",
                                                    "delrcpt", "chgfrom", "quarantine", "progress"};

struct Stats {
    std::vector<double> latency_ms;
    std::array<long, static_cast<int>(Final::kCount)> finals{};
    std::array<long, static_cast<int>(Action::kCount)> actions{};
    std::vector<std::string> errors;

    void merge(const Stats& o);
};

// Nearest-rank percentile of an ascending vector (0 when empty).
double percentile(const std::vector<double>& sorted, double p);

// Sorts total's latencies and prints the summary for a run against `socket`.
void report(const std::string& socket, int connections, Stats& total, double seconds);

}  // namespace milter_bench
