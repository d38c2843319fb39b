// From the validated [gossip] table to Settings: listen and peer forms (gossip.md
// §8), networks, the store path and the node's model options.
#include "config.hpp"

#include <algorithm>

#include "mailsec/core/ascii.hpp"

namespace mailsec::gossipd {
namespace {

core::Error bad_key(std::string_view key, const core::Error& e) {
    return core::make_error("bad-config", std::string(key) + ": " + e.message);
}

template <typename T>
T count_of(const daemon::Config& c, std::string_view key) {
    return static_cast<T>(c.integer(section, key));
}

core::Result<std::vector<daemon::ListenSpec>> listen_specs(const daemon::Config& c) {
    std::vector<daemon::ListenSpec> out;
    for (const auto& item : c.list(section, "listen")) {
        auto specs = parse_listen_item(item);
        if (!specs) return bad_key("listen", specs.error());
        out.insert(out.end(), specs->begin(), specs->end());
    }
    if (out.empty()) return parse_listen_item(std::to_string(gossip::default_port));
    return out;
}

// peer_secret.<host> overrides peer_secret for the peer configured as <host>.
std::string secret_for(const daemon::Config& c, const PeerSpec& peer) {
    for (const auto* item : c.family(section, "peer_secret."))
        if (core::iequals(item->key.substr(std::string_view("peer_secret.").size()), peer.name))
            return std::get<std::string>(item->value);
    return c.string(section, "peer_secret");
}

// Two peers on one host (different ports) get distinct trust records.
void disambiguate(std::vector<PeerSpec>& peers) {
    for (auto& p : peers) {
        const auto same =
            std::count_if(peers.begin(), peers.end(), [&](const PeerSpec& q) { return q.host == p.host; });
        if (same > 1) p.name = p.name + ":" + std::to_string(p.port);
    }
}

core::Result<std::vector<PeerSpec>> peer_specs(const daemon::Config& c) {
    std::vector<PeerSpec> out;
    for (const auto& item : c.list(section, "peers")) {
        auto peer = parse_peer(item);
        if (!peer) return bad_key("peers", peer.error());
        out.push_back(std::move(*peer));
    }
    disambiguate(out);
    for (auto& p : out) p.secret = secret_for(c, p);
    return out;
}

core::Status networks(const daemon::Config& c, Settings& s) {
    for (auto [key, target] : {std::pair{"allow", &s.allow}, std::pair{"trusted_feedback", &s.trusted_feedback},
                               std::pair{"admin_clients", &s.admin_clients}}) {
        auto list = parse_networks(c.list(section, key));
        if (!list) return bad_key(key, list.error());
        *target = std::move(*list);
    }
    return {};
}

void model(const daemon::Config& c, Settings& s) {
    s.node.maxobs = count_of<int>(c, "maxobs");
    s.node.qsize = count_of<std::size_t>(c, "qsize");
    s.node.max_ttl = count_of<int>(c, "max_ttl");
    s.node.pending_ttl = c.duration(section, "pending_ttl");
    s.node.max_age = c.duration(section, "max_age");
    s.expire_every = c.duration(section, "expire_interval");
    for (const auto& p : s.peers) s.node.peers.push_back(p.name);
}

void process(const daemon::Config& c, Settings& s) {
    s.peer_timeouts.connect = c.duration(section, "peer_connect_timeout");
    s.peer_timeouts.answer = c.duration(section, "peer_timeout");
    s.peer_timeouts.retry = c.duration(section, "peer_retry");
    s.peer_timeouts.resolve_every = c.duration(section, "peer_resolve_interval");
    s.limits.max_connections = count_of<std::size_t>(c, "max_connections");
    s.limits.idle_timeout = c.duration(section, "idle_timeout");
    s.privileges = {c.string(section, "user"), c.string(section, "group"), c.string(section, "chroot")};
    s.log_to_syslog = c.string(section, "log") == "syslog";
    daemon::parse_severity(c.string(section, "log_level"), s.log_level);
}

}  // namespace

core::Result<std::vector<daemon::ListenSpec>> parse_listen_item(std::string_view text) {
    auto spec = daemon::parse_host_port(text, gossip::default_port);
    if (!spec) return spec.error();
    if (!spec->host.empty()) return std::vector{*spec};
    auto v4 = *spec;
    v4.host = "127.0.0.1";
    auto v6 = *spec;
    v6.host = "::1";
    return std::vector{v4, v6};
}

core::Result<PeerSpec> parse_peer(std::string_view text) {
    auto spec = daemon::parse_host_port(text, gossip::default_port);
    if (!spec) return spec.error();
    if (spec->host.empty()) return core::make_error("bad-listen", "peer \"" + std::string(text) + "\" has no host");
    return PeerSpec{spec->host, spec->host, spec->port, {}};
}

std::vector<std::filesystem::path> default_config_files() { return {"pygossip.cfg", "/etc/mail/pygossip.cfg"}; }

core::Result<Settings> settings_from(const daemon::Config& c) {
    Settings s;
    auto listen = listen_specs(c);
    if (!listen) return listen.error();
    s.listen = std::move(*listen);
    auto peers = peer_specs(c);
    if (!peers) return peers.error();
    s.peers = std::move(*peers);
    if (auto st = networks(c, s); !st) return st.error();
    s.datadir = c.string(section, "datadir");
    s.database = s.datadir / c.string(section, "rep_db");
    model(c, s);
    process(c, s);
    return s;
}

}  // namespace mailsec::gossipd
