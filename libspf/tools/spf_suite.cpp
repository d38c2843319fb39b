// spf-suite FILE.yml...: runs RFC 7208-style YAML conformance suites (spf.md §7).
// Prints one line per failing case and closes with "N passed, N failed".
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "suite.hpp"

namespace {

constexpr const char* usage =
    "usage: spf-suite [--verbose] [--repeat N] FILE.yml...\n"
    "Runs RFC 7208-style SPF test suites against mailsec::spf on a fake DNS built\n"
    "from each scenario's zonedata (rules in docs/spf.md section 7).\n"
    "  --verbose    print every case, not only the failing ones\n"
    "  --repeat N   evaluate every case N times (zones built once) and print\n"
    "               evaluations/s (the time of the evaluations only; every\n"
    "               evaluation makes all its DNS lookups again)\n"
    "  --no-record-cache\n"
    "               parse every record on every evaluation (the checker's\n"
    "               parsed-record cache off)\n"
    "  --help       this text\n"
    "Exit status: 0 when every case passed, 1 on a failure, 2 on a usage or file error.\n";

}  // namespace

int main(int argc, char** argv) {
    using namespace mailsec::spf::suite;
    RunOptions options;
    std::vector<std::string> files;
    for (int i = 1; i < argc; ++i) {
        std::string arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            std::cout << usage;
            return 0;
        } else if (arg == "--verbose" || arg == "-v") {
            options.verbose = true;
        } else if (arg == "--no-record-cache") {
            options.record_cache = false;
        } else if (arg == "--repeat" && i + 1 < argc) {
            options.repeat = std::atoi(argv[++i]);
        } else if (arg.rfind("--repeat=", 0) == 0) {
            options.repeat = std::atoi(arg.c_str() + 9);
        } else if (!arg.empty() && arg[0] == '-') {
            std::cerr << "spf-suite: unknown option " << arg << '\n' << usage;
            return 2;
        } else {
            files.push_back(arg);
        }
    }
    if (files.empty() || options.repeat < 1) {
        std::cerr << usage;
        return 2;
    }
    Totals totals;
    for (const auto& file : files) {
        auto scenarios = load_suite(file);
        if (!scenarios) {
            std::cerr << "spf-suite: " << scenarios.error().message << '\n';
            return 2;
        }
        run_suite(file, *scenarios, options, std::cout, totals);
    }
    if (options.repeat > 1 && totals.seconds > 0)
        std::cout << "evaluations/s: " << static_cast<long>(totals.evaluations / totals.seconds) << '\n';
    std::cout << totals.passed << " passed, " << totals.failed << " failed\n";
    return totals.failed == 0 ? 0 : 1;
}
