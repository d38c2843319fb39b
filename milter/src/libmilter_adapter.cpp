// libmilter's C callbacks → Session (milter.md 1.1, 1.9). Per-connection state is
// kept only through smfi_setpriv/getpriv: one connection's callbacks may run on
// different worker threads.
#include "libmilter_adapter.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/un.h>

#include <libmilter/mfapi.h>

#include <cstring>
#include <new>
#include <string>
#include <vector>

#include "libmilter_context.hpp"

namespace mailsec::milter::detail {

namespace {

const FilterFactory* g_factory = nullptr;
const SessionConfig* g_config = nullptr;

struct Connection {
    explicit Connection(SMFICTX* c) : ctx(c), session(*g_factory, *g_config, ctx) {}
    LibmilterContext ctx;
    Session session;
};

Connection* connection(SMFICTX* c) {
    auto* conn = static_cast<Connection*>(smfi_getpriv(c));
    if (conn == nullptr) {
        conn = new (std::nothrow) Connection(c);
        if (conn != nullptr) smfi_setpriv(c, conn);
    }
    return conn;
}

sfsistat code(Reply r) {
    switch (r) {
        case Reply::Continue: return SMFIS_CONTINUE;
        case Reply::Reject: return SMFIS_REJECT;
        case Reply::Discard: return SMFIS_DISCARD;
        case Reply::Accept: return SMFIS_ACCEPT;
        case Reply::Tempfail: return SMFIS_TEMPFAIL;
        case Reply::Skip: return SMFIS_SKIP;
        case Reply::NoReply: return SMFIS_NOREPLY;
    }
    return SMFIS_TEMPFAIL;
}

// Runs a Session step; out of memory for the connection object means tempfail.
template <typename F>
sfsistat with_session(SMFICTX* c, F&& step) {
    Connection* conn = connection(c);
    if (conn == nullptr) return SMFIS_TEMPFAIL;
    return code(step(conn->session));
}

PeerAddress peer_of(const _SOCK_ADDR* sa) {
    PeerAddress p;
    if (sa == nullptr) return p;
    char buf[INET6_ADDRSTRLEN] = {};
    if (sa->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(sa);
        p.kind = PeerAddress::Inet4;
        p.address = inet_ntop(AF_INET, &in->sin_addr, buf, sizeof buf) ? buf : "";
        p.port = ntohs(in->sin_port);
    } else if (sa->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(sa);
        p.kind = PeerAddress::Inet6;
        p.address = inet_ntop(AF_INET6, &in6->sin6_addr, buf, sizeof buf) ? buf : "";
        p.port = ntohs(in6->sin6_port);
    } else if (sa->sa_family == AF_UNIX) {
        const auto* un = reinterpret_cast<const sockaddr_un*>(sa);
        p.kind = PeerAddress::Unix;
        p.address = std::string(un->sun_path, strnlen(un->sun_path, sizeof un->sun_path));
    }
    return p;
}

// argv[0] is the address, the rest ESMTP parameters (1.1).
template <typename Step>
sfsistat envelope(SMFICTX* c, char** argv, Step step) {
    std::string_view addr = (argv && argv[0]) ? argv[0] : "";
    std::vector<std::string> esmtp;
    if (argv && argv[0])
        for (char** a = argv + 1; *a; ++a) esmtp.emplace_back(*a);
    return with_session(c, [&](Session& s) { return step(s, addr, esmtp); });
}

extern "C" {

sfsistat cb_negotiate(SMFICTX* c, unsigned long f0, unsigned long f1, unsigned long, unsigned long,
                      unsigned long* pf0, unsigned long* pf1, unsigned long* pf2, unsigned long* pf3) {
    Connection* conn = connection(c);
    if (conn == nullptr) return SMFIS_REJECT;
    NegotiateAnswer a = conn->session.negotiate(static_cast<Actions>(f0), static_cast<Steps>(f1));
    *pf0 = raw(a.actions);
    *pf1 = raw(a.steps);
    *pf2 = 0;
    *pf3 = 0;
    return a.reject ? SMFIS_REJECT : SMFIS_CONTINUE;
}

sfsistat cb_connect(SMFICTX* c, char* host, _SOCK_ADDR* sa) {
    return with_session(c, [&](Session& s) { return s.connect(host ? host : "", peer_of(sa)); });
}
sfsistat cb_helo(SMFICTX* c, char* name) {
    return with_session(c, [&](Session& s) { return s.helo(name ? name : ""); });
}
sfsistat cb_envfrom(SMFICTX* c, char** argv) {
    return envelope(c, argv, [](Session& s, std::string_view a, const std::vector<std::string>& e) {
        return s.envfrom(a, e);
    });
}
sfsistat cb_envrcpt(SMFICTX* c, char** argv) {
    return envelope(c, argv, [](Session& s, std::string_view a, const std::vector<std::string>& e) {
        return s.envrcpt(a, e);
    });
}
sfsistat cb_data(SMFICTX* c) { return with_session(c, [](Session& s) { return s.data(); }); }
sfsistat cb_header(SMFICTX* c, char* name, char* value) {
    return with_session(c, [&](Session& s) { return s.header(name ? name : "", value ? value : ""); });
}
sfsistat cb_eoh(SMFICTX* c) { return with_session(c, [](Session& s) { return s.eoh(); }); }
sfsistat cb_body(SMFICTX* c, unsigned char* chunk, size_t len) {
    std::string_view v(reinterpret_cast<const char*>(chunk), chunk ? len : 0);
    return with_session(c, [&](Session& s) { return s.body(v); });
}
sfsistat cb_eom(SMFICTX* c) { return with_session(c, [](Session& s) { return s.eom(); }); }
sfsistat cb_unknown(SMFICTX* c, const char* cmd) {
    return with_session(c, [&](Session& s) { return s.unknown(cmd ? cmd : ""); });
}
sfsistat cb_abort(SMFICTX* c) {
    if (auto* conn = static_cast<Connection*>(smfi_getpriv(c))) conn->session.abort();
    return SMFIS_CONTINUE;
}
// close may be the only callback: the private data may be empty (1.1).
sfsistat cb_close(SMFICTX* c) {
    auto* conn = static_cast<Connection*>(smfi_getpriv(c));
    if (conn == nullptr) return SMFIS_CONTINUE;
    conn->session.close();
    smfi_setpriv(c, nullptr);
    delete conn;
    return SMFIS_CONTINUE;
}

}  // extern "C"

}  // namespace

bool register_with_libmilter(const FilterFactory* factory, const SessionConfig* config) {
    g_factory = factory;
    g_config = config;
    static std::string name;
    name = config->name;
    smfiDesc desc{};
    desc.xxfi_name = name.data();
    desc.xxfi_version = SMFI_VERSION;
    desc.xxfi_flags = SMFI_CURR_ACTS;  // the most negotiate may request; it asks for what is offered
    desc.xxfi_connect = cb_connect;
    desc.xxfi_helo = cb_helo;
    desc.xxfi_envfrom = cb_envfrom;
    desc.xxfi_envrcpt = cb_envrcpt;
    desc.xxfi_header = cb_header;
    desc.xxfi_eoh = cb_eoh;
    desc.xxfi_body = cb_body;
    desc.xxfi_eom = cb_eom;
    desc.xxfi_abort = cb_abort;
    desc.xxfi_close = cb_close;
    desc.xxfi_unknown = cb_unknown;
    desc.xxfi_data = cb_data;
    desc.xxfi_negotiate = cb_negotiate;
    return smfi_register(desc) == MI_SUCCESS;
}

}  // namespace mailsec::milter::detail
