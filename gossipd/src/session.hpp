// One client (or peer) connection of gossipd: reads request lines, answers each
// with exactly one reply in order (gossip.md §6, §7), and parks while a query waits
// for its peers, so the event loop keeps serving everybody else. Internal to Server.
#pragma once

#include <array>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <memory>
#include <string>
#include <vector>

#include "config.hpp"
#include "line_reader.hpp"
#include "mailsec/core/clock.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/gossip/node.hpp"
#include "mailsec/gossip/peer_auth.hpp"
#include "peer_directory.hpp"
#include "peer_pool.hpp"

namespace mailsec::gossipd {

class Session;

// Group commit of one event-loop turn: the first session to handle requests opens
// a store batch and posts its commit; every session that has replies parks them
// here, and they are written only after the commit (durable before the reply).
struct Batch {
    bool open = false;         // the node's store batch is open
    bool commit_posted = false;
    std::vector<std::shared_ptr<Session>> waiting;  // replies to write after COMMIT
};

// What the server and its sessions share.
struct ServerContext {
    gossip::Node& node;
    PeerPool* pool;  // null without peers
    const PeerDirectory& directory;
    const Settings& settings;
    const core::Clock& clock;
    daemon::Logger log;
    gossip::RequestVerifier verifier{};
    std::size_t connections = 0;
    Batch batch{};
};

// The caller as gossip.md §8 identifies it: normalized address, peer, privileges.
gossip::Caller identify_caller(const Address& remote, const PeerDirectory& directory, const Settings& settings);

class Session : public std::enable_shared_from_this<Session> {
public:
    using Socket = boost::asio::ip::tcp::socket;
    Session(Socket socket, gossip::Caller caller, std::shared_ptr<ServerContext> context);
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;
    void start();

private:
    void read();
    void process();
    void handle(const Line& line);
    void query(const gossip::QueryRequest& q);
    void answer(const gossip::QueryPlan& plan, const PeerPool::Answers& answers);
    void bad_request(std::string_view line, const std::string& reason);
    const std::string* peer_secret() const;
    void join_batch();
    static void commit_batch(ServerContext& ctx);
    void write();
    void arm_idle_timer();
    void close();

    Socket socket_;
    boost::asio::steady_timer idle_;
    gossip::Caller caller_;
    std::shared_ptr<ServerContext> context_;
    ServerContext& ctx_;
    LineReader reader_;
    std::array<char, 16384> in_{};
    std::string out_;
    bool busy_ = false;  // a query is waiting for its peers
};

}  // namespace mailsec::gossipd
