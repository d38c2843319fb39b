// SpfFilter through milter::testing::Context: every row of milter.md §3.2 step 8's
// decision table (each SPF result × access entry: none, REJECT, OK, and the none →
// neutral fallback), with the exact replies.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <ostream>
#include <string>

#include "harness.hpp"

namespace ms = mailsec;
namespace bdata = boost::unit_test::data;
using ms::milter::Status;
using ms::spfmilter::test::Harness;

namespace {

struct Row {
    std::string name;
    std::string sender;
    std::string access;  // access map text ("" = no map)
    Status status;
    std::string reply;   // expected smtp_reply substring ("" when accepted)
};

std::ostream& operator<<(std::ostream& os, const Row& r) { return os << r.name; }

const std::string kFailExp = "SPF fail: see http://openspf.org/why.html?sender=bob@";

const Row kRows[] = {
    {"pass/no-entry", "bob@pass.example", "", Status::Continue, ""},
    {"pass/REJECT", "bob@pass.example", "SPF-Pass:pass.example REJECT\n", Status::Reject,
     "550 5.7.1 bob@pass.example has been blacklisted by mx.test.invalid."},
    {"pass/OK", "bob@pass.example", "SPF-Pass: OK\n", Status::Continue, ""},
    {"fail/no-entry", "bob@fail.example", "", Status::Reject,
     "550 5.7.1 " + kFailExp + "fail.example&ip=192.0.2.1"},
    {"fail/REJECT", "bob@fail.example", "SPF-Fail: REJECT\n", Status::Reject, "550 5.7.1 " + kFailExp},
    {"fail/OK", "bob@fail.example", "SPF-Fail:fail.example OK\n", Status::Continue, ""},
    {"fail/exp", "bob@failexp.example", "", Status::Reject,
     "550 5.7.1 Mail from failexp.example is refused, see failexp.example/why"},
    {"softfail/no-entry", "bob@softfail.example", "", Status::Continue, ""},
    {"softfail/REJECT", "bob@softfail.example", "SPF-Softfail: REJECT\n", Status::Reject,
     "550 5.7.1 " + kFailExp + "softfail.example&ip=192.0.2.1"},
    {"softfail/OK", "bob@softfail.example", "SPF-Softfail: OK\n", Status::Continue, ""},
    {"neutral/no-entry", "bob@neutral.example", "", Status::Continue, ""},
    {"neutral/REJECT", "bob@neutral.example", "SPF-Neutral: REJECT\n", Status::Reject,
     "550 5.7.1 mx.test.invalid requires an SPF PASS to accept mail from bob@neutral.example. [http://openspf.org]"},
    {"neutral/OK", "bob@neutral.example", "SPF-Neutral: OK\n", Status::Continue, ""},
    {"none/no-entry", "bob@none.example", "", Status::Continue, ""},
    {"none/SPF-None REJECT", "bob@none.example", "SPF-None: REJECT\n", Status::Reject,
     "550 5.7.1 mx.test.invalid requires an SPF PASS to accept mail from bob@none.example. [http://openspf.org]"},
    {"none/falls back to SPF-Neutral", "bob@none.example", "SPF-Neutral: REJECT\n", Status::Reject,
     "requires an SPF PASS"},
    {"none/SPF-None OK wins", "bob@none.example", "SPF-None: OK\nSPF-Neutral: REJECT\n", Status::Continue, ""},
    {"permerror/no-entry", "bob@permerror.example", "", Status::Reject,
     "550-5.5.2 SPF Permanent Error"},
    {"permerror/REJECT", "bob@permerror.example", "SPF-PermError: REJECT\n", Status::Reject,
     "550-5.5.2 There is a fatal syntax error in the SPF record for permerror.example"},
    {"permerror/OK", "bob@permerror.example", "SPF-PermError: OK\n", Status::Continue, ""},
    {"temperror/no-entry", "bob@temperror.example", "", Status::Tempfail, "451 4.3.0 SPF Temporary Error"},
    {"temperror/REJECT", "bob@temperror.example", "SPF-TempError: REJECT\n", Status::Tempfail, "451 4.3.0"},
    {"temperror/OK", "bob@temperror.example", "SPF-TempError: OK\n", Status::Continue, ""},
};

}  // namespace

BOOST_AUTO_TEST_SUITE(filter_decisions)

BOOST_DATA_TEST_CASE(decision_table_row, bdata::make(kRows), row) {
    std::optional<std::string> access;
    if (!row.access.empty()) access = row.access;
    Harness h(ms::spfmilter::test::default_settings(), access);
    auto t = h.session("mx.pass.example");
    auto r = t->envfrom("<" + row.sender + ">");
    BOOST_TEST(r.status == row.status, row.name << ": got " << r.status << ", want " << row.status);
    if (row.reply.empty()) {
        BOOST_TEST(!r.smtp_reply.has_value());
    } else {
        BOOST_REQUIRE(r.smtp_reply.has_value());
        BOOST_TEST(r.smtp_reply->find(row.reply) != std::string::npos,
                   row.name << ": got \"" << *r.smtp_reply << "\", want it to contain \"" << row.reply << "\"");
        BOOST_TEST(!r.reply_ignored);
    }
    auto messages = h.sink->messages();
    if (row.status != Status::Continue) {
        BOOST_REQUIRE_EQUAL(messages.size(), 1u);
        BOOST_TEST(messages[0].find("qid=4TESTQID01") != std::string::npos, messages[0]);
    }
}

BOOST_AUTO_TEST_CASE(permerror_reply_has_three_lines) {
    Harness h;
    auto t = h.session("mx.pass.example");
    auto r = t->envfrom("<bob@permerror.example>");
    BOOST_REQUIRE(r.smtp_reply.has_value());
    BOOST_TEST(r.smtp_reply->find("550 5.5.2 We cannot accept mail from permerror.example until this is corrected.") !=
               std::string::npos, *r.smtp_reply);
}

struct OrderRow {
    std::string access;
    Status status;
    std::string policy;  // the key logged as policy=
};
std::ostream& operator<<(std::ostream& os, const OrderRow& r) { return os << r.access; }

// milter.md §3.4 lookup order through the filter, for bob@sub.deep.example (SPF fail):
// full address, domain, each .parent, the default entry, the bare tag.
const OrderRow kOrder[] = {
    {"SPF-Fail:bob@sub.deep.example OK\nSPF-Fail:sub.deep.example REJECT\n", Status::Continue,
     "spf-fail:bob@sub.deep.example"},
    {"SPF-Fail:sub.deep.example OK\nSPF-Fail:.deep.example REJECT\n", Status::Continue, "spf-fail:sub.deep.example"},
    {"SPF-Fail:.deep.example OK\nSPF-Fail:.example REJECT\n", Status::Continue, "spf-fail:.deep.example"},
    {"SPF-Fail:.example OK\nSPF-Fail: REJECT\n", Status::Continue, "spf-fail:.example"},
    {"SPF-Fail: OK\nSPF-Fail REJECT\n", Status::Continue, "spf-fail:"},
    {"SPF-Fail OK\n", Status::Continue, "spf-fail"},
    {"SPF-Fail:deep.example OK\n", Status::Reject, "default"},  // a bare parent is never tried
    {"SPF-Fail:Bob@Sub.Deep.EXAMPLE OK\n", Status::Continue, "spf-fail:bob@sub.deep.example"},
};

BOOST_DATA_TEST_CASE(lookup_order_through_the_filter, bdata::make(kOrder), row) {
    Harness h(ms::spfmilter::test::default_settings(), row.access);
    auto t = h.session("mx.pass.example");
    auto r = t->envfrom("<Bob@sub.deep.example>");
    BOOST_TEST(r.status == row.status, "got " << r.status << ", want " << row.status);
    t.reset();  // close: the message's log line
    auto m = h.sink->messages();
    BOOST_REQUIRE_EQUAL(m.size(), 1u);
    BOOST_TEST(m[0].find("policy=" + row.policy + " ") != std::string::npos, m[0]);
}

BOOST_AUTO_TEST_CASE(bang_separator_maps) {
    auto s = ms::spfmilter::test::default_settings();
    s.separator = '!';
    Harness h(s, "SPF-Fail!fail.example OK\nSPF-Fail:fail.example REJECT\n");
    BOOST_TEST(h.session("mx.pass.example")->envfrom("<bob@fail.example>").status == Status::Continue);
}

BOOST_AUTO_TEST_SUITE_END()
