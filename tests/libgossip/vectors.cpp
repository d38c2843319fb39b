// The vector file reader shared by the libgossip suites (gossip.md §10).
#include "vectors.hpp"

#include <bitset>
#include <boost/test/unit_test.hpp>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <stdexcept>

#include "support/paths.hpp"

namespace gossip_test {

std::ostream& operator<<(std::ostream& os, const Row& row) {
    return os << row.kind << " " << row.name << " (line " << row.line << ")";
}

std::vector<Row> all_rows(bool& found) {
    std::vector<Row> out;
    found = false;
    const auto dir = mailsec::testing::shared_dir();
    if (!dir) return out;
    std::ifstream in(*dir / "gossip" / "gossip-vectors.tsv");
    if (!in) return out;
    found = true;
    std::string line;
    for (int n = 1; std::getline(in, line); ++n) {
        if (line.empty() || line[0] == '#') continue;
        Row row;
        row.line = n;
        std::size_t p = 0;
        std::string* cols[] = {&row.kind, &row.name, &row.input, &row.expected};
        for (int c = 0; c < 4; ++c) {
            const auto tab = c < 3 ? line.find('\t', p) : std::string::npos;
            *cols[c] = line.substr(p, tab == std::string::npos ? std::string::npos : tab - p);
            p = tab == std::string::npos ? line.size() : tab + 1;
        }
        out.push_back(std::move(row));
    }
    return out;
}

std::vector<Row> rows(std::string_view kind) {
    bool found = false;
    std::vector<Row> out;
    for (auto& row : all_rows(found))
        if (row.kind == kind) out.push_back(std::move(row));
    if (out.empty()) out.push_back(Row{});
    return out;
}

bool skip_if_placeholder(const Row& row) {
    if (!row.kind.empty()) return false;
    BOOST_TEST_MESSAGE("skipped: ../shared/gossip/gossip-vectors.tsv not found (set MAILSEC_SHARED_DIR)");
    BOOST_CHECK(true);
    return true;
}

std::map<std::string, std::string> items(std::string_view text) {
    std::map<std::string, std::string> out;
    std::size_t p = 0;
    while (p < text.size()) {
        if (text[p] == ' ') {
            ++p;
            continue;
        }
        const auto eq = text.find('=', p);
        if (eq == std::string_view::npos) break;
        std::string name(text.substr(p, eq - p));
        p = eq + 1;
        std::size_t end = 0;
        if (p < text.size() && text[p] == '\'') {
            end = text.find('\'', p + 1);
            out[name] = std::string(text.substr(p + 1, end - p - 1));
            p = end + 1;
        } else {
            end = std::min(text.find(' ', p), text.size());
            out[name] = std::string(text.substr(p, end - p));
            p = end;
        }
    }
    return out;
}

double number(std::string_view text) {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text.empty() || ec != std::errc{} || end != text.data() + text.size())
        throw std::invalid_argument("not a number: " + std::string(text));
    return v;
}

std::vector<int> votes(std::string_view spec) {
    std::vector<int> out;
    while (!spec.empty()) {
        const auto comma = std::min(spec.find(','), spec.size());
        const std::string_view item = spec.substr(0, comma);
        spec.remove_prefix(std::min(comma + 1, spec.size()));
        const int v = item[0] == '+' ? 1 : item[0] == '-' ? -1 : 0;
        const auto star = item.find('*');
        const int times = star == std::string_view::npos ? 1 : static_cast<int>(number(item.substr(star + 1)));
        out.insert(out.end(), static_cast<std::size_t>(times), v);
    }
    return out;
}

std::vector<mailsec::gossip::Opinion> opinions(std::string_view text) {
    std::vector<mailsec::gossip::Opinion> out;
    while (!text.empty()) {
        const auto comma = std::min(text.find(','), text.size());
        const std::string_view pair = text.substr(0, comma);
        text.remove_prefix(std::min(comma + 1, text.size()));
        const auto colon = pair.find(':');
        out.push_back({number(pair.substr(0, colon)), number(pair.substr(colon + 1))});
    }
    return out;
}

std::string hex(const std::bitset<1024>& bits) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    for (int nib = 1024 / 4 - 1; nib >= 0; --nib) {
        int v = 0;
        for (int b = 3; b >= 0; --b) v = v * 2 + (bits[static_cast<std::size_t>(nib * 4 + b)] ? 1 : 0);
        if (out.empty() && v == 0) continue;
        out.push_back(digits[v]);
    }
    return out.empty() ? "0" : out;
}

std::string show(double x) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", x);
    return buf;
}

}  // namespace gossip_test
