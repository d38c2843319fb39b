// The server-side core of a GOSSiP node (gossip.md §5, §6, §8), independent of
// sockets: it handles one request at a time given a Store, a Clock and a PeerClient
// (the daemon's networking seam). gossipd reads lines, works out who the caller is,
// and hands each line to handle_line(); the reply bytes go back on the same connection.
//
//   gossip::Node node(store, clock, options, &peer_client, logger);
//   gossip::Caller caller{.address = "127.0.0.1", .admin = true};
//   if (auto out = node.handle_line("Q:example.com:SPF:1:U1", caller)) write(fd, *out);
//
// An event loop that must not block on peers uses the two phases instead:
//   auto plan = node.plan_query(q, caller);                 // local lookup, what to ask
//   ... send plan->forward to the peers with plan->ask[i], collect answers ...
//   auto outcome = node.finish_query(*plan, answers);       // aggregate, assess, register
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/core/result.hpp"
#include "mailsec/gossip/aggregate.hpp"
#include "mailsec/gossip/protocol.hpp"
#include "mailsec/gossip/store.hpp"

namespace mailsec::gossip {

struct NodeOptions {
    int maxobs = max_observations;                // ring size of new records (§2)
    std::size_t qsize = 1000;                     // pending-feedback entries (§6)
    std::chrono::seconds pending_ttl{7 * 86400};  // §6
    std::size_t relay_size = 1000;                // UMIS relayed by peers (§6)
    int max_ttl = 2;                              // §5 fan-out uses min(ttl, max_ttl)
    std::chrono::seconds max_age{360 * 86400};    // §8 online expiry
    Threshold threshold;                          // §5 verdict, floats
    std::vector<std::string> peers;               // hosts as configured, in order
};

// Who sent the request, as the daemon established it (§8).
struct Caller {
    std::string address;              // normalized address: the origin of pending feedback
    std::optional<std::size_t> peer;  // index into NodeOptions::peers when the caller is that peer
    bool trusted_feedback = false;    // in trusted_feedback: may send F for any UMIS
    bool admin = false;               // in admin_clients: may send R
};

// A peer's answer as wire integers (clamped by the node, §8).
struct PeerAnswer {
    int rep = 0;
    int cfi = 0;
};

// The daemon's side of peering: asks peers in parallel with per-peer deadlines.
class PeerClient {
public:
    virtual ~PeerClient() = default;
    // Sends `forward` to each peer i with ask[i]; returns one slot per configured
    // peer in configured order, nullopt when that peer gave no usable answer (backing
    // off, failed, timed out, bad reply or a UMIS other than forward.umis).
    virtual std::vector<std::optional<PeerAnswer>> ask(const QueryRequest& forward, const std::vector<bool>& ask) = 0;
};

enum class LogLevel { debug, info, warning, error };
// Receives a fixed message followed by key=value fields.
using Logger = std::function<void(LogLevel, const std::string&)>;

// Phase one of a query (§5): the local opinion and what to ask the peers.
struct QueryPlan {
    QueryRequest request;
    Caller caller;
    Opinion local;
    bool seen = false;
    std::optional<QueryRequest> forward;  // set when peers are to be asked (ttl - 1, same UMIS)
    std::vector<bool> ask;                // per configured peer (false for the caller itself)
};

// Phase two: the combined opinion (floats, for logs and tests) and the reply line.
struct QueryOutcome {
    Opinion opinion;
    std::string reply;
};

class Node {
public:
    // `store`, `clock` and `peers` must outlive the node; peers may be null (no peering).
    Node(Store& store, const core::Clock& clock, NodeOptions options = {}, PeerClient* peers = nullptr,
         Logger log = {});

    // One raw line: nullopt when it is empty after stripping (§6: no reply), else the
    // reply bytes including the terminating empty line. Exactly one reply per request.
    std::optional<std::string> handle_line(std::string_view line, const Caller& caller);

    // One parsed request; the reply line without terminator.
    std::string handle(const Request& request, const Caller& caller);

    core::Result<QueryPlan> plan_query(const QueryRequest& request, const Caller& caller);
    QueryOutcome finish_query(const QueryPlan& plan, const std::vector<std::optional<PeerAnswer>>& answers);
    std::string feedback(const FeedbackRequest& request, const Caller& caller);
    std::string reset(const ResetRequest& request, const Caller& caller);

    // Group commit (Store::begin_batch/end_batch): a daemon opens a batch, handles
    // the requests that arrived together, and sends their replies only after
    // end_batch() succeeded. Without a batch every request is durable by itself.
    core::Status begin_batch() { return store_.begin_batch(); }
    core::Status end_batch() { return store_.end_batch(); }

    // §8 online expiry (the daemon calls it hourly).
    core::Result<ExpiryCount> expire();

    // §8: the Client's calls in-process, as a trusted local admin caller.
    core::Result<Answer> query(std::string_view umis, std::string_view id, std::string_view qual, int ttl = 1);
    core::Status feedback(std::string_view umis, bool spam);
    core::Status reset(std::string_view id, std::string_view qual);

    const NodeOptions& options() const { return options_; }

private:
    double now() const;
    bool seen(std::string_view umis);
    double trust(std::size_t peer);
    void assess_peers(const QueryPlan& plan, Opinion result);
    void remember(const QueryPlan& plan);
    void log(LogLevel level, const std::string& message) const;

    Store& store_;
    const core::Clock& clock_;
    NodeOptions options_;
    PeerClient* peers_;
    Logger log_;

    std::mutex mutex_;           // guards last_ and the relay ring
    std::vector<Opinion> last_;  // §5 peer.last, stale when a peer did not answer
    std::deque<std::string> relay_order_;
    std::unordered_multiset<std::string> relay_;
};

}  // namespace mailsec::gossip
