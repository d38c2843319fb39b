// Tests for libdaemon/src/log.cpp: record format (quoting, escaping), the stream
// sink's line layout, thresholds, and concurrent writers never interleaving.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <mutex>
#include <ostream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "mailsec/daemon/log.hpp"

namespace md = mailsec::daemon;
namespace bdata = boost::unit_test::data;

namespace {

struct FieldCase {
    std::string name;
    std::string value;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const FieldCase& c) { return os << c.name; }

const FieldCase field_cases[] = {
    {"plain", "bob@example.com", "bob@example.com"},
    {"empty", "", "\"\""},
    {"space", "550 5.7.1", "\"550 5.7.1\""},
    {"equals", "a=b", "\"a=b\""},
    {"quote", "say \"hi\"", "\"say \\\"hi\\\"\""},
    {"newline", "a\nb", "a\\nb"},
    {"cr tab", "a\r\tb", "a\\r\\tb"},
    {"nul and esc", std::string("a\0b\x1b", 4), "a\\x00b\\x1b"},
    {"del", "x\x7fy", "x\\x7fy"},
    {"backslash", "c:\\x", "c:\\\\x"},
    {"utf-8 kept", "caf\xc3\xa9", "caf\xc3\xa9"},
    {"control with space", "a b\n", "\"a b\\n\""},
};

// Collects records for tests.
class Capture final : public md::LogSink {
public:
    void write(md::Severity s, std::string_view record) override {
        std::lock_guard lock(mutex);
        lines.push_back(std::string(md::severity_name(s)) + ": " + std::string(record));
    }
    std::mutex mutex;
    std::vector<std::string> lines;
};

}  // namespace

BOOST_AUTO_TEST_SUITE(logger)

BOOST_DATA_TEST_CASE(field_values, bdata::make(field_cases), c) {
    std::string got = md::format_field_value(c.value);
    BOOST_TEST(got == c.want, c.name << ": got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(record_layout) {
    std::string got = md::format_record(
        "message rejected",
        {{"qid", "NOQUEUE"}, {"port", 25}, {"dry", true}, {"reply", "550 5.7.1"}, {"size", std::size_t{7}}});
    std::string want = "message rejected qid=NOQUEUE port=25 dry=true reply=\"550 5.7.1\" size=7";
    BOOST_TEST(got == want, "got " << got << ", want " << want);
    BOOST_TEST(md::format_record("two\nlines", {}) == "two\\nlines");
}

BOOST_AUTO_TEST_CASE(stream_line_format) {
    std::ostringstream out;
    auto clock = std::make_shared<mailsec::core::ManualClock>(
        mailsec::core::Clock::time_point{std::chrono::milliseconds{1'700'000'000'123}});
    auto log = md::Logger::to_stream(out, md::Severity::info, "srsd", clock);
    log.warning("cannot reload", {{"file", "/etc/x"}});
    std::string want =
        "2023-11-14T22:13:20.123Z srsd[" + std::to_string(::getpid()) + "]: warning: cannot reload file=/etc/x\n";
    BOOST_TEST(out.str() == want, "got " << out.str() << "want " << want);
}

BOOST_AUTO_TEST_CASE(stream_without_name) {
    std::ostringstream out;
    auto clock = std::make_shared<mailsec::core::ManualClock>();
    md::Logger::to_stream(out, md::Severity::debug, "", clock).fatal("bad config");
    BOOST_TEST(out.str() == "1970-01-01T00:00:00.000Z fatal: bad config\n", "got " << out.str());
}

BOOST_AUTO_TEST_CASE(threshold_filters) {
    auto sink = std::make_shared<Capture>();
    auto log = md::Logger::to_sink(sink, md::Severity::warning);
    log.debug("d");
    log.info("i");
    log.warning("w");
    log.error("e");
    log.fatal("f");
    std::vector<std::string> want{"warning: w", "error: e", "fatal: f"};
    BOOST_TEST(sink->lines == want, "got " << sink->lines.size() << " lines, want 3");
    BOOST_TEST(!log.enabled(md::Severity::info));
    auto verbose = log.with_threshold(md::Severity::debug);
    verbose.debug("now");
    BOOST_TEST(sink->lines.back() == "debug: now");
}

BOOST_AUTO_TEST_CASE(severity_names) {
    md::Severity s = md::Severity::debug;
    BOOST_TEST(md::parse_severity("WARN", s));
    BOOST_TEST((s == md::Severity::warning));
    BOOST_TEST(md::parse_severity("error", s));
    BOOST_TEST((s == md::Severity::error));
    BOOST_TEST(!md::parse_severity("loud", s));
}

BOOST_AUTO_TEST_CASE(concurrent_lines_stay_whole) {
    std::ostringstream out;
    auto log = md::Logger::to_stream(out, md::Severity::info, "t", std::make_shared<mailsec::core::SystemClock>());
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 200; ++i) log.info("tick", {{"thread", t}, {"i", i}, {"pad", std::string(40, 'x')}});
        });
    for (auto& th : threads) th.join();
    std::istringstream lines(out.str());
    int count = 0;
    for (std::string line; std::getline(lines, line); ++count)
        BOOST_TEST_REQUIRE(line.find(": info: tick thread=") != std::string::npos, "torn line: " << line);
    BOOST_TEST(count == 800, "got " << count << " lines, want 800");
}

BOOST_AUTO_TEST_SUITE_END()
