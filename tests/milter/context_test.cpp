// Tests for milter/src/context.cpp and checks.cpp (through testing::Context): every
// action when allowed, and each error path — stage, negotiation bit, arguments,
// setreply rules (milter.md 1.4, 1.5, 2.4).
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/milter/testing.hpp"
#include "script_filter.hpp"

namespace milter = mailsec::milter;
namespace mt = mailsec::milter::testing;
namespace bdata = boost::unit_test::data;
using milter::Actions;
using milter::Stage;
using milter::Status;
using milter_test::Script;
using milter_test::ScriptFilter;
using Act = std::function<void(milter::Context&)>;

namespace {

const std::string kMessage =
    "Received: from x\r\nFrom: a@example.org\r\nSubject: hi\r\nX-Dup: 1\r\nX-Dup: 2\r\n\r\nline one\r\n";

struct Run {
    std::unique_ptr<mt::Context> t;
    mt::Response response;
    std::string error;  // the logged exception, empty when none
};

// Feeds kMessage and runs `act` in the callback of `stage`.
Run run_at(Stage stage, Act act, Actions offered = Actions::All) {
    auto s = std::make_shared<Script>();
    s->on[stage] = [act](milter::Context& c) {
        act(c);
        return Status::Continue;
    };
    Run r;
    mt::Options o;
    o.offer.actions = offered;
    r.t = std::make_unique<mt::Context>(milter::make_factory<ScriptFilter>(s), o);
    r.t->negotiate();
    r.t->connect("client.test.invalid", {milter::PeerAddress::Inet4, "192.0.2.1", 1});
    r.t->helo("client.test.invalid");
    r.response = r.t->feed_message(kMessage, "<a@example.org>", {"<b@example.net>", "<c@example.net>"});
    if (!r.t->log().empty()) r.error = r.t->log().front();
    return r;
}

std::string headers_of(const mt::Context& t) {
    std::string out;
    for (const auto& h : t.headers()) out += h.name + "=" + h.value + ";";
    return out;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(context)

// Actions at eom and their effect on the final message / envelope.
struct ActionCase {
    const char* name;
    Act act;
    std::string want_headers;  // "" = unchanged
    std::function<bool(const mt::Context&)> check;
};
std::ostream& operator<<(std::ostream& os, const ActionCase& c) { return os << c.name; }

const std::string kOrig = "Received=from x;From=a@example.org;Subject=hi;X-Dup=1;X-Dup=2;";
const ActionCase kActions[] = {
    {"add_header", [](milter::Context& c) { c.add_header("X-New", "v"); }, kOrig + "X-New=v;", nullptr},
    {"add folded header", [](milter::Context& c) { c.add_header("X-F", "a\n\tb"); }, kOrig + "X-F=a\n\tb;", nullptr},
    {"insert_header at top", [](milter::Context& c) { c.insert_header(0, "X-Top", "t"); }, "X-Top=t;" + kOrig, nullptr},
    {"insert_header past end", [](milter::Context& c) { c.insert_header(99, "X-End", "e"); }, kOrig + "X-End=e;", nullptr},
    {"change_header 2nd", [](milter::Context& c) { c.change_header("x-dup", 2, "two"); },
     "Received=from x;From=a@example.org;Subject=hi;X-Dup=1;X-Dup=two;", nullptr},
    {"change_header past count adds", [](milter::Context& c) { c.change_header("X-Dup", 3, "3"); }, kOrig + "X-Dup=3;", nullptr},
    {"delete_header highest first", [](milter::Context& c) { c.delete_header("X-Dup", 2); c.delete_header("X-Dup", 1); },
     "Received=from x;From=a@example.org;Subject=hi;", nullptr},
    {"add_recipient", [](milter::Context& c) { c.add_recipient("<d@example.net>"); }, "",
     [](const mt::Context& t) { return t.recipients().size() == 3 && t.recipients()[2] == "<d@example.net>"; }},
    {"add_recipient with ESMTP", [](milter::Context& c) { c.add_recipient("<d@example.net>", "NOTIFY=NEVER"); }, "",
     [](const mt::Context& t) { return t.actions().back().esmtp == "NOTIFY=NEVER"; }},
    {"delete_recipient", [](milter::Context& c) { c.delete_recipient("<b@example.net>"); }, "",
     [](const mt::Context& t) { return t.recipients() == std::vector<std::string>{"<c@example.net>"}; }},
    {"replace_body in two chunks", [](milter::Context& c) { c.replace_body("new\r"); c.replace_body("\nbody\r\n"); }, "",
     [](const mt::Context& t) { return t.body() == "new\r\nbody\r\n" && t.body_replaced(); }},
    {"change_sender", [](milter::Context& c) { c.change_sender("<srs@example.com>", "SIZE=10"); }, "",
     [](const mt::Context& t) { return t.sender() == "<srs@example.com>"; }},
    {"quarantine", [](milter::Context& c) { c.quarantine("virus"); }, "",
     [](const mt::Context& t) { return t.quarantine_reason() == "virus"; }},
    {"progress", [](milter::Context& c) { c.progress(); c.progress(); }, "",
     [](const mt::Context& t) { return t.progress_count() == 2; }},
};

BOOST_DATA_TEST_CASE(actions_at_eom, bdata::make(kActions), c) {
    Run r = run_at(Stage::Eom, c.act);
    BOOST_TEST(r.error == "");
    BOOST_TEST(r.response.stage == Stage::Eom);
    BOOST_TEST(r.response.status == Status::Continue);
    BOOST_TEST(headers_of(*r.t) == (c.want_headers.empty() ? kOrig : c.want_headers));
    if (c.check) BOOST_TEST(c.check(*r.t));
}

BOOST_AUTO_TEST_CASE(final_message_after_actions) {
    Run r = run_at(Stage::Eom, [](milter::Context& c) {
        c.delete_header("Received", 1);
        c.add_header("X-F", "a\n b");
        c.replace_body("x\r\n");
    });
    BOOST_TEST(r.t->final_message() ==
               "From: a@example.org\r\nSubject: hi\r\nX-Dup: 1\r\nX-Dup: 2\r\nX-F: a\r\n b\r\n\r\nx\r\n");
    BOOST_TEST(r.t->actions().size() == 3u);
    BOOST_TEST(r.t->actions()[0].kind == mt::Action::DeleteHeader);
    BOOST_TEST(r.t->actions()[2].kind == mt::Action::ReplaceBody);
}

// Error paths: each throws UsageError inside the callback; the policy (Tempfail)
// turns it into 451 and the log names the problem.
struct ErrorCase {
    const char* name;
    Stage stage;
    Act act;
    Actions offered;
    const char* want_in_log;
};
std::ostream& operator<<(std::ostream& os, const ErrorCase& c) { return os << c.name; }

const ErrorCase kErrors[] = {
    {"add_header not negotiated", Stage::Eom, [](milter::Context& c) { c.add_header("X", "y"); },
     Actions::All & ~Actions::AddHeaders, "add_header in eom needs action ADDHDRS, which was not negotiated"},
    {"change_header not negotiated", Stage::Eom, [](milter::Context& c) { c.change_header("X", 1, "y"); },
     Actions::AddHeaders, "needs action CHGHDRS"},
    {"replace_body not negotiated", Stage::Eom, [](milter::Context& c) { c.replace_body("x\r\n"); },
     Actions::AddHeaders, "needs action CHGBODY"},
    {"add_recipient with ESMTP needs ADDRCPT_PAR", Stage::Eom,
     [](milter::Context& c) { c.add_recipient("<a@b>", "X=1"); }, Actions::AddRcpt, "needs action ADDRCPT_PAR"},
    {"quarantine not negotiated", Stage::Eom, [](milter::Context& c) { c.quarantine("q"); }, Actions::None,
     "needs action QUARANTINE"},
    {"change_sender not negotiated", Stage::Eom, [](milter::Context& c) { c.change_sender("<a@b>"); },
     Actions::AddRcpt, "needs action CHGFROM"},
    {"add_header before eom", Stage::EnvFrom, [](milter::Context& c) { c.add_header("X", "y"); }, Actions::All,
     "add_header is allowed only in eom, not in envfrom"},
    {"replace_body in body", Stage::Body, [](milter::Context& c) { c.replace_body("x"); }, Actions::All,
     "replace_body is allowed only in eom, not in body"},
    {"progress in header", Stage::Header, [](milter::Context& c) { c.progress(); }, Actions::All,
     "progress is allowed only in eom"},
    {"set_macro_list outside negotiate", Stage::Helo,
     [](milter::Context& c) { c.set_macro_list(milter::MacroStage::Helo, {"j"}); }, Actions::All,
     "set_macro_list is allowed only in negotiate"},
    {"header name with colon", Stage::Eom, [](milter::Context& c) { c.add_header("X:Y", "v"); }, Actions::All,
     "contains ':', whitespace"},
    {"header name empty", Stage::Eom, [](milter::Context& c) { c.add_header("", "v"); }, Actions::All, "header name is empty"},
    {"header value with CR", Stage::Eom, [](milter::Context& c) { c.add_header("X", "a\r\n b"); }, Actions::All,
     "contains CR"},
    {"header value bad fold", Stage::Eom, [](milter::Context& c) { c.add_header("X", "a\nb"); }, Actions::All,
     "not followed by a space or tab"},
    {"change_header empty value", Stage::Eom, [](milter::Context& c) { c.change_header("X-Dup", 1, ""); },
     Actions::All, "use delete_header"},
    {"change_header index 0", Stage::Eom, [](milter::Context& c) { c.change_header("X-Dup", 0, "v"); },
     Actions::All, "1-based"},
    {"address without brackets", Stage::Eom, [](milter::Context& c) { c.add_recipient("a@b"); }, Actions::All,
     "not in <...> form"},
    {"replace_body bare LF", Stage::Eom, [](milter::Context& c) { c.replace_body("a\nb"); }, Actions::All,
     "bare LF at offset 1"},
    {"quarantine empty reason", Stage::Eom, [](milter::Context& c) { c.quarantine(""); }, Actions::All,
     "reason is empty"},
    {"set_reply in connect", Stage::Connect, [](milter::Context& c) { c.set_reply("550", "", {"x"}); },
     Actions::All, "set_reply is not allowed in connect"},
};

BOOST_DATA_TEST_CASE(usage_errors, bdata::make(kErrors), c) {
    Run r = run_at(c.stage, c.act, c.offered);
    BOOST_TEST(r.error.find(c.want_in_log) != std::string::npos, "got " << r.error << ", want " << c.want_in_log);
    BOOST_TEST(r.error.find("callback=" + std::string(milter::to_string(c.stage))) != std::string::npos, r.error);
    const auto& rs = r.t->responses();
    auto it = std::find_if(rs.begin(), rs.end(), [&](const mt::Response& x) { return x.stage == c.stage; });
    BOOST_REQUIRE(it != rs.end());
    BOOST_TEST(it->status == Status::Tempfail);
}

// set_reply validated as libmilter validates it (1.5).
struct ReplyCase {
    const char* code;
    const char* xcode;
    std::vector<std::string> lines;
    const char* want_error;  // "" = accepted
};
std::ostream& operator<<(std::ostream& os, const ReplyCase& c) { return os << c.code << " " << c.xcode; }

const ReplyCase kReplies[] = {
    {"550", "5.7.1", {"Rejected"}, ""},
    {"451", "", {"later"}, ""},
    {"550", "5.7.1", {"100%% sure"}, ""},
    {"550", "5.7.1", {}, ""},
    {"250", "", {"x"}, "is not 4xx or 5xx"},
    {"55", "", {"x"}, "is not 4xx or 5xx"},
    {"5x0", "", {"x"}, "is not 4xx or 5xx"},
    {"550", "5.7", {"x"}, "not of the form C.x.y"},
    {"550", "3.7.1", {"x"}, "not of the form C.x.y"},
    {"550", "4.7.1", {"x"}, "does not match the class"},
    {"550", "5.7.1", {"a\r\nb"}, "contains CR, LF or NUL"},
    {"550", "5.7.1", {"100% sure"}, "lone '%'"},
    {"550", "5.7.1", {std::string(981, 'x')}, "longer than 980"},
    {"550", "5.7.1", std::vector<std::string>(33, "l"), "more than 32"},
};

BOOST_DATA_TEST_CASE(set_reply_rules, bdata::make(kReplies), c) {
    Run r = run_at(Stage::Eom, [&c](milter::Context& ctx) { ctx.set_reply(c.code, c.xcode, c.lines); });
    if (std::string(c.want_error).empty()) BOOST_TEST(r.error == "");
    else BOOST_TEST(r.error.find(c.want_error) != std::string::npos, "got " << r.error << ", want " << c.want_error);
}

// The reply the client sees, including the silent mismatch (1.5).
struct SeenCase {
    const char* name;
    Act act;
    Status status;
    const char* want;
    bool ignored;
};
std::ostream& operator<<(std::ostream& os, const SeenCase& c) { return os << c.name; }

const SeenCase kSeen[] = {
    {"single line", [](milter::Context& c) { c.set_reply("550", "5.7.1", {"No"}); }, Status::Reject, "550 5.7.1 No", false},
    {"multi-line", [](milter::Context& c) { c.set_reply("550", "5.7.1", {"a", "b"}); }, Status::Reject,
     "550-5.7.1 a\r\n550 5.7.1 b", false},
    {"multi-line without xcode", [](milter::Context& c) { c.set_reply("451", "", {"a", "b"}); }, Status::Tempfail,
     "451-4.0.0 a\r\n451 4.0.0 b", false},
    {"4xx with REJECT ignored", [](milter::Context& c) { c.set_reply("451", "4.7.1", {"x"}); }, Status::Reject,
     "550 5.7.1 Command rejected", true},
    {"5xx with TEMPFAIL ignored", [](milter::Context& c) { c.set_reply("550", "5.7.1", {"x"}); }, Status::Tempfail,
     "451 4.7.1 Service unavailable - try again later", true},
    {"no reply set", [](milter::Context&) {}, Status::Reject, "550 5.7.1 Command rejected", false},
};

BOOST_DATA_TEST_CASE(smtp_reply_seen, bdata::make(kSeen), c) {
    auto s = std::make_shared<Script>();
    Act act = c.act;
    Status st = c.status;
    s->on[Stage::EnvFrom] = [act, st](milter::Context& ctx) {
        act(ctx);
        return st;
    };
    mt::Context t(milter::make_factory<ScriptFilter>(s));
    t.negotiate();
    t.connect("h", {});
    auto r = t.envfrom("<a@b>");
    BOOST_TEST(r.status == c.status);
    BOOST_TEST(r.smtp_reply.value_or("") == c.want);
    BOOST_TEST(r.reply_ignored == c.ignored);
}

BOOST_AUTO_TEST_CASE(macros_and_peer) {
    std::string seen;
    auto s = std::make_shared<Script>();
    s->on[Stage::EnvFrom] = [&seen](milter::Context& c) {
        seen = std::string(c.macro("{i}").value_or("-")) + "," + std::string(c.macro("j").value_or("-")) + "," +
               std::string(c.macro("{auth_authen}").value_or("-"));
        return Status::Continue;
    };
    mt::Context t(milter::make_factory<ScriptFilter>(s));
    t.set_macro(milter::MacroStage::EnvFrom, "{auth_authen}", "alice");
    t.negotiate();
    t.connect("client.test.invalid", {milter::PeerAddress::Inet6, "2001:db8::1", 2525});
    t.envfrom("<a@b>");
    BOOST_TEST(seen == "4TESTQID01,mx.test.invalid,alice");
    BOOST_TEST(s->calls.at(0) == "connect:client.test.invalid/2001:db8::1");
}

BOOST_AUTO_TEST_CASE(set_macro_list_in_negotiate) {
    auto s = std::make_shared<Script>();
    s->on_negotiate = [](milter::Negotiation& n) {
        n.set_macro_list(milter::MacroStage::EnvFrom, {"{auth_authen}", "i"});
    };
    mt::Context t(milter::make_factory<ScriptFilter>(s));
    t.negotiate();
    BOOST_TEST(t.macro_lists().at(milter::MacroStage::EnvFrom) == (std::vector<std::string>{"{auth_authen}", "i"}),
               boost::test_tools::per_element());
    auto s2 = std::make_shared<Script>();
    s2->on_negotiate = [](milter::Negotiation& n) { n.set_macro_list(milter::MacroStage::Helo, {}); };
    mt::Context t2(milter::make_factory<ScriptFilter>(s2),
                   mt::Options{"t", {Actions::AddHeaders, milter::Steps::AllOffered}});
    t2.negotiate();
    BOOST_TEST(t2.log().at(0).find("needs action SETSYMLIST") != std::string::npos, t2.log().at(0));
}

BOOST_AUTO_TEST_SUITE_END()
