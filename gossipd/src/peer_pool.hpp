// gossipd's networked peer client (gossip.md §5, §8): a query's forward goes to
// every asked peer at once, each on a persistent connection of its own pool, with
// per-peer deadlines; the answers come back in configured order. A peer that failed
// (down, timed out, bad or unauthenticated reply, UMIS mismatch) is skipped for
// peer_retry. Requests to a keyed peer carry the A= field and its reply must carry
// a valid A= mac. Runs on the event loop: nothing here blocks.
//
//   gossipd::PeerPool pool(io, directory, settings.peer_timeouts, clock, log);
//   pool.ask(*plan->forward, plan->ask, [&](gossipd::PeerPool::Answers a) {
//       reply(node.finish_query(*plan, a).reply);
//   });
#pragma once

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/gossip/node.hpp"
#include "peer_directory.hpp"
#include "peer_link.hpp"

namespace mailsec::gossipd {

class PeerPool {
public:
    using Answers = std::vector<std::optional<gossip::PeerAnswer>>;
    using Done = std::function<void(Answers)>;

    // At most this many connections to one peer at a time; beyond, the peer is
    // not asked (its answer counts as missing, without a back-off).
    static constexpr std::size_t max_links = 32;
    static constexpr std::size_t max_idle = 8;

    PeerPool(boost::asio::io_context& io, const PeerDirectory& directory, PeerTimeouts timeouts,
             const core::Clock& clock, daemon::Logger log);

    // One slot per configured peer; `done` runs once every asked peer answered or
    // failed, always later on the io_context (never from inside ask()).
    void ask(const gossip::QueryRequest& forward, const std::vector<bool>& ask, Done done);

    bool backing_off(std::size_t peer) const;

private:
    struct Gather;
    struct Peer {
        std::vector<std::shared_ptr<PeerLink>> idle;
        std::size_t busy = 0;
        std::chrono::steady_clock::time_point retry_after{};
    };

    void ask_one(std::size_t peer, const gossip::QueryRequest& forward, const std::shared_ptr<Gather>& gather);
    std::shared_ptr<PeerLink> take_link(std::size_t peer);
    std::optional<gossip::PeerAnswer> judge(std::size_t peer, const gossip::QueryRequest& sent,
                                            const core::Result<std::string>& reply);
    void give_back(std::size_t peer, std::shared_ptr<PeerLink> link, bool ok);

    boost::asio::io_context& io_;
    const PeerDirectory& directory_;
    PeerTimeouts timeouts_;
    const core::Clock& clock_;
    daemon::Logger log_;
    std::vector<Peer> peers_;
};

}  // namespace mailsec::gossipd
