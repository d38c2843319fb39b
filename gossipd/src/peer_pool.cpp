// gossip.md §5 "answers collected in parallel, used in this order" and §8's
// per-peer deadlines, back-off, clamping and optional HMAC.
#include "peer_pool.hpp"

#include <boost/asio/post.hpp>

#include "mailsec/gossip/peer_auth.hpp"

namespace mailsec::gossipd {

struct PeerPool::Gather {
    Answers answers;
    std::size_t pending = 0;
    Done done;
    void settle() {
        if (--pending == 0) done(std::move(answers));
    }
};

PeerPool::PeerPool(boost::asio::io_context& io, const PeerDirectory& directory, PeerTimeouts timeouts,
                   const core::Clock& clock, daemon::Logger log)
    : io_(io),
      directory_(directory),
      timeouts_(timeouts),
      clock_(clock),
      log_(std::move(log)),
      peers_(directory.size()) {}

bool PeerPool::backing_off(std::size_t peer) const {
    return std::chrono::steady_clock::now() < peers_.at(peer).retry_after;
}

void PeerPool::ask(const gossip::QueryRequest& forward, const std::vector<bool>& ask, Done done) {
    auto gather = std::make_shared<Gather>();
    gather->answers.resize(peers_.size());
    gather->done = std::move(done);
    gather->pending = 1;  // held until every request is sent, so done runs once
    for (std::size_t i = 0; i < peers_.size() && i < ask.size(); ++i) {
        if (!ask[i] || backing_off(i) || directory_.endpoints(i).empty()) continue;
        ask_one(i, forward, gather);
    }
    // Never call back from inside ask(): the session is still handling its line.
    if (--gather->pending == 0) boost::asio::post(io_, [gather] { gather->done(std::move(gather->answers)); });
}

std::shared_ptr<PeerLink> PeerPool::take_link(std::size_t peer) {
    auto& p = peers_[peer];
    if (!p.idle.empty()) {
        auto link = std::move(p.idle.back());
        p.idle.pop_back();
        return link;
    }
    if (p.busy >= max_links) return nullptr;
    return std::make_shared<PeerLink>(io_, directory_.endpoints(peer), timeouts_);
}

void PeerPool::ask_one(std::size_t peer, const gossip::QueryRequest& forward, const std::shared_ptr<Gather>& gather) {
    auto link = take_link(peer);
    if (!link) return;
    ++peers_[peer].busy;
    ++gather->pending;
    gossip::QueryRequest sent = forward;
    const auto& secret = directory_.spec(peer).secret;
    if (!secret.empty())
        sent.auth = gossip::make_auth(
            secret, sent, std::chrono::duration_cast<std::chrono::seconds>(clock_.now().time_since_epoch()).count());
    link->exchange(gossip::format_request(sent), [this, peer, sent, link, gather](const core::Result<std::string>& r) {
        auto answer = judge(peer, sent, r);
        give_back(peer, link, answer.has_value());
        gather->answers[peer] = answer;
        gather->settle();
    });
}

std::optional<gossip::PeerAnswer> PeerPool::judge(std::size_t peer, const gossip::QueryRequest& sent,
                                                  const core::Result<std::string>& reply) {
    const auto& name = directory_.spec(peer).name;
    auto failed = [&](const std::string& why) -> std::optional<gossip::PeerAnswer> {
        peers_[peer].retry_after = std::chrono::steady_clock::now() + timeouts_.retry;
        log_.warning("peer failed", {{"peer", name}, {"umis", sent.umis}, {"reason", why}});
        return std::nullopt;
    };
    if (!reply) return failed(reply.error().code + ": " + reply.error().message);
    std::string line = *reply;
    if (sent.auth) {
        auto verified = gossip::verify_reply(directory_.spec(peer).secret, line, gossip::auth_mac(*sent.auth));
        if (!verified) return failed("reply authentication: " + verified.error().message);
        line = std::move(*verified);
    }
    auto answer = gossip::parse_answer(line);
    if (!answer) return failed(answer.error().message);
    if (answer->umis != sent.umis) return failed("reply for another umis");
    log_.debug("peer answered", {{"peer", name}, {"umis", sent.umis}, {"rep", answer->rep}, {"cfi", answer->cfi}});
    return gossip::PeerAnswer{answer->rep, answer->cfi};  // the node clamps (§8)
}

void PeerPool::give_back(std::size_t peer, std::shared_ptr<PeerLink> link, bool ok) {
    auto& p = peers_[peer];
    --p.busy;
    if (ok && link->healthy() && p.idle.size() < max_idle)
        p.idle.push_back(std::move(link));
    else
        link->close();
}

}  // namespace mailsec::gossipd
