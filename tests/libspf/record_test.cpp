// Tests for libspf/src/record.cpp and libspf/src/directive.cpp: the whole-record
// syntax check (RFC 7208 §4.6, §5, §6, §12; spf.md §3 "Record syntax").
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/spf/record.hpp"

namespace spf = mailsec::spf;
namespace bdata = boost::unit_test::data;

namespace {
struct SyntaxCase {
    std::string record;
    std::string want_error;  // empty: valid; else the reason
};
std::ostream& operator<<(std::ostream& os, const SyntaxCase& c) { return os << "'" << c.record << "'"; }

const SyntaxCase syntax_cases[] = {
    {"v=spf1", ""},
    {"V=SpF1 -ALL", ""},
    {"v=spf1  a  -all ", ""},
    {"v=spf1 -all moo", "Unknown mechanism found"},
    {"v=spf1 -all ip6", "Missing argument"},
    {"v=spf1 ip4:192.0.2.5\n include:example.com", "Invalid IP4 address"},
    {"v=spf1 a:ctrl.example.com\rptr -all", "Invalid domain found"},
    {"v=spf1 moo.cow-far_out=man:dog/cat ip4:1.2.3.4 -all", ""},
    {"v=spf1 moo.cow/far_out=man:dog/cat -all", "Unknown mechanism found"},
    {"v=spf1 moo.cow:far_out=man:dog/cat -all", "Unknown mechanism found"},
    {"v=spf1 1up=foo", "Unknown mechanism found"},
    {"v=spf1 =all", "Unknown mechanism found"},
    {"v=spf1 redirect:example.com", "Unknown mechanism found"},
    {"v=spf1 redirect=a.com redirect=b.com", "Duplicate redirect modifier"},
    {"v=spf1 exp=a.com EXP=b.com", "Duplicate exp modifier"},
    {"v=spf1 foo=%abc", "Invalid modifier value"},
    {"v=spf1 default=deny", ""},
    {"v=spf1 exp=", "Invalid domain found"},
    {"v=spf1 exp=-all", "Invalid domain found"},
    {"v=spf1 exp=%{r}.example.com", "Invalid domain found"},
    {"v=spf1 redirect=", "Invalid domain found"},
    {"v=spf1 a:foo-bar -all", "Invalid domain found"},
    {"v=spf1 a:example.com:8080", "Invalid domain found"},
    {"v=spf1 a:111.222.33.44", "Invalid domain found"},
    {"v=spf1 a:abc.123", "Invalid domain found"},
    {"v=spf1 a:museum", "Invalid domain found"},
    {"v=spf1 a:foo:bar/baz.example.com", ""},
    {"v=spf1 a:", "Invalid domain found"},
    {"v=spf1 mx:", "Invalid domain found"},
    {"v=spf1 ptr:", "Invalid domain found"},
    {"v=spf1 include:", "Invalid domain found"},
    {"v=spf1 exists:", "Invalid domain found"},
    {"v=spf1 a/33", "Invalid CIDR length"},
    {"v=spf1 a//129", "Invalid CIDR length"},
    {"v=spf1 a/24/64", "Invalid CIDR length"},
    {"v=spf1 mx/032", "Invalid CIDR length"},
    {"v=spf1 a/24//64 mx:example.com/0//0", ""},
    {"v=spf1 all.", "Unknown mechanism found"},
    {"v=spf1 all:x", "Unknown mechanism found"},
    {"v=spf1 all/8", "Unknown mechanism found"},
    {"v=spf1 include", "Missing argument"},
    {"v=spf1 include:ip5.example.com/24", "Invalid domain found"},
    {"v=spf1 exists", "Missing argument"},
    {"v=spf1 exists:example.com/24", "Invalid domain found"},
    {"v=spf1 ptr/0", "Unknown mechanism found"},
    {"v=spf1 ip4:1.2.3.4/33", "Invalid CIDR length"},
    {"v=spf1 ip4:1.2.3.4/032", "Invalid CIDR length"},
    {"v=spf1 ip4", "Missing argument"},
    {"v=spf1 ip4:1.2.3.4:8080", "Invalid IP4 address"},
    {"v=spf1 ip4:1.2.3", "Invalid IP4 address"},
    {"v=spf1 ip4:1.2.3.4//32", "Invalid CIDR length"},
    {"v=spf1 ip6:::1/129", "Invalid CIDR length"},
    {"v=spf1 ip6:::1//33", "Invalid CIDR length"},
    {"v=spf1 ip6::CAFE::BABE", "Invalid IP6 address"},
    {"v=spf1 ip6:CAFE:BABE::192.168.218.40/64 ip4:1.2.3.4/0", ""},
    {"v=spf1 \x80" "a:example.net -all", "Non-ASCII characters found"},
    {std::string("v=spf1 a:example.com\0", 21), "Invalid domain found"},
    {"v=spf1 -a:%{d} ~mx:%{d2}.example.com ?ptr +exists:%{ir}.%{v}._spf.%{d}", ""},
    {"v=spf1 a:%{a}.example.com", "Invalid domain found"},
    {"v=spf1mx", "Not an SPF record"},
    {"v=spf10", "Not an SPF record"},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(record)

BOOST_DATA_TEST_CASE(syntax, bdata::make(syntax_cases), c) {
    auto parsed = spf::parse_record(c.record);
    std::string got = parsed ? "" : parsed.error->reason;
    BOOST_TEST(got == c.want_error, "got '" << got << "', want '" << c.want_error << "'");
}

BOOST_AUTO_TEST_CASE(is_spf_record) {
    BOOST_TEST(spf::is_spf_record("v=spf1"));
    BOOST_TEST(spf::is_spf_record("V=SPF1 -all"));
    BOOST_TEST(!spf::is_spf_record("v=spf1mx"));
    BOOST_TEST(!spf::is_spf_record("v=spf10"));
    BOOST_TEST(!spf::is_spf_record("spf2.0/pra"));
}

BOOST_AUTO_TEST_CASE(directive_fields) {
    auto parsed = spf::parse_record("v=spf1 -A:Example.com/24//64 ~ip4:192.0.2.0/24 ?ptr IP6:2001:db8::/32 redirect=x.example");
    BOOST_REQUIRE(parsed);
    const auto& ds = parsed.record.directives;
    BOOST_REQUIRE_EQUAL(ds.size(), 4u);
    BOOST_TEST((ds[0].mechanism == spf::Mechanism::a));
    BOOST_TEST((ds[0].qualifier == spf::Qualifier::fail));
    BOOST_TEST(ds[0].explicit_qualifier);
    BOOST_TEST(ds[0].cidr4 == 24);
    BOOST_TEST(ds[0].cidr6 == 64);
    BOOST_TEST(ds[0].domain->text == "Example.com");
    BOOST_TEST(ds[0].text == "-A:Example.com/24//64");
    BOOST_TEST((ds[1].qualifier == spf::Qualifier::softfail));
    BOOST_TEST(ds[1].network.to_string() == "192.0.2.0");
    BOOST_TEST(!ds[2].domain.has_value());
    BOOST_TEST((ds[3].qualifier == spf::Qualifier::pass));
    BOOST_TEST(!ds[3].explicit_qualifier);
    BOOST_TEST(ds[3].cidr6 == 32);
    BOOST_TEST(parsed.record.redirect->text == "x.example");
}

BOOST_AUTO_TEST_SUITE_END()
