// A program outside the mailsec tree that links libmailsec-spf from an install prefix.
#include <iostream>
#include <mailsec/dns/zone_resolver.hpp>
#include <mailsec/spf/checker.hpp>

int main() {
    namespace dns = mailsec::dns;
    namespace spf = mailsec::spf;
    auto zone = dns::parse_zone_text("example.com TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n");
    if (!zone) return 1;
    dns::ZoneResolver resolver(std::move(*zone));
    mailsec::core::SystemClock clock;
    spf::Checker checker(resolver, spf::Options{}, clock);
    auto ip = spf::IpAddress::parse("192.0.2.1");
    if (!ip) return 1;
    spf::Outcome outcome = checker.check_mailfrom(*ip, "alice@example.com", "mail.example.com");
    std::cout << spf::to_string(outcome.result) << '\n';
    return outcome.result == spf::Result::pass ? 0 : 1;
}
