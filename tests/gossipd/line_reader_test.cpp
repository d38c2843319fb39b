// Tests for gossipd/src/line_reader.cpp: LF framing in arbitrary chunks and the
// bounded too-long line (gossip.md §7).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>

#include "line_reader.hpp"

namespace gossipd = mailsec::gossipd;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::string name;
    std::vector<std::string> chunks;
    std::string want;  // lines joined by '|', too-long lines as "<long>"
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

const Case cases[] = {
    {"one line", {"Q:a:b:1:U\n"}, "Q:a:b:1:U"},
    {"split", {"Q:a:", "b:1", ":U\n\n"}, "Q:a:b:1:U|"},
    {"crlf kept for the caller", {"F:U:1\r\n"}, "F:U:1\r"},
    {"no lf yet", {"Q:a:b"}, ""},
    {"two in one chunk", {"A\nB\n"}, "A|B"},
    {"exactly 1024", {std::string(1024, 'x') + "\n"}, std::string(1024, 'x')},
    {"too long without lf", {std::string(1100, 'x'), std::string(500, 'y'), "\nQ\n"}, "<long>|Q"},
    {"too long reported once", {std::string(2000, 'x'), std::string(2000, 'x'), "z\nok\n"}, "<long>|ok"},
};

std::string drain(gossipd::LineReader& r) {
    std::string out;
    bool first = true;
    while (auto line = r.next()) {
        out += (first ? "" : "|") + (line->too_long ? std::string("<long>") : line->text);
        first = false;
    }
    return out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(line_reader)

BOOST_DATA_TEST_CASE(frames, bdata::make(cases), c) {
    gossipd::LineReader reader;
    std::string got;
    for (const auto& chunk : c.chunks) {
        reader.append(chunk);
        auto part = drain(reader);
        if (!part.empty()) got += (got.empty() ? "" : "|") + part;
    }
    BOOST_TEST(got == c.want, "got " << got.substr(0, 80) << ", want " << c.want.substr(0, 80));
    BOOST_TEST(reader.buffered() <= 1024u + 1u + 4096u, "buffer grew to " << reader.buffered());
}

BOOST_AUTO_TEST_SUITE_END()
