// Fuzz target over the untrusted side of libgossip: the request parser (gossip.md
// §7) and a Node handling the line exactly as gossipd would (§6: one reply per
// request). Any input must give a reply or no reply for an empty line; never a
// crash, an assert or an exception. Reply parsing (what a peer sends back) too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "mailsec/core/clock.hpp"
#include "mailsec/gossip/node.hpp"
#include "mailsec/gossip/protocol.hpp"
#include "mailsec/gossip/sqlite_store.hpp"

namespace gossip = mailsec::gossip;
namespace core = mailsec::core;

namespace {

struct Targets {
    core::ManualClock clock{core::Clock::time_point{std::chrono::seconds{1000000000}}};
    std::unique_ptr<gossip::SqliteStore> store = gossip::SqliteStore::open(":memory:").value();
    gossip::Node node{*store, clock};
    gossip::Caller caller{"127.0.0.1", std::nullopt, false, true};
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Targets t;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    auto request = gossip::parse_request(input);
    if (request) {
        // A parsed request formats back to a line that parses to the same line.
        const auto line = gossip::format_request(*request);
        auto again = gossip::parse_request(line);
        if (!again || gossip::format_request(*again) != line) std::abort();
    }
    (void)gossip::salvage_umis(input);
    (void)gossip::parse_answer(input);
    auto reply = t.node.handle_line(input, t.caller);
    if (reply && (reply->size() < 2 || reply->substr(reply->size() - 2) != "\n\n")) std::abort();
    return 0;
}
