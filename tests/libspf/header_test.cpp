// Tests for libspf/src/header.cpp and libspf/src/header_parse.cpp (spf.md §4).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>
#include <string>

#include "mailsec/spf/header.hpp"

namespace spf = mailsec::spf;
namespace bdata = boost::unit_test::data;

namespace {

spf::Outcome outcome(spf::Result result, std::string mechanism = "", spf::Identity identity = spf::Identity::mailfrom) {
    spf::Outcome o;
    o.result = result;
    o.identity = identity;
    o.sender = identity == spf::Identity::helo ? "postmaster@mx.example.org" : "strong-bad@email.example.com";
    o.domain = identity == spf::Identity::helo ? "mx.example.org" : "email.example.com";
    o.helo = "mx.example.org";
    o.client = *spf::IpAddress::parse("192.0.2.3");
    o.receiver = "mx.example.org";
    o.mechanism = std::move(mechanism);
    return o;
}

struct ReceivedCase {
    std::string name;
    spf::Outcome outcome;
    spf::HeaderOptions options;
    std::string want;
};
std::ostream& operator<<(std::ostream& os, const ReceivedCase& c) { return os << c.name; }

spf::Outcome permerror_outcome() {
    spf::Outcome o = outcome(spf::Result::permerror);
    o.reason = "Unknown mechanism found";
    o.problem = "moo";
    return o;
}

spf::Outcome ipv6_outcome() {
    spf::Outcome o = outcome(spf::Result::softfail, "~all");
    o.client = *spf::IpAddress::parse("2001:DB8::25");
    return o;
}

const ReceivedCase received_cases[] = {
    {"spf.md example", outcome(spf::Result::fail, "-all"), {},
     "Fail (mx.example.org: domain of email.example.com does not designate 192.0.2.3 as permitted sender) "
     "client-ip=192.0.2.3; envelope-from=\"strong-bad@email.example.com\"; helo=mx.example.org; "
     "receiver=mx.example.org; mechanism=-all; identity=mailfrom"},
    {"quoted mechanism, extras sorted", outcome(spf::Result::pass, "ip4:192.0.2.0/24"),
     {std::nullopt, {{"helo_spf", "pass"}, {"bestguess", "a b"}}},
     "Pass (mx.example.org: domain of email.example.com designates 192.0.2.3 as permitted sender) "
     "client-ip=192.0.2.3; envelope-from=\"strong-bad@email.example.com\"; helo=mx.example.org; "
     "receiver=mx.example.org; mechanism=\"ip4:192.0.2.0/24\"; x-bestguess=\"a b\"; x-helo-spf=pass; identity=mailfrom"},
    {"helo identity, no mechanism", outcome(spf::Result::neutral, "", spf::Identity::helo), {"spfquery", {}},
     "Neutral (spfquery: 192.0.2.3 is neither permitted nor denied by domain of mx.example.org) "
     "client-ip=192.0.2.3; helo=mx.example.org; receiver=spfquery; identity=helo"},
    {"IPv6 client-ip is not quoted", ipv6_outcome(), {},
     "SoftFail (mx.example.org: transitioning domain of email.example.com does not designate 2001:db8::25 as "
     "permitted sender) client-ip=2001:db8::25; envelope-from=\"strong-bad@email.example.com\"; "
     "helo=mx.example.org; receiver=mx.example.org; mechanism=~all; identity=mailfrom"},
    {"permerror problem", permerror_outcome(), {},
     "PermError (mx.example.org: permanent error in processing domain of email.example.com: Unknown mechanism found) "
     "client-ip=192.0.2.3; envelope-from=\"strong-bad@email.example.com\"; helo=mx.example.org; "
     "receiver=mx.example.org; problem=moo; identity=mailfrom"},
};

struct QuoteCase {
    std::string in, want;
};
std::ostream& operator<<(std::ostream& os, const QuoteCase& c) { return os << "'" << c.in << "'"; }
const QuoteCase quote_cases[] = {
    {"mx.example.org", "mx.example.org"},
    {"-all", "-all"},
    {"", "\"\""},
    {"a b", "\"a b\""},
    {"a\"b\\c", "\"a\\\"b\\\\c\""},
    {std::string("a\0b", 3), "\"a\\x00b\""},
    {"a\r\nb", "\"a\\x0d\\x0ab\""},
    {"a..b", "\"a..b\""},
    {".a", "\".a\""},
};
}  // namespace

BOOST_AUTO_TEST_SUITE(header)

BOOST_DATA_TEST_CASE(received_spf, bdata::make(received_cases), c) {
    std::string got = spf::received_spf(c.outcome, c.options);
    BOOST_TEST(got == c.want, "got\n" << got << "\nwant\n" << c.want);
}

BOOST_DATA_TEST_CASE(quote_value, bdata::make(quote_cases), c) {
    std::string got = spf::quote_value(c.in);
    BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(authentication_results_mailfrom) {
    std::string got = spf::authentication_results(outcome(spf::Result::softfail, "~all"), "mx.example.org", {});
    std::string want =
        "mx.example.org; spf=softfail (mx.example.org: transitioning domain of email.example.com does not designate "
        "192.0.2.3 as permitted sender) smtp.mailfrom=email.example.com (sender=strong-bad@email.example.com; "
        "helo=mx.example.org; client-ip=192.0.2.3; receiver=mx.example.org; mechanism=~all)";
    BOOST_TEST(got == want, "got\n" << got << "\nwant\n" << want);
}

BOOST_AUTO_TEST_CASE(authentication_results_helo) {
    spf::Outcome o = outcome(spf::Result::temperror, "", spf::Identity::helo);
    std::string got = spf::authentication_results(o, "mx.example.org", {});
    std::string want =
        "mx.example.org; spf=temperror (mx.example.org: temporary error in processing during lookup of "
        "mx.example.org) smtp.helo=mx.example.org (sender=postmaster@mx.example.org; client-ip=192.0.2.3; "
        "receiver=mx.example.org)";
    BOOST_TEST(got == want, "got\n" << got << "\nwant\n" << want);
}

BOOST_AUTO_TEST_CASE(received_spf_round_trip) {
    spf::Outcome o = outcome(spf::Result::pass, "ip4:192.0.2.0/24");
    auto parsed = spf::parse_received_spf(spf::received_spf(o, {std::nullopt, {{"bestguess", "x"}}}));
    BOOST_REQUIRE(parsed.ok());
    BOOST_TEST((parsed->result == spf::Result::pass));
    BOOST_TEST(parsed->client_ip == "192.0.2.3");
    BOOST_TEST(parsed->envelope_from == "strong-bad@email.example.com");
    BOOST_TEST(parsed->helo == "mx.example.org");
    BOOST_TEST(parsed->receiver == "mx.example.org");
    BOOST_TEST(parsed->mechanism == "ip4:192.0.2.0/24");
    BOOST_TEST((parsed->identity == spf::Identity::mailfrom));
    BOOST_REQUIRE_EQUAL(parsed->other.size(), 1u);
    BOOST_TEST(parsed->other[0].first == "x-bestguess");
    BOOST_TEST(parsed->comment.find("designates 192.0.2.3") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(received_spf_round_trip_ipv6) {
    auto parsed = spf::parse_received_spf(spf::received_spf(ipv6_outcome(), {}));
    BOOST_REQUIRE(parsed.ok());
    BOOST_TEST(parsed->client_ip == "2001:db8::25", "got '" << parsed->client_ip << "'");
    BOOST_TEST((parsed->result == spf::Result::softfail));
    BOOST_TEST(parsed->mechanism == "~all");
}

BOOST_AUTO_TEST_CASE(authentication_results_round_trip) {
    spf::Outcome o = outcome(spf::Result::fail, "-ip4:192.0.2.0/24");
    auto parsed = spf::parse_authentication_results("mx.example.org 1; dkim=none; " +
                                                    spf::authentication_results(o, "ignored", {}).substr(8));
    BOOST_REQUIRE_MESSAGE(parsed.ok(), (parsed ? "" : parsed.error().message));
    BOOST_TEST((parsed->result == spf::Result::fail));
    BOOST_TEST(parsed->envelope_from == "strong-bad@email.example.com");
    BOOST_TEST(parsed->client_ip == "192.0.2.3");
    BOOST_TEST(parsed->mechanism == "-ip4:192.0.2.0/24");
    BOOST_TEST((parsed->identity == spf::Identity::mailfrom));
}

namespace {
struct BadCase {
    std::string body;
};
std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << "'" << c.body << "'"; }
const BadCase bad_received[] = {
    {""}, {"Maybe (x) client-ip=1.2.3.4"}, {"Pass (unterminated client-ip=1.2.3.4"},
    {"Pass client-ip"}, {"Pass helo=\"open"}, {"Pass a=b c=d"},
};
}  // namespace

BOOST_DATA_TEST_CASE(malformed_received_spf, bdata::make(bad_received), c) {
    auto got = spf::parse_received_spf(c.body);
    BOOST_TEST(!got.ok(), "got a parse of malformed input, want an error");
}

BOOST_AUTO_TEST_CASE(legacy_names_and_unknown_keys) {
    auto got = spf::parse_received_spf("unknown (comment (nested)) client-ip=1.2.3.4; foo=bar; identity=mailfrom");
    BOOST_REQUIRE(got.ok());
    BOOST_TEST((got->result == spf::Result::permerror));
    BOOST_TEST(got->comment == "comment (nested)");
    BOOST_REQUIRE_EQUAL(got->other.size(), 1u);
    BOOST_TEST(got->other[0].second == "bar");
    BOOST_TEST(!spf::parse_authentication_results("mx.example.org; dkim=pass").ok());
}

BOOST_AUTO_TEST_SUITE_END()
