// End to end through a real, private Postfix on loopback (milter.md 2.9): smtpd on
// 127.0.0.1 with smtpd_milters pointing at the real spfmilter, which asks
// ldns-testns on 127.0.0.1 for the SPF records. An SMTP client sends mail: pass is
// accepted and held with Received-SPF and Authentication-Results; fail gets
// 550 5.7.1 with the exp= explanation; temperror 451; a numeric HELO is refused.
#include <boost/test/unit_test.hpp>

#include <memory>
#include <string>

#include "e2e_support.hpp"

namespace e2e = mailsec::spfmilter::e2e;

namespace {

bool starts(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool contains(const std::string& s, const std::string& p) { return s.find(p) != std::string::npos; }

// The shared stack and one Postfix for the suite, or nullptr after a skip message.
struct World {
    e2e::Stack* stack = nullptr;
    std::unique_ptr<e2e::Postfix> postfix;
};

World& world() {
    static World w = [] {
        World out;
        std::string why = e2e::postfix_unavailable();
        if (why.empty()) out.stack = e2e::stack(why);
        if (!out.stack) {
            BOOST_TEST_MESSAGE("skipped: " << why);
            return out;
        }
        out.postfix = std::make_unique<e2e::Postfix>(out.stack->milter_port());
        return out;
    }();
    return w;
}

std::string diagnostics() {
    auto& w = world();
    return "\n--- spfmilter log:\n" + w.stack->milter_log() + "\n--- postfix log:\n" + w.postfix->log();
}

std::string queue_id_of(const std::string& reply) {
    auto pos = reply.find("queued as ");
    return pos == std::string::npos ? "" : reply.substr(pos + 10);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(postfix_e2e)

BOOST_AUTO_TEST_CASE(pass_is_accepted_and_held_with_both_headers) {
    auto& w = world();
    if (!w.postfix) return;
    e2e::SmtpClient c(w.postfix->smtp_port());
    BOOST_TEST(starts(c.command("EHLO client.test"), "250"));
    BOOST_TEST(starts(c.command("MAIL FROM:<alice@pass.test>"), "250"));
    BOOST_TEST(starts(c.command("RCPT TO:<postmaster@mx.test.invalid>"), "250"));
    std::string r = c.data("From: alice@pass.test\nTo: postmaster@mx.test.invalid\nSubject: pass\n\nhello\n");
    BOOST_REQUIRE_MESSAGE(starts(r, "250"), "DATA: " << r << diagnostics());
    c.command("QUIT");
    std::string id = queue_id_of(r);
    BOOST_REQUIRE(!id.empty());
    std::string headers = w.postfix->held_headers(id);
    BOOST_TEST_MESSAGE("held message " << id << ":\n" << headers);
    BOOST_TEST(contains(headers, "Received-SPF: Pass (mx.test.invalid: domain of pass.test designates 127.0.0.1 as "
                                 "permitted sender)"), headers << diagnostics());
    BOOST_TEST(contains(headers, "Authentication-Results: mx.test.invalid; spf=pass"), headers);
    BOOST_TEST(contains(headers, "smtp.mailfrom=pass.test"), headers);
    BOOST_TEST(headers.find("Authentication-Results") < headers.find("Received-SPF"), headers);
    std::string entry = w.postfix->queue_entry(id);
    BOOST_TEST(contains(entry, "\"queue_name\": \"hold\""), "postqueue -j: " << entry);
    BOOST_TEST(contains(w.stack->milter_log(), "qid=" + id), diagnostics());
}

BOOST_AUTO_TEST_CASE(fail_is_rejected_with_the_explanation) {
    auto& w = world();
    if (!w.postfix) return;
    e2e::SmtpClient c(w.postfix->smtp_port());
    c.command("EHLO client.test");
    std::string r = c.command("MAIL FROM:<bob@fail.test>");
    BOOST_TEST(starts(r, "550 5.7.1 Sender bob@fail.test is not allowed here"), r << diagnostics());
    c.command("QUIT");
}

BOOST_AUTO_TEST_CASE(temperror_is_deferred) {
    auto& w = world();
    if (!w.postfix) return;
    e2e::SmtpClient c(w.postfix->smtp_port());
    c.command("EHLO client.test");
    std::string r = c.command("MAIL FROM:<carol@temperror.test>");
    BOOST_TEST(starts(r, "451 4.3.0 SPF Temporary Error"), r << diagnostics());
    c.command("QUIT");
}

BOOST_AUTO_TEST_CASE(numeric_helo_is_refused) {
    auto& w = world();
    if (!w.postfix) return;
    e2e::SmtpClient c(w.postfix->smtp_port());
    std::string ehlo = c.command("EHLO 192.0.2.7");
    std::string r = c.command("MAIL FROM:<alice@pass.test>");
    BOOST_TEST_MESSAGE("EHLO 192.0.2.7: " << ehlo << "\nMAIL: " << r);
    BOOST_TEST((starts(ehlo, "550") || starts(r, "550")), "EHLO: " << ehlo << " MAIL: " << r << diagnostics());
    BOOST_TEST(contains(ehlo + r, "hello name cannot be numeric ip"), "EHLO: " << ehlo << " MAIL: " << r);
    c.command("QUIT");
}

BOOST_AUTO_TEST_SUITE_END()
