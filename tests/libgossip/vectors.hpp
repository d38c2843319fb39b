// Loads ../shared/gossip/gossip-vectors.tsv at run time (gossip.md §10) for the
// table-driven tests, and parses its value syntax: name=value items, vote specs
// ("-*100,+*3,0"), rep:cfi data lists and shortest-round-trip doubles.
#pragma once

#include <bitset>
#include <map>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/gossip/aggregate.hpp"

namespace gossip_test {

inline constexpr double t0 = 1000000000.0;

struct Row {
    std::string kind;  // empty: the placeholder when the shared directory is absent
    std::string name;
    std::string input;
    std::string expected;
    int line = 0;
};

std::ostream& operator<<(std::ostream& os, const Row& row);

// Every row of `kind`, or one placeholder row (kind "") when the file is absent, so a
// data test case always has a sample; tests call skip_if_placeholder first.
std::vector<Row> rows(std::string_view kind);
// All rows (empty when the file is absent); false in `found` when it is absent.
std::vector<Row> all_rows(bool& found);
bool skip_if_placeholder(const Row& row);

// name=value items; values may be single-quoted (quotes removed).
std::map<std::string, std::string> items(std::string_view text);
double number(std::string_view text);           // exact double, throws on junk
std::vector<int> votes(std::string_view spec);  // + ham (1), - spam (-1), 0 null
std::vector<mailsec::gossip::Opinion> opinions(std::string_view text);
std::string hex(const std::bitset<1024>& bits);  // bit i = slot i, no leading zeros
std::string show(double x);                      // %.17g for "got X, want Y"

}  // namespace gossip_test
