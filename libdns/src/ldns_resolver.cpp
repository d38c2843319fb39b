// LdnsResolver: dns::Resolver over the network with ldns 1.8.3 (dns-mime.md A1, A2).
//
// ldns is used only to build, send and parse packets. Retries, the per-call
// deadline, TCP fallback on truncation, CNAME walking and classification are done
// here, because ldns' own versions either overshoot a deadline (servers x retries x
// timeout, plus fallback sends) or hide information we need (reply ids, TC).
#include "mailsec/dns/ldns_resolver.hpp"

#include <arpa/inet.h>
#include <ldns/ldns.h>
#include <pthread.h>
#include <signal.h>
#include <sys/time.h>

#include <algorithm>
#include <charconv>
#include <limits>
#include <mutex>
#include <utility>

#include "mailsec/core/ascii.hpp"

namespace mailsec::dns {

namespace {

using Clock = std::chrono::steady_clock;
using std::chrono::duration_cast;
using std::chrono::microseconds;
using std::chrono::milliseconds;

// Move-only owners (std::unique_ptr) for the ldns objects: nothing else frees them.
template <typename T, void (*Free)(T*)>
struct LdnsDeleter {
    void operator()(T* p) const noexcept { Free(p); }
};
using ResolverPtr = std::unique_ptr<ldns_resolver, LdnsDeleter<ldns_resolver, ldns_resolver_deep_free>>;
using PktPtr = std::unique_ptr<ldns_pkt, LdnsDeleter<ldns_pkt, ldns_pkt_free>>;
using RdfPtr = std::unique_ptr<ldns_rdf, LdnsDeleter<ldns_rdf, ldns_rdf_deep_free>>;
using RrListPtr = std::unique_ptr<ldns_rr_list, LdnsDeleter<ldns_rr_list, ldns_rr_list_deep_free>>;

core::Error bad_nameserver(std::string_view text, std::string_view why) {
    return core::make_error("bad-nameserver", "bad nameserver \"" + std::string(text) + "\": " + std::string(why));
}

std::string ldns_error(ldns_status status) {
    const char* text = ldns_get_errorstr_by_id(status);
    return text != nullptr ? text : "ldns status " + std::to_string(static_cast<int>(status));
}

// A query name in wire form, built from the normalised text label by label so that
// bytes such as '\\' reach the wire verbatim (ldns_dname_new_frm_str would read escapes).
RdfPtr make_dname(std::string_view name) {
    std::string wire;
    while (!name.empty()) {
        std::size_t dot = name.find('.');
        std::string_view label = name.substr(0, dot);
        wire.push_back(static_cast<char>(label.size()));
        wire.append(label);
        name = dot == std::string_view::npos ? std::string_view{} : name.substr(dot + 1);
    }
    wire.push_back('\0');
    return RdfPtr(ldns_dname_new_frm_data(static_cast<std::uint16_t>(wire.size()), wire.data()));
}

// The name as mailsec writes names: labels joined with '.', lowercase, no trailing dot.
std::string dname_text(const ldns_rdf* rdf) {
    std::string out;
    if (rdf == nullptr || ldns_rdf_get_type(rdf) != LDNS_RDF_TYPE_DNAME) return out;
    const std::uint8_t* data = ldns_rdf_data(rdf);
    std::size_t size = ldns_rdf_size(rdf);
    std::size_t pos = 0;
    while (pos < size && data[pos] != 0) {
        std::size_t len = data[pos++];
        if (pos + len > size) break;
        if (!out.empty()) out += '.';
        for (std::size_t i = 0; i < len; ++i) out += core::ascii_lower(static_cast<char>(data[pos + i]));
        pos += len;
    }
    return out;
}

bool same_name(const ldns_rdf* a, const ldns_rdf* b) { return ldns_dname_compare(a, b) == 0; }

std::string rcode_name(ldns_pkt_rcode rcode) {
    const ldns_lookup_table* entry = ldns_lookup_by_id(ldns_rcodes, static_cast<int>(rcode));
    return entry != nullptr ? entry->name : "rcode " + std::to_string(static_cast<int>(rcode));
}

std::optional<std::string> address_text(const ldns_rdf* rdf) {
    char buf[INET6_ADDRSTRLEN] = {};
    if (ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_A && ldns_rdf_size(rdf) == 4)
        return std::string(inet_ntop(AF_INET, ldns_rdf_data(rdf), buf, sizeof buf));
    if (ldns_rdf_get_type(rdf) == LDNS_RDF_TYPE_AAAA && ldns_rdf_size(rdf) == 16)
        return std::string(inet_ntop(AF_INET6, ldns_rdf_data(rdf), buf, sizeof buf));
    return std::nullopt;
}

// ldns writes TCP queries with plain send(): a peer that already reset the
// connection would raise SIGPIPE and kill the process. Block it in this thread
// around TCP sends and swallow one that became pending.
class SigpipeBlock {
public:
    SigpipeBlock() {
        sigemptyset(&pipe_);
        sigaddset(&pipe_, SIGPIPE);
        sigset_t pending;
        sigpending(&pending);
        was_pending_ = sigismember(&pending, SIGPIPE) == 1;
        pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
    }
    ~SigpipeBlock() {
        sigset_t pending;
        sigpending(&pending);
        if (!was_pending_ && sigismember(&pending, SIGPIPE) == 1) {
            timespec zero{0, 0};
            sigtimedwait(&pipe_, nullptr, &zero);
        }
        pthread_sigmask(SIG_SETMASK, &old_, nullptr);
    }
    SigpipeBlock(const SigpipeBlock&) = delete;
    SigpipeBlock& operator=(const SigpipeBlock&) = delete;

private:
    sigset_t pipe_{};
    sigset_t old_{};
    bool was_pending_ = false;
};

// The outcome of one query: a reply that matches it, or why there is none.
struct Exchange {
    PktPtr reply;
    std::string error;
};

// Checks that a reply belongs to the query: ldns itself accepts any datagram that
// arrives on the socket, whatever its id or question.
std::string mismatch(const ldns_pkt* query, const ldns_pkt* reply) {
    if (ldns_pkt_id(reply) != ldns_pkt_id(query)) return "reply id does not match the query";
    if (!ldns_pkt_qr(reply) || ldns_pkt_get_opcode(reply) != LDNS_PACKET_QUERY) return "reply is not a query response";
    ldns_pkt_rcode rcode = ldns_pkt_get_rcode(reply);
    if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN) return {};  // tempfail anyway
    const ldns_rr_list* question = ldns_pkt_question(reply);
    const ldns_rr* asked = ldns_rr_list_rr(ldns_pkt_question(query), 0);
    const ldns_rr* echoed = ldns_rr_list_rr_count(question) == 1 ? ldns_rr_list_rr(question, 0) : nullptr;
    if (echoed == nullptr || ldns_rr_get_type(echoed) != ldns_rr_get_type(asked) ||
        !same_name(ldns_rr_owner(echoed), ldns_rr_owner(asked)))
        return "reply question does not match the query";
    return {};
}

// Statuses that mean "no reply from any server": worth another try.
bool no_reply(ldns_status status) {
    return status == LDNS_STATUS_NETWORK_ERR || status == LDNS_STATUS_SOCKET_ERROR ||
           status == LDNS_STATUS_RES_NO_NS || status == LDNS_STATUS_ERR;
}

}  // namespace

struct LdnsResolver::Impl {
    LdnsOptions options;
    std::vector<Nameserver> servers;
    ResolverPtr prototype;  // configured once, never queried; cloned per concurrent lookup

    std::mutex mutex;
    std::vector<ResolverPtr> idle;  // clones not in use; a lookup borrows one (ldns resolvers are not thread-safe)

    ResolverPtr acquire() {
        std::lock_guard lock(mutex);
        if (!idle.empty()) {
            ResolverPtr r = std::move(idle.back());
            idle.pop_back();
            return r;
        }
        return ResolverPtr(ldns_resolver_clone(prototype.get()));
    }
    void release(ResolverPtr r) {
        std::lock_guard lock(mutex);
        idle.push_back(std::move(r));
    }

    ldns_status send(ldns_resolver* r, ldns_pkt* query, Deadline deadline, PktPtr& reply, bool& deadline_hit) const;
    Exchange exchange(ldns_resolver* r, const ldns_rdf* name, RecordType type, Deadline deadline) const;
};

// One send with our own retry loop: each round tries every server once with a
// per-try timeout of min(configured, time left / servers), so a round never
// outlasts the deadline.
ldns_status LdnsResolver::Impl::send(ldns_resolver* r, ldns_pkt* query, Deadline deadline, PktPtr& reply,
                                     bool& deadline_hit) const {
    ldns_status status = LDNS_STATUS_NETWORK_ERR;
    std::size_t count = ldns_resolver_nameserver_count(r);
    for (int attempt = 0; attempt < options.retries; ++attempt) {
        auto left = duration_cast<microseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            deadline_hit = true;
            return LDNS_STATUS_NETWORK_ERR;
        }
        auto per_try = std::min<microseconds>(options.timeout, left / static_cast<long>(std::max<std::size_t>(count, 1)));
        timeval tv{};
        tv.tv_sec = static_cast<time_t>(per_try.count() / 1'000'000);
        tv.tv_usec = static_cast<suseconds_t>(per_try.count() % 1'000'000);
        ldns_resolver_set_timeout(r, tv);
        // ldns marks a server that failed all tries RTT_INF and never tries it again
        // (every later query: RES_NO_NS in 0 ms). Give every server a fresh chance.
        for (std::size_t i = 0; i < count; ++i) ldns_resolver_set_nameserver_rtt(r, i, LDNS_RESOLV_RTT_MIN);
        ldns_pkt* raw = nullptr;
        status = ldns_resolver_send_pkt(&raw, r, query);
        reply.reset(raw);
        if (status == LDNS_STATUS_OK && reply) return status;
        reply.reset();
        if (!no_reply(status)) return status;
    }
    deadline_hit = Clock::now() >= deadline;
    return status;
}

Exchange LdnsResolver::Impl::exchange(ldns_resolver* r, const ldns_rdf* name, RecordType type,
                                      Deadline deadline) const {
    Exchange out;
    ldns_pkt* raw = nullptr;
    ldns_status status = ldns_resolver_prepare_query_pkt(&raw, r, name, static_cast<ldns_rr_type>(type),
                                                         LDNS_RR_CLASS_IN, LDNS_RD);
    PktPtr query(raw);
    if (status != LDNS_STATUS_OK || !query) {
        out.error = "cannot build query: " + ldns_error(status);
        return out;
    }
    auto fail = [&](ldns_status s, bool deadline_hit, std::string_view prefix) {
        if (deadline_hit) return std::string(prefix) + "timeout";
        // ldns reports a silent server, and a TCP peer that closed early, as NETWORK_ERR.
        if (s == LDNS_STATUS_NETWORK_ERR)
            return std::string(prefix) + (ldns_resolver_usevc(r) ? "no reply (timeout or connection closed)" : "timeout");
        if (no_reply(s)) return std::string(prefix) + "network error: " + ldns_error(s);
        return std::string(prefix) + "unparsable reply: " + ldns_error(s);
    };

    bool deadline_hit = false;
    status = send(r, query.get(), deadline, out.reply, deadline_hit);
    if (status != LDNS_STATUS_OK) {
        out.error = fail(status, deadline_hit, "");
        return out;
    }
    if (std::string why = mismatch(query.get(), out.reply.get()); !why.empty()) {
        out.reply.reset();
        out.error = why;
        return out;
    }
    if (!ldns_pkt_tc(out.reply.get())) return out;

    // TC=1 over UDP: the answer is incomplete; ask again over TCP (RFC 7766 §5).
    out.reply.reset();
    if (!options.tcp_fallback) {
        out.error = "truncated reply and TCP fallback is off";
        return out;
    }
    SigpipeBlock no_sigpipe;
    ldns_resolver_set_usevc(r, true);
    deadline_hit = false;
    status = send(r, query.get(), deadline, out.reply, deadline_hit);
    if (status != LDNS_STATUS_OK) out.error = fail(status, deadline_hit, "TCP retry failed: ");
    ldns_resolver_set_usevc(r, false);
    if (status != LDNS_STATUS_OK) {
        out.reply.reset();
    } else if (std::string why = mismatch(query.get(), out.reply.get()); !why.empty()) {
        out.reply.reset();
        out.error = "TCP retry failed: " + why;
    }
    return out;
}

namespace {

// min(SOA TTL, SOA MINIMUM) of the authority SOA (RFC 2308 §5); nullopt without one.
std::optional<std::uint32_t> negative_ttl(const ldns_pkt* reply) {
    RrListPtr soas(ldns_pkt_rr_list_by_type(reply, LDNS_RR_TYPE_SOA, LDNS_SECTION_AUTHORITY));
    if (!soas) return std::nullopt;
    for (std::size_t i = 0; i < ldns_rr_list_rr_count(soas.get()); ++i) {
        const ldns_rr* soa = ldns_rr_list_rr(soas.get(), i);
        if (ldns_rr_rd_count(soa) < 7 || ldns_rdf_size(ldns_rr_rdf(soa, 6)) != 4) continue;
        return std::min(ldns_rr_ttl(soa), ldns_rdf2native_int32(ldns_rr_rdf(soa, 6)));
    }
    return std::nullopt;
}

// Appends the data of one RR of the asked type; false when its rdata is malformed.
bool extract(const ldns_rr* rr, RecordType type, Answer& answer) {
    std::size_t count = ldns_rr_rd_count(rr);
    auto rdf = [&](std::size_t i) { return ldns_rr_rdf(rr, i); };
    switch (type) {
        case RecordType::A: {
            if (count != 1 || ldns_rdf_size(rdf(0)) != 4) return false;
            Ipv4Address a{};
            std::copy_n(ldns_rdf_data(rdf(0)), 4, a.begin());
            answer.a.push_back(a);
            return true;
        }
        case RecordType::AAAA: {
            if (count != 1 || ldns_rdf_size(rdf(0)) != 16) return false;
            Ipv6Address a{};
            std::copy_n(ldns_rdf_data(rdf(0)), 16, a.begin());
            answer.aaaa.push_back(a);
            return true;
        }
        case RecordType::MX:
            if (count != 2 || ldns_rdf_size(rdf(0)) != 2 || ldns_rdf_get_type(rdf(1)) != LDNS_RDF_TYPE_DNAME)
                return false;
            answer.mx.push_back(MxRecord{ldns_rdf2native_int16(rdf(0)), dname_text(rdf(1))});
            return true;
        case RecordType::PTR:
        case RecordType::CNAME:
            if (count != 1 || ldns_rdf_get_type(rdf(0)) != LDNS_RDF_TYPE_DNAME) return false;
            (type == RecordType::PTR ? answer.ptr : answer.cname_chain).push_back(dname_text(rdf(0)));
            return true;
        case RecordType::TXT:
        case RecordType::SPF: {
            // One rdf per character-string: a length octet, then the bytes.
            TxtRecord txt;
            for (std::size_t i = 0; i < count; ++i) {
                const std::uint8_t* data = ldns_rdf_data(rdf(i));
                std::size_t size = ldns_rdf_size(rdf(i));
                if (size < 1 || static_cast<std::size_t>(data[0]) + 1 != size) return false;
                txt.strings.emplace_back(reinterpret_cast<const char*>(data + 1), data[0]);
            }
            answer.txt.push_back(std::move(txt));
            return true;
        }
    }
    return false;
}

// Walks one reply's answer section from `current` along CNAMEs (RFC 1034 §3.6.2).
struct Walk {
    enum class Result { records, stopped, failed } result = Result::stopped;
    bool followed = false;  // at least one CNAME followed in this reply
    std::string diagnostic;
};

struct ChainState {
    RdfPtr current;
    std::vector<RdfPtr> visited;
    std::uint32_t ttl = std::numeric_limits<std::uint32_t>::max();
};

Walk walk_answer(const ldns_pkt* reply, RecordType type, ChainState& state, Answer& answer) {
    Walk walk;
    const ldns_rr_list* rrs = ldns_pkt_answer(reply);
    std::size_t count = ldns_rr_list_rr_count(rrs);
    for (;;) {
        bool found = false;
        const ldns_rr* cname = nullptr;
        for (std::size_t i = 0; i < count; ++i) {
            const ldns_rr* rr = ldns_rr_list_rr(rrs, i);
            if (ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN || !same_name(ldns_rr_owner(rr), state.current.get()))
                continue;
            if (ldns_rr_get_type(rr) == static_cast<ldns_rr_type>(type)) {
                if (!extract(rr, type, answer)) {
                    walk.result = Walk::Result::failed;
                    walk.diagnostic = "malformed " + std::string(to_string(type)) + " record in reply";
                    return walk;
                }
                state.ttl = std::min(state.ttl, ldns_rr_ttl(rr));
                found = true;
            } else if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_CNAME && cname == nullptr) {
                cname = rr;
            }
        }
        if (found) {
            walk.result = Walk::Result::records;
            return walk;
        }
        if (cname == nullptr || ldns_rr_rd_count(cname) != 1) return walk;
        const ldns_rdf* target = ldns_rr_rdf(cname, 0);
        for (const auto& seen : state.visited) {
            if (same_name(seen.get(), target)) {
                walk.result = Walk::Result::failed;
                walk.diagnostic = "cname-loop";
                return walk;
            }
        }
        if (answer.cname_chain.size() >= static_cast<std::size_t>(max_cname_hops)) {
            walk.result = Walk::Result::failed;
            walk.diagnostic = "cname-too-long";
            return walk;
        }
        answer.cname_chain.push_back(dname_text(target));
        state.ttl = std::min(state.ttl, ldns_rr_ttl(cname));
        state.current.reset(ldns_rdf_clone(target));
        state.visited.emplace_back(ldns_rdf_clone(target));
        walk.followed = true;
    }
}

Answer tempfail(Answer answer, std::string diagnostic) {
    Answer out = Answer::failure(Status::tempfail, answer.name, answer.type, std::move(diagnostic));
    out.cname_chain = std::move(answer.cname_chain);
    return out;
}

}  // namespace

Answer LdnsResolver::lookup(std::string_view name, RecordType type, Deadline deadline) {
    auto normalized = normalize_name(name);
    if (!normalized) return Answer::failure(Status::invalid_name, name, type, normalized.error().message);

    Answer answer;
    answer.type = type;
    answer.name = *normalized;

    ResolverPtr resolver = impl_->acquire();
    if (!resolver) return tempfail(std::move(answer), "out of memory (ldns_resolver_clone)");
    struct Return {
        Impl& impl;
        ResolverPtr& r;
        ~Return() { impl.release(std::move(r)); }
    } give_back{*impl_, resolver};

    ChainState state;
    state.current = make_dname(answer.name);
    if (!state.current) return tempfail(std::move(answer), "cannot build query name");
    state.visited.emplace_back(ldns_rdf_clone(state.current.get()));

    for (;;) {
        Exchange ex = impl_->exchange(resolver.get(), state.current.get(), type, deadline);
        if (!ex.reply) return tempfail(std::move(answer), ex.error);
        const ldns_pkt* reply = ex.reply.get();
        ldns_pkt_rcode rcode = ldns_pkt_get_rcode(reply);
        if (rcode != LDNS_RCODE_NOERROR && rcode != LDNS_RCODE_NXDOMAIN)
            return tempfail(std::move(answer), rcode_name(rcode));

        Walk walk = walk_answer(reply, type, state, answer);
        if (walk.result == Walk::Result::failed) return tempfail(std::move(answer), walk.diagnostic);
        if (walk.result == Walk::Result::records) {
            answer.status = Status::records;
            answer.ttl = state.ttl;
            return answer;
        }
        std::optional<std::uint32_t> negative = negative_ttl(reply);
        // An authoritative server that is not authoritative for a CNAME's target
        // stops at the CNAME with NOERROR and no SOA: ask for the target ourselves.
        // (A recursive resolver's NODATA for the target carries the target zone's SOA.)
        if (rcode == LDNS_RCODE_NOERROR && walk.followed && !negative) continue;
        answer.status = rcode == LDNS_RCODE_NXDOMAIN ? Status::nxdomain : Status::nodata;
        answer.ttl = negative;
        return answer;
    }
}

// ---------------------------------------------------------------------------
// Configuration

core::Result<Nameserver> parse_nameserver(std::string_view text) {
    std::string_view host = text;
    std::optional<std::string_view> port_text;
    bool bracketed = false;
    if (text.empty()) return bad_nameserver(text, "empty");
    if (text.front() == '[') {
        std::size_t close = text.find(']');
        if (close == std::string_view::npos) return bad_nameserver(text, "missing ']'");
        host = text.substr(1, close - 1);
        std::string_view rest = text.substr(close + 1);
        if (!rest.empty()) {
            if (rest.front() != ':') return bad_nameserver(text, "expected ':port' after ']'");
            port_text = rest.substr(1);
        }
        bracketed = true;
    } else if (std::count(text.begin(), text.end(), ':') == 1) {
        std::size_t colon = text.find(':');
        host = text.substr(0, colon);
        port_text = text.substr(colon + 1);
    }

    Nameserver out;
    if (port_text) {
        unsigned value = 0;
        auto [end, ec] = std::from_chars(port_text->data(), port_text->data() + port_text->size(), value);
        if (port_text->empty() || ec != std::errc{} || end != port_text->data() + port_text->size() || value == 0 ||
            value > 65535)
            return bad_nameserver(text, "port must be a number from 1 to 65535");
        out.port = static_cast<std::uint16_t>(value);
    }

    std::string address(host);
    unsigned char bytes[16];
    char buf[INET6_ADDRSTRLEN] = {};
    if (!bracketed && inet_pton(AF_INET, address.c_str(), bytes) == 1) {
        out.address = inet_ntop(AF_INET, bytes, buf, sizeof buf);
    } else if (inet_pton(AF_INET6, address.c_str(), bytes) == 1) {
        out.address = inet_ntop(AF_INET6, bytes, buf, sizeof buf);
    } else {
        return bad_nameserver(text, "not a numeric IPv4 or IPv6 address");
    }
    return out;
}

namespace {

core::Result<ResolverPtr> from_list(const std::vector<std::string>& texts, std::vector<Nameserver>& servers) {
    ResolverPtr r(ldns_resolver_new());
    if (!r) return core::make_error("ldns", "out of memory (ldns_resolver_new)");
    for (const auto& text : texts) {
        auto server = parse_nameserver(text);
        if (!server) return server.error();
        if (!servers.empty() && server->port != servers.front().port)
            return core::make_error("bad-nameserver", "all nameservers must use one port (ldns has one per resolver): " +
                                                          std::to_string(servers.front().port) + " and " +
                                                          std::to_string(server->port));
        bool v6 = server->address.find(':') != std::string::npos;
        RdfPtr rdf(ldns_rdf_new_frm_str(v6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, server->address.c_str()));
        if (!rdf || ldns_resolver_push_nameserver(r.get(), rdf.get()) != LDNS_STATUS_OK)
            return bad_nameserver(text, "rejected by ldns");
        servers.push_back(*server);
    }
    ldns_resolver_set_port(r.get(), servers.front().port);
    return r;
}

core::Result<ResolverPtr> from_resolv_conf(const std::string& path, std::vector<Nameserver>& servers) {
    ldns_resolver* raw = nullptr;
    ldns_status status = ldns_resolver_new_frm_file(&raw, path.c_str());
    ResolverPtr r(raw);
    if (status != LDNS_STATUS_OK || !r)
        return core::make_error("resolv-conf", "cannot read " + path + ": " + ldns_error(status));
    ldns_rdf** list = ldns_resolver_nameservers(r.get());
    for (std::size_t i = 0; i < ldns_resolver_nameserver_count(r.get()); ++i)
        if (auto text = address_text(list[i])) servers.push_back(Nameserver{*text, 53});
    if (servers.empty()) return core::make_error("resolv-conf", "no nameserver in " + path);
    // resolv.conf has no port syntax; its options (timeout, attempts) are ignored by ldns.
    ldns_resolver_set_port(r.get(), 53);
    return r;
}

}  // namespace

core::Result<std::unique_ptr<LdnsResolver>> LdnsResolver::create(const LdnsOptions& options) {
    if (options.timeout.count() <= 0) return core::make_error("bad-option", "timeout must be positive");
    if (options.retries < 1 || options.retries > 255) return core::make_error("bad-option", "retries must be 1..255");

    auto impl = std::make_unique<Impl>();
    impl->options = options;
    auto made = options.nameservers.empty() ? from_resolv_conf(options.resolv_conf, impl->servers)
                                            : from_list(options.nameservers, impl->servers);
    if (!made) return made.error();
    impl->prototype = std::move(*made);

    ldns_resolver* r = impl->prototype.get();
    ldns_resolver_set_recursive(r, true);
    ldns_resolver_set_dnsrch(r, false);     // only absolute names are ever asked
    ldns_resolver_set_defnames(r, false);
    ldns_resolver_set_random(r, false);     // keep the configured server order
    ldns_resolver_set_retry(r, 1);          // retries are our loop, bounded by the deadline
    ldns_resolver_set_retrans(r, 0);
    ldns_resolver_set_fallback(r, false);   // TC handled in exchange()
    ldns_resolver_set_fail(r, false);
    ldns_resolver_set_usevc(r, false);
    ldns_resolver_set_edns_udp_size(r, options.edns_udp_size);
    return std::unique_ptr<LdnsResolver>(new LdnsResolver(std::move(impl)));
}

LdnsResolver::LdnsResolver(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

LdnsResolver::~LdnsResolver() = default;

const std::vector<Nameserver>& LdnsResolver::nameservers() const { return impl_->servers; }

}  // namespace mailsec::dns
