// The RFC 7208-style YAML conformance suites (spf.md §7): loading scenarios and
// running their tests against a Checker on a fake-DNS ZoneResolver.
#pragma once

#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/dns/zone_resolver.hpp"
#include "mailsec/spf/checker.hpp"

namespace mailsec::spf::suite {

struct TestCase {
    std::string name;
    std::string host, helo, mailfrom;
    std::vector<std::string> results;        // accepted names; the first is preferred
    std::optional<std::string> explanation;  // exact, when present
};

struct Scenario {
    std::string name;
    std::vector<TestCase> tests;
    std::unique_ptr<dns::ZoneResolver> resolver;  // built once
    std::string zone_error;                       // non-empty: the zone did not load
};

// Reads every `---` document of a suite file. Error code "suite".
core::Result<std::vector<Scenario>> load_suite(const std::string& path);

// The zonedata of a suite file as one zone, for `spfquery --zone`. With an empty
// `scenario`, every scenario's owners are merged; an owner that several scenarios
// define keeps the first scenario's items. Otherwise only the scenario whose name
// (as load_suite names it) is `scenario`, or which has a test of that name.
// Error code "suite" (file, YAML or unknown scenario) or "zone-syntax".
core::Result<dns::Zone> load_zone(const std::string& path, const std::string& scenario = {});

struct Totals {
    int passed = 0, failed = 0, warned = 0;
    long evaluations = 0;
    double seconds = 0;
};

struct RunOptions {
    bool verbose = false;
    int repeat = 1;
    bool record_cache = true;  // Options::record_cache on (the default) or off
};

// Runs every test of the scenarios, printing failures, WARN lines and (verbose)
// every case to `out`; adds to `totals`.
void run_suite(const std::string& file, const std::vector<Scenario>& scenarios, const RunOptions& options,
               std::ostream& out, Totals& totals);

}  // namespace mailsec::spf::suite
