// Tests for milter/src/session.cpp (through testing::Context): negotiation derived
// from overrides (milter.md 2.3), the exception policy and its scopes (2.5), the
// end_message contract (2.2).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <stdexcept>

#include "mailsec/milter/testing.hpp"
#include "script_filter.hpp"

namespace milter = mailsec::milter;
namespace mt = mailsec::milter::testing;
namespace bdata = boost::unit_test::data;
using milter::Stage;
using milter::Status;
using milter::Steps;
using milter_test::Script;
using milter_test::ScriptFilter;

namespace {

const milter::PeerAddress kPeer{milter::PeerAddress::Inet4, "192.0.2.1", 40000};
const std::string kMessage = "From: a@example.org\r\nSubject: hi\r\n\r\nbody\r\n";

// Python spfmilter's shape: connect no-reply; helo, envfrom overridden (1.3).
class SpfShaped : public milter::Filter {
public:
    static constexpr Steps no_reply = Steps::NrConnect;
    Status connect(milter::Context&, std::string_view, const milter::PeerAddress&) override { return Status::Continue; }
    Status helo(milter::Context&, std::string_view) override { return Status::Continue; }
    Status envfrom(milter::Context&, std::string_view, std::span<const std::string>) override { return Status::Continue; }
};

class Nothing : public milter::Filter {};

class NeedsQuarantine : public milter::Filter {
public:
    static constexpr milter::Actions required_actions = milter::Actions::Quarantine;
};

class WantsLeadingSpace : public milter::Filter {
public:
    static constexpr Steps protocol_extras = Steps::HeaderLeadingSpace | Steps::RcptRej;
};

std::shared_ptr<Script> script() { return std::make_shared<Script>(); }

}  // namespace

BOOST_AUTO_TEST_SUITE(session)

BOOST_AUTO_TEST_CASE(spfmilter_shape_negotiates_like_pymilter) {
    mt::Context t(milter::make_factory<SpfShaped>());
    t.negotiate();
    BOOST_TEST(milter::raw(t.negotiated_steps()) == 0x1778u, "got " << milter::describe(t.negotiated_steps()));
    BOOST_TEST(milter::raw(t.negotiated_actions()) == 0x1ffu);
}

struct NegotiationCase {
    const char* name;
    mt::Offer offer;
    std::uint32_t want_steps;
    bool want_reject;
};
std::ostream& operator<<(std::ostream& os, const NegotiationCase& c) { return os << c.name; }

const NegotiationCase kNegotiation[] = {
    {"nothing overridden: every NO bit and SKIP", {}, 0x378 | 0x1 | 0x2 | 0x4 | 0x400, false},
    {"NR not offered: not requested", {milter::Actions::All, Steps::AllOffered & ~Steps::NrConnect}, 0x778, false},
    {"SKIP not offered", {milter::Actions::All, Steps::AllOffered & ~Steps::Skip}, 0x1378, false},
};

BOOST_DATA_TEST_CASE(derived_steps, bdata::make(kNegotiation), c) {
    if (std::string(c.name).starts_with("nothing")) {
        mt::Context t(milter::make_factory<Nothing>(), mt::Options{"t", c.offer});
        t.negotiate();
        BOOST_TEST(milter::raw(t.negotiated_steps()) == c.want_steps, "got " << milter::describe(t.negotiated_steps()));
        return;
    }
    mt::Context t(milter::make_factory<SpfShaped>(), mt::Options{"t", c.offer});
    auto r = t.negotiate();
    BOOST_TEST((r.status == Status::Reject) == c.want_reject);
    BOOST_TEST(milter::raw(t.negotiated_steps()) == c.want_steps, "got " << milter::describe(t.negotiated_steps()));
}

BOOST_AUTO_TEST_CASE(required_action_missing_rejects) {
    mt::Context t(milter::make_factory<NeedsQuarantine>(),
                  mt::Options{"q", {milter::Actions::AddHeaders, Steps::AllOffered}});
    BOOST_TEST(t.negotiate().status == Status::Reject);
    BOOST_TEST(t.negotiation_rejected());
    BOOST_REQUIRE(!t.log().empty());
    BOOST_TEST(t.log().front().find("missing=QUARANTINE") != std::string::npos, t.log().front());
    t.connect("h", kPeer);
    BOOST_TEST(t.responses().back().kind == mt::Response::NotDelivered);
}

BOOST_AUTO_TEST_CASE(protocol_extras_on_opt_in_only) {
    mt::Context t(milter::make_factory<WantsLeadingSpace>());
    t.negotiate();
    BOOST_TEST(milter::has(t.negotiated_steps(), Steps::HeaderLeadingSpace | Steps::RcptRej));
    mt::Context plain(milter::make_factory<Nothing>());
    plain.negotiate();
    BOOST_TEST(!milter::has(plain.negotiated_steps(), Steps::HeaderLeadingSpace));
}

BOOST_AUTO_TEST_CASE(negotiate_callback_adds_no_bits_and_rejects) {
    auto s = script();
    s->on_negotiate = [](milter::Negotiation& n) { n.skip(Steps::NoBody); };
    mt::Context t(milter::make_factory<ScriptFilter>(s));
    t.negotiate();
    BOOST_TEST(milter::raw(t.negotiated_steps()) == milter::raw(Steps::NoBody | Steps::Skip));
    auto s2 = script();
    s2->on_negotiate = [](milter::Negotiation& n) { n.reject(); };
    mt::Context t2(milter::make_factory<ScriptFilter>(s2));
    BOOST_TEST(t2.negotiate().status == Status::Reject);
    auto s3 = script();
    s3->on_negotiate = [](milter::Negotiation& n) { n.skip(Steps::NrBody); };  // not a NO bit
    mt::Context t3(milter::make_factory<ScriptFilter>(s3));
    t3.negotiate();
    BOOST_TEST(t3.log().size() == 1u);
}

// Exception policy (2.5) in a reply-bearing callback.
struct PolicyCase {
    milter::ExceptionPolicy policy;
    Status want;
    const char* want_reply;
};
std::ostream& operator<<(std::ostream& os, const PolicyCase& c) { return os << static_cast<int>(c.policy); }

const PolicyCase kPolicies[] = {
    {milter::ExceptionPolicy::Tempfail, Status::Tempfail, "451 4.3.0 pol: untrapped exception in envfrom"},
    {milter::ExceptionPolicy::Reject, Status::Reject, "554 5.3.0 pol: untrapped exception in envfrom"},
    {milter::ExceptionPolicy::Continue, Status::Continue, ""},
    {milter::ExceptionPolicy::Accept, Status::Accept, ""},
};

BOOST_DATA_TEST_CASE(exception_in_reply_callback, bdata::make(kPolicies), c) {
    auto s = script();
    s->on[Stage::EnvFrom] = [](milter::Context&) -> Status { throw std::runtime_error("boom"); };
    mt::Options o;
    o.name = "pol";
    o.policy = c.policy;
    mt::Context t(milter::make_factory<ScriptFilter>(s), o);
    t.negotiate();
    t.connect("h", kPeer);
    auto r = t.envfrom("<a@b>");
    BOOST_TEST(r.status == c.want);
    BOOST_TEST(r.smtp_reply.value_or("") == c.want_reply);
    BOOST_REQUIRE(t.log().size() == 1u);
    BOOST_TEST(t.log()[0].find("filter=pol callback=envfrom queue_id=4TESTQID01 what=\"boom\"") != std::string::npos,
               t.log()[0]);
}

BOOST_AUTO_TEST_CASE(exception_in_no_reply_callback_poisons_message) {
    auto s = script();
    s->on[Stage::Header] = [](milter::Context&) -> Status { throw std::runtime_error("bad header"); };
    mt::Context t(milter::make_factory<milter_test::NoReplyScriptFilter>(s));
    t.negotiate();
    t.connect("h", kPeer);
    auto r = t.feed_message(kMessage, "<a@b>", {"<c@d>"});
    // The header callback could not answer; eom (reply-bearing) answers the policy.
    BOOST_TEST(r.stage == Stage::Eom);
    BOOST_TEST(r.status == Status::Tempfail);
    BOOST_TEST(*r.smtp_reply == "451 4.3.0 test-filter: untrapped exception in header");
    // The filter was not called again in that message after the failure...
    BOOST_TEST(std::count(s->calls.begin(), s->calls.end(), "eom") == 0);
    BOOST_TEST(s->calls.back() == "end_message");
    // ...but the next message is clean.
    auto r2 = t.feed_message("X: y\r\n\r\n", "<a@b>", {"<c@d>"});
    BOOST_TEST(r2.status == Status::Tempfail);  // the header callback throws again
    s->on.clear();
    BOOST_TEST(t.feed_message("X: y\r\n\r\n", "<a@b>", {"<c@d>"}).status == Status::Continue);
}

BOOST_AUTO_TEST_CASE(exception_in_no_reply_connect_poisons_connection) {
    auto s = script();
    s->on[Stage::Connect] = [](milter::Context&) -> Status { throw std::runtime_error("dns down"); };
    mt::Options o;
    o.policy = milter::ExceptionPolicy::Reject;
    mt::Context t(milter::make_factory<milter_test::NoReplyScriptFilter>(s), o);
    t.negotiate();
    BOOST_TEST(t.connect("h", kPeer).kind == mt::Response::NoReply);
    BOOST_TEST(t.helo("x").kind == mt::Response::NoReply);  // no-reply: nothing to say
    auto r = t.feed_message(kMessage, "<a@b>", {"<c@d>"});
    BOOST_TEST(r.status == Status::Reject);
    BOOST_TEST(*r.smtp_reply == "554 5.3.0 test-filter: untrapped exception in connect");
    t.close();
    BOOST_TEST(s->calls.back() == "close");  // close still runs
    BOOST_TEST(std::count(s->calls.begin(), s->calls.end(), "helo:x") == 0);
}

BOOST_AUTO_TEST_CASE(no_reply_callback_returning_reject_is_a_bug) {
    auto s = script();
    s->on[Stage::EnvRcpt] = [](milter::Context&) { return Status::Reject; };
    mt::Context t(milter::make_factory<milter_test::NoReplyScriptFilter>(s));
    t.negotiate();
    t.connect("h", kPeer);
    auto r = t.feed_message(kMessage, "<a@b>", {"<c@d>"});
    BOOST_TEST(r.status == Status::Tempfail);
    BOOST_TEST(t.log().at(0).find("no-reply callback returned reject") != std::string::npos, t.log().at(0));
}

BOOST_AUTO_TEST_CASE(factory_exception_is_connection_failure) {
    milter::FilterFactory f([]() -> std::unique_ptr<milter::Filter> { throw std::runtime_error("no db"); }, {});
    mt::Context t(f);
    BOOST_TEST(t.negotiate().status == Status::Continue);
    BOOST_TEST(t.connect("h", kPeer).status == Status::Tempfail);
    BOOST_TEST(t.log().at(0).find("factory: no db") != std::string::npos, t.log().at(0));
}

BOOST_AUTO_TEST_CASE(exceptions_in_abort_close_end_message_only_logged) {
    auto s = script();
    s->on[Stage::Abort] = [](milter::Context&) -> Status { throw std::runtime_error("a"); };
    s->on[Stage::Close] = [](milter::Context&) -> Status { throw std::runtime_error("c"); };
    mt::Context t(milter::make_factory<ScriptFilter>(s));
    t.negotiate();
    t.connect("h", kPeer);
    t.envfrom("<a@b>");
    BOOST_TEST(t.abort().kind == mt::Response::NoReply);
    t.close();
    BOOST_TEST(t.log().size() == 2u);
}

BOOST_AUTO_TEST_CASE(discard_at_connect_and_skip_outside_body_are_bugs) {
    auto s = script();
    s->on[Stage::Connect] = [](milter::Context&) { return Status::Discard; };
    s->on[Stage::EnvFrom] = [](milter::Context&) { return Status::Skip; };
    mt::Context t(milter::make_factory<ScriptFilter>(s));
    t.negotiate();
    BOOST_TEST(t.connect("h", kPeer).status == Status::Tempfail);
}

// end_message runs exactly once per message begun by envfrom (2.2).
struct EndCase {
    const char* name;
    std::function<void(mt::Context&)> drive;
    std::vector<std::string> want_tail;
};
std::ostream& operator<<(std::ostream& os, const EndCase& c) { return os << c.name; }

const EndCase kEnd[] = {
    {"after eom", [](mt::Context& t) { t.feed_message(kMessage, "<a@b>", {"<c@d>"}); }, {"eom", "end_message"}},
    {"after abort", [](mt::Context& t) { t.envfrom("<a@b>"); t.abort(); }, {"abort", "end_message"}},
    {"before next envfrom", [](mt::Context& t) { t.envfrom("<a@b>"); t.envfrom("<x@y>"); },
     {"envfrom:<a@b>", "end_message", "envfrom:<x@y>"}},
    {"before close", [](mt::Context& t) { t.envfrom("<a@b>"); t.close(); }, {"envfrom:<a@b>", "end_message", "close"}},
};

BOOST_DATA_TEST_CASE(end_message_contract, bdata::make(kEnd), c) {
    auto s = script();
    mt::Context t(milter::make_factory<ScriptFilter>(s));
    t.negotiate();
    t.connect("h", kPeer);
    c.drive(t);
    BOOST_REQUIRE(s->calls.size() >= c.want_tail.size());
    std::vector<std::string> tail(s->calls.end() - static_cast<std::ptrdiff_t>(c.want_tail.size()), s->calls.end());
    BOOST_TEST(tail == c.want_tail, boost::test_tools::per_element());
    BOOST_TEST(std::count(s->calls.begin(), s->calls.end(), "end_message") == 1);
}

BOOST_AUTO_TEST_CASE(one_filter_per_connection) {
    auto s = script();
    {
        mt::Context t(milter::make_factory<ScriptFilter>(s));
        t.negotiate();
    }
    BOOST_TEST(s->filters_made == 1);
}

BOOST_AUTO_TEST_SUITE_END()
