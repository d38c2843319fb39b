// A program outside the mailsec tree that links libmailsec-dns from an install prefix.
#include <chrono>
#include <iostream>
#include <mailsec/dns/caching_resolver.hpp>
#include <mailsec/dns/zone_resolver.hpp>

int main() {
    namespace dns = mailsec::dns;
    auto zone = dns::parse_zone_text("example.com. 300 IN TXT \"v=spf1 \" \"-all\"\n");
    if (!zone) {
        std::cerr << zone.error().message << '\n';
        return 1;
    }
    dns::ZoneResolver zones(std::move(*zone));
    mailsec::core::SystemClock clock;
    dns::CachingResolver cache(zones, dns::CacheOptions{}, clock);
    auto answer = cache.lookup("Example.COM", dns::RecordType::TXT, std::chrono::seconds{1});
    std::cout << dns::to_string(answer.status);
    for (const auto& txt : answer.txt) std::cout << ' ' << txt.joined();
    std::cout << '\n';
    return answer.status == dns::Status::records ? 0 : 1;
}
