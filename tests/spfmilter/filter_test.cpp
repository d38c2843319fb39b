// SpfFilter through milter::testing::Context (milter.md §3.2, §3.6): HELO checks,
// AUTH, internal/trusted/local clients, trusted forwarders, the headers and their
// order, forged AR removal, dry run, best guess, negotiation and the log line.
#include <boost/test/unit_test.hpp>

#include <string>

#include "harness.hpp"

namespace ms = mailsec;
using ms::milter::Status;
using ms::spfmilter::test::default_settings;
using ms::spfmilter::test::Harness;
using ms::spfmilter::test::kMessage;
namespace mt = mailsec::milter::testing;

namespace {

bool contains(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

std::string reply(const mt::Response& r) { return r.smtp_reply.value_or("<none>"); }

const mt::Header* find_header(const mt::Context& t, const std::string& name, int nth = 0) {
    for (const auto& h : t.headers())
        if (h.name == name && nth-- == 0) return &h;
    return nullptr;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(filter_helo)

BOOST_AUTO_TEST_CASE(numeric_ipv4_helo_is_rejected) {
    Harness h;
    auto t = h.session("");
    auto r = t->helo("192.0.2.1");
    BOOST_TEST(r.status == Status::Reject);
    BOOST_TEST(reply(r) == "550 5.7.1 hello name cannot be numeric ip");
    BOOST_TEST(contains(h.sink->messages().at(0), "qid=NOQUEUE"));
}

BOOST_AUTO_TEST_CASE(bare_ipv6_helo_is_rejected_bracketed_literals_pass) {
    Harness h;
    BOOST_TEST(h.session("")->helo("2001:db8::1").status == Status::Reject);
    BOOST_TEST(h.session("")->helo("[192.0.2.1]").status == Status::Continue);
    BOOST_TEST(h.session("")->helo("[IPv6:2001:db8::1]").status == Status::Continue);
    BOOST_TEST(h.session("")->helo("1.2.3.example").status == Status::Continue);
}

BOOST_AUTO_TEST_CASE(internal_clients_may_say_numeric_helo) {
    auto s = default_settings();
    s.internal_connect = {"192.0.2.0/24"};
    Harness h(s);
    BOOST_TEST(h.session("")->helo("192.0.2.1").status == Status::Continue);
}

BOOST_AUTO_TEST_CASE(mail_before_helo_is_refused) {
    Harness h;
    auto t = h.session("");
    auto r = t->envfrom("<bob@pass.example>");
    BOOST_TEST(r.status == Status::Reject);
    BOOST_TEST(reply(r) == "550 5.7.1 It's polite to say helo first.");
}

BOOST_AUTO_TEST_CASE(helo_fail_rejects_with_five_lines) {
    Harness h;
    auto t = h.session("mx.fail.example");
    auto r = t->envfrom("<bob@softfail.example>");
    BOOST_TEST(r.status == Status::Reject);
    BOOST_TEST(contains(reply(r), "550-5.7.1 SPF fail: see http://openspf.org/why.html?sender=postmaster@mx.fail.example"),
               reply(r));
    BOOST_TEST(contains(reply(r), "550-5.7.1 The hostname given in your MTA's HELO response is not listed"));
    BOOST_TEST(contains(reply(r), "550 5.7.1 should IMMEDIATELY notify your email administrator of the problem."));
    BOOST_TEST(contains(h.sink->messages().at(0), "helo_spf=fail"));
}

BOOST_AUTO_TEST_CASE(helo_policy_entries) {
    {   // neutral HELO rejects without an entry
        Harness h;
        BOOST_TEST(h.session("mx.neutral.example")->envfrom("<bob@softfail.example>").status == Status::Reject);
    }
    {   // ... and HELO-Neutral: OK allows it (keyed by the HELO name's parent)
        Harness h(default_settings(), "HELO-Neutral:.neutral.example OK\n");
        BOOST_TEST(h.session("mx.neutral.example")->envfrom("<bob@softfail.example>").status == Status::Continue);
    }
    {   // a HELO without SPF (none) is fine; any value but OK rejects
        Harness h(default_settings(), "HELO-None:unknown.example CBV\n");
        BOOST_TEST(h.session("other.example")->envfrom("<bob@softfail.example>").status == Status::Continue);
        BOOST_TEST(h.session("unknown.example")->envfrom("<bob@softfail.example>").status == Status::Reject);
    }
    {   // no HELO check after a MAIL FROM pass
        Harness h;
        BOOST_TEST(h.session("mx.fail.example")->envfrom("<bob@pass.example>").status == Status::Continue);
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(filter_clients)

BOOST_AUTO_TEST_CASE(internal_trusted_and_local_clients_skip_spf) {
    auto s = default_settings();
    s.internal_connect = {"10.0.0.0/8"};
    s.trusted_relay = {"198.51.100.*"};
    Harness h(s);
    BOOST_TEST(h.session("mx.fail.example", {}, "10.1.2.3")->envfrom("<bob@fail.example>").status == Status::Continue);
    BOOST_TEST(h.session("mx.fail.example", {}, "198.51.100.7")->envfrom("<bob@fail.example>").status == Status::Continue);
    auto t = h.context();
    t->negotiate();
    t->connect("localhost", {ms::milter::PeerAddress::Unix, "/run/sock", 0});
    t->helo("1.2.3.4");  // LOCAL: no numeric-HELO check either
    BOOST_TEST(t->envfrom("<bob@fail.example>").status == Status::Continue);
    t->close();
    auto lines = h.sink->lines();
    bool internal = false, trusted = false, local = false;
    for (auto& l : lines) {
        internal |= contains(l, "at 10.1.2.3 INTERNAL");
        trusted |= contains(l, "at 198.51.100.7 EXTERNAL TRUSTED");
        local |= contains(l, "LOCAL");
    }
    BOOST_TEST(internal);
    BOOST_TEST(trusted);
    BOOST_TEST(local);
    auto messages = h.sink->messages();
    BOOST_REQUIRE_EQUAL(messages.size(), 3u);
    BOOST_TEST(contains(messages[0], "action=skip-internal"));
    BOOST_TEST(contains(messages[1], "action=skip-trusted"));
    BOOST_TEST(contains(messages[2], "action=skip-internal"));
}

BOOST_AUTO_TEST_CASE(auth_skips_spf_per_message) {
    Harness h;
    auto t = h.session("mx.fail.example");
    t->set_macro(ms::milter::MacroStage::EnvFrom, "{auth_authen}", "ann");
    BOOST_TEST(t->envfrom("<bob@fail.example>").status == Status::Continue);
    t->envrcpt("<postmaster@mx.test.invalid>");
    t->abort();
    t->clear_macro(ms::milter::MacroStage::EnvFrom, "{auth_authen}");
    BOOST_TEST(t->envfrom("<bob@fail.example>").status == Status::Reject);  // not sticky
    auto messages = h.sink->messages();
    BOOST_REQUIRE_EQUAL(messages.size(), 2u);
    BOOST_TEST(contains(messages[0], "action=skip-auth"));
    BOOST_TEST(contains(messages[1], "action=reject"));
}

BOOST_AUTO_TEST_CASE(smtp_auth_policy) {
    const std::string map = "SMTP-Auth:good@example.com OK\nSMTP-Auth:example.com REJECT\n";
    Harness h(default_settings(), map);
    auto as = [&](const std::string& user, const std::string& from) {
        auto t = h.session("mx.pass.example");
        t->set_macro(ms::milter::MacroStage::EnvFrom, "{auth_authen}", user);
        return t->envfrom(from);
    };
    BOOST_TEST(as("good", "<x@example.com>").status == Status::Continue);
    auto r = as("bad", "<x@Example.COM>");
    BOOST_TEST(r.status == Status::Reject);
    BOOST_TEST(reply(r) == "550 5.7.1 SMTP user bad is not authorized to send from domain example.com.");
    BOOST_TEST(as("bad", "<x@bad.example.com>").status == Status::Continue);  // no .example.com entry
}

BOOST_AUTO_TEST_CASE(trusted_forwarder_pass_wins) {
    auto s = default_settings();
    s.trusted_forwarders = {"otherfwd.example", "fwd.example"};
    Harness h(s);
    auto t = h.session("mx.fail.example");
    auto r = t->feed_message(kMessage, "<bob@fail.example>", {"<postmaster@mx.test.invalid>"});
    BOOST_TEST(r.status == Status::Continue);
    auto* rs = find_header(*t, "Received-SPF");
    BOOST_REQUIRE(rs);
    BOOST_TEST(contains(rs->value, "envelope-from=\"postmaster@fwd.example\""), rs->value);
    BOOST_TEST(contains(rs->value, "Pass"));
    bool logged = false;
    for (auto& l : h.sink->lines()) logged |= contains(l, "TRUSTED_FORWARDER");
    BOOST_TEST(logged);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(filter_headers)

BOOST_AUTO_TEST_CASE(pass_adds_ar_then_received_spf) {
    Harness h;
    auto t = h.session("mx.pass.example");
    auto r = t->feed_message(kMessage, "<bob@pass.example>", {"<postmaster@mx.test.invalid>"});
    BOOST_TEST(r.status == Status::Continue);
    BOOST_REQUIRE_GE(t->headers().size(), 2u);
    BOOST_TEST(t->headers()[0].name == "Authentication-Results");
    BOOST_TEST(t->headers()[0].value ==
               "mx.test.invalid; spf=pass (mx.test.invalid: domain of pass.example designates 192.0.2.1 as permitted "
               "sender) smtp.mailfrom=pass.example (sender=bob@pass.example; helo=mx.pass.example; "
               "client-ip=192.0.2.1; receiver=mx.test.invalid; mechanism=\"ip4:192.0.2.1\")");
    BOOST_TEST(t->headers()[1].name == "Received-SPF");
    BOOST_TEST(t->headers()[1].value ==
               "Pass (mx.test.invalid: domain of pass.example designates 192.0.2.1 as permitted sender) "
               "client-ip=192.0.2.1; envelope-from=\"bob@pass.example\"; helo=mx.pass.example; "
               "receiver=mx.test.invalid; mechanism=\"ip4:192.0.2.1\"; identity=mailfrom");
    BOOST_TEST(!find_header(*t, "X-Hello-SPF"));
    auto m = h.sink->messages();
    BOOST_REQUIRE_EQUAL(m.size(), 1u);
    BOOST_TEST(m[0] == "message qid=4TESTQID01 ip=192.0.2.1 helo=mx.pass.example from=bob@pass.example spf=pass "
                       "helo_spf=- policy=default action=accept reply=\"\"");
}

BOOST_AUTO_TEST_CASE(separate_helo_check_adds_x_hello_spf_and_second_resinfo) {
    Harness h;
    auto t = h.session("mx.pass.example");
    t->feed_message(kMessage, "<bob@softfail.example>", {"<postmaster@mx.test.invalid>"});
    BOOST_REQUIRE_GE(t->headers().size(), 3u);
    BOOST_TEST(t->headers()[0].name == "Authentication-Results");
    BOOST_TEST(contains(t->headers()[0].value, "spf=softfail"));
    BOOST_TEST(contains(t->headers()[0].value, "; spf=pass (mx.test.invalid: "), t->headers()[0].value);
    BOOST_TEST(contains(t->headers()[0].value, "smtp.helo=mx.pass.example"));
    BOOST_TEST(t->headers()[1].name == "X-Hello-SPF");
    BOOST_TEST(t->headers()[1].value == "pass");
    BOOST_TEST(t->headers()[2].name == "Received-SPF");
    BOOST_TEST(contains(t->headers()[2].value, "SoftFail"));
}

BOOST_AUTO_TEST_CASE(null_sender_is_checked_as_postmaster_at_helo) {
    Harness h;
    auto t = h.session("mx.pass.example");
    t->feed_message(kMessage, "<>", {"<postmaster@mx.test.invalid>"});
    auto* ar = find_header(*t, "Authentication-Results");
    BOOST_REQUIRE(ar);
    BOOST_TEST(contains(ar->value, "spf=pass"));
    BOOST_TEST(contains(ar->value, "smtp.helo=mx.pass.example"), ar->value);
    auto* rs = find_header(*t, "Received-SPF");
    BOOST_REQUIRE(rs);
    BOOST_TEST(contains(rs->value, "identity=helo"), rs->value);
}

BOOST_AUTO_TEST_CASE(forged_authentication_results_are_removed) {
    Harness h;
    auto t = h.session("mx.pass.example");
    const std::string msg =
        "Authentication-Results: other.example; spf=pass smtp.mailfrom=x\n"
        "Authentication-Results: (forged) MX.test.invalid; spf=pass smtp.mailfrom=evil.example\n"
        "Authentication-Results: mx.test.invalid.evil; none\n" + kMessage;
    t->feed_message(msg, "<bob@pass.example>", {"<postmaster@mx.test.invalid>"});
    int ours = 0, others = 0;
    for (auto& hd : t->headers()) {
        if (hd.name != "Authentication-Results") continue;
        if (contains(hd.value, "evil.example")) ++ours;
        if (contains(hd.value, "other.example") || contains(hd.value, "invalid.evil")) ++others;
    }
    BOOST_TEST(ours == 0);
    BOOST_TEST(others == 2);
    BOOST_TEST(t->headers()[0].name == "Authentication-Results");
    BOOST_TEST(contains(t->headers()[0].value, "spf=pass (mx.test.invalid"));
}

BOOST_AUTO_TEST_CASE(without_chghdrs_forged_ar_stays_with_one_warning) {
    Harness h;
    mt::Options o;
    o.offer.actions = ms::milter::Actions::AddHeaders;
    auto t = h.session("mx.pass.example", o);
    t->feed_message("Authentication-Results: mx.test.invalid; spf=pass\n" + kMessage, "<bob@pass.example>",
                    {"<postmaster@mx.test.invalid>"});
    int ar = 0;
    for (auto& hd : t->headers()) ar += hd.name == "Authentication-Results";
    BOOST_TEST(ar == 2);  // ours added, the forged one kept
    int warnings = 0;
    for (auto& l : h.sink->lines()) warnings += contains(l, "CHGHDRS");
    BOOST_TEST(warnings == 1);
}

BOOST_AUTO_TEST_CASE(headers_can_be_turned_off) {
    auto s = default_settings();
    s.received_spf = false;
    s.authentication_results = false;
    s.remove_forged_ar = false;
    Harness h(s);
    auto t = h.session("mx.pass.example");
    t->feed_message(kMessage, "<bob@pass.example>", {"<postmaster@mx.test.invalid>"});
    BOOST_TEST(!find_header(*t, "Received-SPF"));
    BOOST_TEST(!find_header(*t, "Authentication-Results"));
    BOOST_TEST(ms::milter::has(t->negotiated_steps(), ms::milter::Steps::NoHeaders));
}

BOOST_AUTO_TEST_CASE(best_guess_notes_but_never_decides) {
    auto s = default_settings();
    s.best_guess = "v=spf1 a/24 mx/24 ptr";
    Harness h(s, "SPF-None: REJECT\n");
    auto t = h.session("mx.pass.example");
    auto r = t->envfrom("<bob@guess.example>");
    BOOST_TEST(r.status == Status::Reject);  // the real result (none) decides
    Harness h2(s);
    auto t2 = h2.session("mx.pass.example");
    t2->feed_message(kMessage, "<bob@guess.example>", {"<postmaster@mx.test.invalid>"});
    auto* rs = find_header(*t2, "Received-SPF");
    BOOST_REQUIRE(rs);
    BOOST_TEST(contains(rs->value, "; best guess: pass)"), rs->value);
    auto* ar = find_header(*t2, "Authentication-Results");
    BOOST_REQUIRE(ar);
    BOOST_TEST(contains(ar->value, "spf=none"));
    BOOST_TEST(contains(ar->value, "; best guess: pass)"), ar->value);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(filter_modes)

BOOST_AUTO_TEST_CASE(dry_run_never_refuses_but_logs_and_adds_headers) {
    auto s = default_settings();
    s.dry_run = true;
    Harness h(s);
    BOOST_TEST(h.session("")->helo("192.0.2.1").status == Status::Continue);
    auto t = h.session("mx.pass.example");
    auto r = t->feed_message(kMessage, "<bob@fail.example>", {"<postmaster@mx.test.invalid>"});
    BOOST_TEST(r.status == Status::Continue);
    BOOST_TEST(find_header(*t, "Received-SPF"));
    auto m = h.sink->messages();
    BOOST_REQUIRE_EQUAL(m.size(), 2u);
    BOOST_TEST(contains(m[0], "action=would-reject"));
    BOOST_TEST(contains(m[1], "action=would-reject"));
    BOOST_TEST(contains(m[1], "reply=\"550 5.7.1\""));
}

BOOST_AUTO_TEST_CASE(negotiation_and_macro_lists) {
    Harness h;
    auto t = h.context();
    t->negotiate();
    using ms::milter::Steps;
    auto steps = t->negotiated_steps();
    BOOST_TEST(ms::milter::has(steps, Steps::NrConnect | Steps::NrHeader));
    BOOST_TEST(ms::milter::has(steps, Steps::NoRcpt | Steps::NoBody | Steps::NoEoh | Steps::NoData));
    BOOST_TEST(!ms::milter::has(steps, Steps::NoHelo));
    const auto& lists = t->macro_lists();
    BOOST_REQUIRE(lists.count(ms::milter::MacroStage::Connect));
    BOOST_TEST((lists.at(ms::milter::MacroStage::Connect) == std::vector<std::string>{"j", "_"}));
    BOOST_TEST((lists.at(ms::milter::MacroStage::EnvFrom) ==
                std::vector<std::string>{"i", "{auth_authen}", "{auth_type}", "{auth_ssf}"}));
}

BOOST_AUTO_TEST_CASE(missing_j_falls_back_to_hostname_with_one_warning) {
    Harness h;
    for (int i = 0; i < 2; ++i) {
        auto t = h.context();
        t->clear_macro(ms::milter::MacroStage::Connect, "j");
        t->negotiate();
        t->connect("client.test.invalid", {ms::milter::PeerAddress::Inet4, "192.0.2.1", 4000});
        t->helo("mx.pass.example");
        t->feed_message(kMessage, "<bob@pass.example>", {"<postmaster@mx.test.invalid>"});
        auto* ar = find_header(*t, "Authentication-Results");
        BOOST_REQUIRE(ar);
        BOOST_TEST(ar->value.rfind("host.test.invalid; spf=pass", 0) == 0, ar->value);
    }
    int warnings = 0;
    for (auto& l : h.sink->lines()) warnings += contains(l, "no macro j");
    BOOST_TEST(warnings == 1);
}

BOOST_AUTO_TEST_CASE(postfix_profile_logs_queue_id_at_eom) {
    Harness h;
    mt::Options o;
    o.macros = mt::postfix();
    auto t = h.session("mx.pass.example", o);
    t->feed_message(kMessage, "<bob@pass.example>", {"<postmaster@mx.test.invalid>"});
    auto m = h.sink->messages();
    BOOST_REQUIRE_EQUAL(m.size(), 1u);
    BOOST_TEST(contains(m[0], "qid=4TESTQID02"), m[0]);
    auto r = h.session("mx.pass.example", o)->envfrom("<bob@fail.example>");
    BOOST_TEST(r.status == Status::Reject);
    BOOST_TEST(contains(h.sink->messages().at(1), "qid=NOQUEUE"));
}

BOOST_AUTO_TEST_SUITE_END()
