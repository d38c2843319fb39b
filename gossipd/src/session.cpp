// gossip.md §6/§7 on one connection: strict request/reply in order, one reply per
// request, ERROR for bad input, §8 peer authentication for keyed peers.
#include "session.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>

#include "mailsec/core/ascii.hpp"

namespace mailsec::gossipd {

namespace asio = boost::asio;
using boost::system::error_code;

gossip::Caller identify_caller(const Address& remote, const PeerDirectory& directory, const Settings& settings) {
    const Address a = normalize(remote);
    return gossip::Caller{a.to_string(), directory.identify(a), settings.trusted_feedback.contains(a),
                          settings.admin_clients.contains(a)};
}

Session::Session(Socket socket, gossip::Caller caller, std::shared_ptr<ServerContext> context)
    : socket_(std::move(socket)),
      idle_(socket_.get_executor()),
      caller_(std::move(caller)),
      context_(std::move(context)),
      ctx_(*context_) {
    ++ctx_.connections;
}

Session::~Session() { --ctx_.connections; }

void Session::start() {
    error_code ignored;
    socket_.set_option(asio::ip::tcp::no_delay(true), ignored);  // replies are whole lines already
    read();
}

void Session::close() {
    error_code ignored;
    idle_.cancel();
    socket_.close(ignored);
}

void Session::arm_idle_timer() {
    idle_.expires_after(ctx_.settings.limits.idle_timeout);
    idle_.async_wait([weak = weak_from_this()](const error_code& ec) {
        auto self = weak.lock();
        if (ec || !self || self->busy_) return;
        self->ctx_.log.debug("idle connection closed", {{"client", self->caller_.address}});
        self->close();
    });
}

void Session::read() {
    arm_idle_timer();
    socket_.async_read_some(asio::buffer(in_), [self = shared_from_this()](const error_code& ec, std::size_t n) {
        if (ec) return self->close();
        self->reader_.append(std::string_view(self->in_.data(), n));
        self->process();
    });
}

// Handles every complete line unless a query parks the session; then leaves the
// replies to the batch commit, which writes them in one go (and reads again).
void Session::process() {
    join_batch();
    while (!busy_) {
        auto line = reader_.next();
        if (!line) break;
        handle(*line);
    }
    if (busy_) return;
    if (out_.empty()) return read();
    ctx_.batch.waiting.push_back(shared_from_this());
}

// Opens the turn's batch if none is open and makes sure its commit is posted, so
// it runs after the other handlers that are ready now. If the batch cannot be
// opened every write is durable by itself; replies still wait for the commit step.
void Session::join_batch() {
    auto& batch = ctx_.batch;
    if (!batch.open) {
        if (auto st = ctx_.node.begin_batch(); st)
            batch.open = true;
        else
            ctx_.log.error("store batch failed", {{"reason", st.error().message}});
    }
    if (batch.commit_posted) return;
    batch.commit_posted = true;
    asio::post(socket_.get_executor(), [context = context_] { commit_batch(*context); });
}

// COMMIT, then the parked replies. A failed commit is logged and the replies still
// go out, as for any failed store write (gossip.md §6: F is always acknowledged).
void Session::commit_batch(ServerContext& ctx) {
    auto& batch = ctx.batch;
    if (batch.open) {
        batch.open = false;
        if (auto st = ctx.node.end_batch(); !st) ctx.log.error("store commit failed", {{"reason", st.error().message}});
    }
    batch.commit_posted = false;
    auto waiting = std::move(batch.waiting);
    batch.waiting.clear();
    for (const auto& session : waiting) {
        if (session->socket_.is_open())
            session->write();
        else
            session->out_.clear();
    }
}

void Session::write() {
    asio::async_write(socket_, asio::buffer(out_), [self = shared_from_this()](const error_code& ec, std::size_t) {
        if (ec) return self->close();
        self->out_.clear();
        self->read();
    });
}

void Session::bad_request(std::string_view line, const std::string& reason) {
    ctx_.log.warning("bad request", {{"client", caller_.address}, {"reason", reason}});
    out_ += gossip::to_wire(gossip::error_reply(gossip::salvage_umis(line)));
}

void Session::handle(const Line& line) {
    if (line.too_long) return bad_request({}, "line longer than 1024 bytes");
    const auto text = core::trim(line.text);
    if (text.empty()) return;  // §6: no reply
    auto request = gossip::parse_request(text);
    if (!request) return bad_request(text, request.error().message);
    if (const auto* q = std::get_if<gossip::QueryRequest>(&*request)) return query(*q);
    out_ += gossip::to_wire(ctx_.node.handle(*request, caller_));
}

const std::string* Session::peer_secret() const {
    if (!caller_.peer) return nullptr;
    const auto& secret = ctx_.directory.spec(*caller_.peer).secret;
    return secret.empty() ? nullptr : &secret;
}

void Session::query(const gossip::QueryRequest& q) {
    if (const auto* secret = peer_secret()) {
        const auto now = std::chrono::duration_cast<std::chrono::seconds>(ctx_.clock.now().time_since_epoch());
        if (auto st = ctx_.verifier.verify(*secret, q, now.count()); !st) {
            ctx_.log.warning("peer authentication failed",
                             {{"client", caller_.address}, {"reason", st.error().message}});
            out_ += gossip::to_wire(gossip::error_reply(q.umis));
            return;
        }
    }
    auto plan = ctx_.node.plan_query(q, caller_);
    if (!plan) {
        ctx_.log.error("query failed", {{"key", q.key()}, {"reason", plan.error().message}});
        out_ += gossip::to_wire(gossip::error_reply(q.umis));
        return;
    }
    if (!plan->forward || ctx_.pool == nullptr) return answer(*plan, {});
    busy_ = true;
    auto shared_plan = std::make_shared<gossip::QueryPlan>(std::move(*plan));
    ctx_.pool->ask(*shared_plan->forward, shared_plan->ask,
                   [self = shared_from_this(), shared_plan](const PeerPool::Answers& answers) {
                       self->busy_ = false;
                       self->join_batch();  // finish_query's writes join this turn's batch
                       self->answer(*shared_plan, answers);
                       if (self->socket_.is_open()) self->process();
                   });
}

void Session::answer(const gossip::QueryPlan& plan, const PeerPool::Answers& answers) {
    std::string reply = ctx_.node.finish_query(plan, answers).reply;
    if (const auto* secret = peer_secret(); secret != nullptr && plan.request.auth)
        reply = gossip::sign_reply(*secret, reply, gossip::auth_mac(*plan.request.auth));
    out_ += gossip::to_wire(reply);
}

}  // namespace mailsec::gossipd
