// Tests for milter/src/testing_*.cpp: the strict test context itself (milter.md
// 2.7): negotiate first, SMTP order, skipped and no-reply steps, delivery after
// REJECT/ACCEPT, per-stage macros and profiles, feeding a message.
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include "mailsec/milter/testing.hpp"
#include "script_filter.hpp"
#include "support/paths.hpp"

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

struct Fixture {
    std::shared_ptr<Script> s = std::make_shared<Script>();
    std::unique_ptr<mt::Context> t;
    explicit Fixture(mt::Options o = {}) : t(std::make_unique<mt::Context>(milter::make_factory<ScriptFilter>(s), o)) {}
    mt::Context& connected() {
        t->negotiate();
        t->connect("client.test.invalid", kPeer);
        return *t;
    }
};

struct Raw : ScriptFilter {
    using ScriptFilter::ScriptFilter;
    static constexpr Steps protocol_extras = Steps::HeaderLeadingSpace;
};

int count(const std::vector<std::string>& calls, const std::string& prefix) {
    return static_cast<int>(std::count_if(calls.begin(), calls.end(),
                                          [&](const std::string& c) { return c.starts_with(prefix); }));
}

}  // namespace

BOOST_AUTO_TEST_SUITE(testing_context)

// Out-of-order calls throw UsageError (2.7 b).
struct OrderCase {
    const char* name;
    std::function<void(mt::Context&)> drive;
};
std::ostream& operator<<(std::ostream& os, const OrderCase& c) { return os << c.name; }

const OrderCase kOrder[] = {
    {"connect before negotiate", [](mt::Context& t) { t.connect("h", kPeer); }},
    {"negotiate twice", [](mt::Context& t) { t.negotiate(); t.negotiate(); }},
    {"helo before connect", [](mt::Context& t) { t.negotiate(); t.helo("h"); }},
    {"connect twice", [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.connect("h", kPeer); }},
    {"rcpt before mail", [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.envrcpt("<a@b>"); }},
    {"data before rcpt", [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.envfrom("<a@b>"); t.data(); }},
    {"header before data",
     [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.envfrom("<a@b>"); t.envrcpt("<c@d>"); t.header("a", "b"); }},
    {"body before eoh",
     [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.envfrom("<a@b>"); t.envrcpt("<c@d>"); t.data(); t.body("x"); }},
    {"eom before eoh",
     [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.envfrom("<a@b>"); t.envrcpt("<c@d>"); t.data(); t.eom(); }},
    {"header after eoh",
     [](mt::Context& t) {
         t.negotiate(); t.connect("h", kPeer); t.envfrom("<a@b>"); t.envrcpt("<c@d>"); t.data(); t.eoh(); t.header("a", "b");
     }},
    {"abort outside message", [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.abort(); }},
    {"helo inside message", [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.envfrom("<a@b>"); t.envrcpt("<c@d>"); t.data(); t.helo("x"); }},
    {"unknown inside DATA",
     [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.envfrom("<a@b>"); t.envrcpt("<c@d>"); t.data(); t.unknown("X"); }},
    {"anything after close", [](mt::Context& t) { t.negotiate(); t.close(); t.connect("h", kPeer); }},
    {"close twice", [](mt::Context& t) { t.close(); t.close(); }},
    {"chunk size 0", [](mt::Context& t) { t.negotiate(); t.connect("h", kPeer); t.feed_message("a: b\r\n\r\n", "<a@b>", {"<c@d>"}, 0); }},
};

BOOST_DATA_TEST_CASE(out_of_order_throws, bdata::make(kOrder), c) {
    Fixture f;
    BOOST_CHECK_THROW(c.drive(*f.t), milter::UsageError);
}

BOOST_AUTO_TEST_CASE(every_callback_in_order) {
    Fixture f;
    auto& t = f.connected();
    t.helo("client.test.invalid");
    t.unknown("XYZZY");
    t.feed_message("From: a@b\r\nSubject: s\r\n\r\nbody\r\n", "<a@b>", {"<c@d>"}, 2);
    t.close();
    std::vector<std::string> want{"connect:client.test.invalid/192.0.2.1", "helo:client.test.invalid", "unknown:XYZZY",
                                  "envfrom:<a@b>", "envrcpt:<c@d>", "data", "header:From=a@b", "header:Subject=s",
                                  "eoh", "body:2", "body:2", "body:2", "eom", "end_message", "close"};
    BOOST_TEST(f.s->calls == want, boost::test_tools::per_element());
    BOOST_TEST(t.body_chunks() == 3u);
}

// A filter that skips MAIL still gets end_message after each message, so state
// kept per message never leaks into the next one on the same connection.
struct BodyCounter : milter::Filter {
    std::size_t bytes = 0;
    std::shared_ptr<std::vector<std::size_t>> seen;
    std::shared_ptr<int> ends;
    BodyCounter(std::shared_ptr<std::vector<std::size_t>> s, std::shared_ptr<int> e)
        : seen(std::move(s)), ends(std::move(e)) {}
    Status body(milter::Context&, std::string_view chunk) override {
        bytes += chunk.size();
        return Status::Continue;
    }
    Status eom(milter::Context&) override {
        seen->push_back(bytes);
        return Status::Continue;
    }
    void end_message(milter::Context&) override {
        bytes = 0;
        ++*ends;
    }
};

BOOST_AUTO_TEST_CASE(end_message_runs_when_mail_is_negotiated_away) {
    auto seen = std::make_shared<std::vector<std::size_t>>();
    auto ends = std::make_shared<int>(0);
    mt::Context t(milter::make_factory<BodyCounter>(seen, ends));
    t.negotiate();
    t.connect("h", kPeer);
    for (int i = 0; i < 3; ++i) t.feed_message("A: b\r\n\r\n0123456789\r\n", "<a@b>", {"<c@d>"});
    t.close();
    std::vector<std::size_t> want{12, 12, 12};
    BOOST_TEST(*seen == want, boost::test_tools::per_element());
    BOOST_TEST(*ends == 3, "end_message ran " << *ends << " times, want 3");
}

BOOST_AUTO_TEST_CASE(skipped_steps_are_reported) {
    mt::Context t(milter::make_factory<milter::Filter>());
    t.negotiate();
    BOOST_TEST(t.connect("h", kPeer).kind == mt::Response::Skipped);
    BOOST_TEST(t.helo("h").kind == mt::Response::Skipped);
    auto r = t.feed_message("A: b\r\n\r\nx\r\n", "<a@b>", {"<c@d>"});
    BOOST_TEST(r.stage == Stage::Eom);
    BOOST_TEST(r.kind == mt::Response::Replied);
    int skipped = 0;
    for (const auto& x : t.responses()) skipped += x.kind == mt::Response::Skipped;
    BOOST_TEST(skipped == 8);  // connect helo mail rcpt data header eoh body (eom is never skipped)
}

BOOST_AUTO_TEST_CASE(no_reply_steps_yield_no_reply) {
    auto s = std::make_shared<Script>();
    mt::Context t(milter::make_factory<milter_test::NoReplyScriptFilter>(s));
    t.negotiate();
    BOOST_TEST(t.connect("h", kPeer).kind == mt::Response::NoReply);
    BOOST_TEST(t.helo("h").kind == mt::Response::NoReply);
    BOOST_TEST(t.envfrom("<a@b>").kind == mt::Response::NoReply);
    // NR not offered by the MTA: the Continue goes out as a normal reply (2.3).
    auto s2 = std::make_shared<Script>();
    mt::Context t2(milter::make_factory<milter_test::NoReplyScriptFilter>(s2),
                   mt::Options{"t", {milter::Actions::All, Steps(0x3ff)}});
    t2.negotiate();
    BOOST_TEST(t2.connect("h", kPeer).kind == mt::Response::Replied);
}

BOOST_AUTO_TEST_CASE(reject_ends_scope_without_abort) {
    Fixture f;
    f.s->on[Stage::EnvFrom] = [](milter::Context&) { return Status::Reject; };
    auto& t = f.connected();
    BOOST_TEST(t.envfrom("<a@b>").status == Status::Reject);
    BOOST_TEST(t.envrcpt("<c@d>").kind == mt::Response::NotDelivered);
    BOOST_TEST(t.abort().kind == mt::Response::NotDelivered);
    BOOST_TEST(count(f.s->calls, "abort") == 0);
    f.s->on.clear();
    BOOST_TEST(t.feed_message("A: b\r\n\r\n", "<x@y>", {"<c@d>"}).status == Status::Continue);
}

BOOST_AUTO_TEST_CASE(connect_accept_ends_connection) {
    Fixture f;
    f.s->on[Stage::Connect] = [](milter::Context&) { return Status::Accept; };
    auto& t = f.connected();
    BOOST_TEST(t.helo("h").kind == mt::Response::NotDelivered);
    BOOST_TEST(t.envfrom("<a@b>").kind == mt::Response::NotDelivered);
    t.close();
    BOOST_TEST(f.s->calls.back() == "close");
}

BOOST_AUTO_TEST_CASE(recipient_reject_drops_only_that_recipient) {
    Fixture f;
    f.s->on[Stage::EnvRcpt] = [n = 0](milter::Context&) mutable { return ++n == 1 ? Status::Reject : Status::Continue; };
    auto& t = f.connected();
    auto r = t.feed_message("A: b\r\n\r\n", "<a@b>", {"<bad@d>", "<good@d>"});
    BOOST_TEST(r.stage == Stage::Eom);
    BOOST_TEST(t.recipients() == std::vector<std::string>{"<good@d>"}, boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(no_recipient_left_refuses_data) {
    Fixture f;
    f.s->on[Stage::EnvRcpt] = [](milter::Context&) { return Status::Tempfail; };
    auto& t = f.connected();
    auto r = t.feed_message("A: b\r\n\r\n", "<a@b>", {"<c@d>"});
    BOOST_TEST(r.stage == Stage::EnvRcpt);
    BOOST_CHECK_THROW(t.data(), milter::UsageError);
    BOOST_TEST(count(f.s->calls, "data") == 0);
}

BOOST_AUTO_TEST_CASE(body_skip_stops_chunks) {
    Fixture f;
    f.s->on[Stage::Body] = [](milter::Context&) { return Status::Skip; };
    auto& t = f.connected();
    auto r = t.feed_message("A: b\r\n\r\n0123456789\r\n", "<a@b>", {"<c@d>"}, 4);
    BOOST_TEST(r.stage == Stage::Eom);
    BOOST_TEST(count(f.s->calls, "body") == 1);
    BOOST_TEST(t.body() == "0123456789\r\n");
}

BOOST_AUTO_TEST_CASE(feed_message_as_an_mta) {
    Fixture f;
    auto& t = f.connected();
    // mbox From_ line dropped; LF → CRLF; folding joined with "\n"; one space stripped.
    t.feed_message("From sender Mon Jan  1 00:00:00 2024\nSubject:  two spaces\nX-F: a\n\tb\n\nl1\nl2", "<a@b>",
                   {"<c@d>"});
    BOOST_TEST(f.s->calls.at(4) == "header:Subject= two spaces");
    BOOST_TEST(f.s->calls.at(5) == "header:X-F=a\n\tb");
    BOOST_TEST(t.body() == "l1\r\nl2\r\n");
    BOOST_TEST(t.final_message() == "Subject:  two spaces\r\nX-F: a\r\n\tb\r\n\r\nl1\r\nl2\r\n");
}

BOOST_AUTO_TEST_CASE(header_leading_space_kept_when_negotiated) {
    auto s = std::make_shared<Script>();
    mt::Context t(milter::make_factory<Raw>(s));
    t.negotiate();
    t.connect("h", kPeer);
    t.feed_message("Subject: x\r\n\r\n", "<a@b>", {"<c@d>"});
    BOOST_TEST(s->calls.at(4) == "header:Subject= x");
    BOOST_TEST(t.final_message() == "Subject: x\r\n\r\n");
}

BOOST_AUTO_TEST_CASE(feed_file_from_shared_samples) {
    auto shared = mailsec::testing::shared_dir();
    if (!shared || !std::filesystem::exists(*shared / "mime" / "samp1")) {
        BOOST_TEST_MESSAGE("skipped: MAILSEC_SHARED_DIR/mime/samp1 not found");
        return;
    }
    Fixture f;
    auto& t = f.connected();
    auto r = t.feed_file(*shared / "mime" / "samp1", "<a@b>", {"<c@d>"}, 100);
    BOOST_TEST(r.stage == Stage::Eom);
    BOOST_TEST(t.body_chunks() > 1u);
    BOOST_TEST(t.final_message().find("\r\n\r\n") != std::string::npos);
}

// Macros per stage, profiles and lookup order (1.7, 2.7 e).
struct MacroCase {
    const char* name;
    bool postfix;
    Stage stage;
    const char* macro;
    const char* want;  // "-" = unset
};
std::ostream& operator<<(std::ostream& os, const MacroCase& c) { return os << c.name; }

const MacroCase kMacros[] = {
    {"sendmail j at connect", false, Stage::Connect, "j", "mx.test.invalid"},
    {"sendmail i at MAIL", false, Stage::EnvFrom, "i", "4TESTQID01"},
    {"sendmail {i} at MAIL", false, Stage::EnvFrom, "{i}", "4TESTQID01"},
    {"sendmail j still at eom", false, Stage::Eom, "j", "mx.test.invalid"},
    {"sendmail msg_id at eom", false, Stage::Eom, "{msg_id}", "<test-1@sender.test.invalid>"},
    {"sendmail msg_id not at header", false, Stage::Header, "{msg_id}", "-"},
    {"postfix no i at MAIL", true, Stage::EnvFrom, "i", "-"},
    {"postfix no i at first RCPT", true, Stage::EnvRcpt, "i", "-"},
    {"postfix i at DATA", true, Stage::Data, "i", "4TESTQID02"},
    {"postfix daemon_addr", true, Stage::Helo, "{daemon_addr}", "192.0.2.25"},
    {"postfix no if_addr", true, Stage::Connect, "{if_addr}", "-"},
};

BOOST_DATA_TEST_CASE(macro_profiles, bdata::make(kMacros), c) {
    mt::Options o;
    if (c.postfix) o.macros = mt::postfix();
    Fixture f(o);
    std::string seen = "(not called)";
    std::string name = c.macro;
    f.s->on[c.stage] = [&seen, name](milter::Context& ctx) {
        seen = std::string(ctx.macro(name).value_or("-"));
        return Status::Continue;
    };
    auto& t = f.connected();
    t.helo("h");
    t.feed_message("A: b\r\n\r\nx\r\n", "<a@b>", {"<c@d>"});
    BOOST_TEST(seen == c.want);
}

BOOST_AUTO_TEST_CASE(macro_list_filters_what_is_sent) {
    Fixture f;
    f.s->on_negotiate = [](milter::Negotiation& n) { n.set_macro_list(milter::MacroStage::Connect, {"{if_addr}"}); };
    std::string seen;
    f.s->on[Stage::Connect] = [&seen](milter::Context& ctx) {
        seen = std::string(ctx.macro("j").value_or("-")) + "," + std::string(ctx.macro("{if_addr}").value_or("-"));
        return Status::Continue;
    };
    f.connected();
    BOOST_TEST(seen == "-,192.0.2.25");
}

BOOST_AUTO_TEST_CASE(new_message_clears_message_macros) {
    Fixture f;
    std::vector<std::string> seen;
    f.s->on[Stage::EnvFrom] = [&seen](milter::Context& ctx) {
        seen.emplace_back(ctx.macro("{rcpt_addr}").value_or("-"));
        return Status::Continue;
    };
    auto& t = f.connected();
    t.feed_message("A: b\r\n\r\n", "<a@b>", {"<c@d>"});
    t.feed_message("A: b\r\n\r\n", "<a@b>", {"<c@d>"});
    BOOST_TEST(seen == (std::vector<std::string>{"-", "-"}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(close_may_be_the_only_callback) {
    Fixture f;
    f.t->close();
    BOOST_TEST(f.s->calls.empty());
    BOOST_TEST(f.s->filters_made == 0);
}

BOOST_AUTO_TEST_SUITE_END()
