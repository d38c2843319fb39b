// The [gossip] key table. pygossip.cfg's five keys come first with their meaning
// kept (rep_db is now the SQLite file); the rest are mailsec's (gossip.md §8).
#include "config.hpp"

namespace mailsec::gossipd {
namespace {
using daemon::KeyType;

daemon::KeySpec key(std::string name, KeyType type, std::string def, std::string help) {
    return {.section = section,
            .name = std::move(name),
            .type = type,
            .default_value = std::move(def),
            .help = std::move(help)};
}

daemon::KeySpec ranged(daemon::KeySpec spec, std::int64_t min, std::int64_t max) {
    spec.min = min;
    spec.max = max;
    return spec;
}

std::vector<daemon::KeySpec> pygossip_keys() {
    return {
        key("listen", KeyType::list, "11900",
            "Where to serve: host:port, [v6addr]:port, port or host, comma separated. A bare port (and the "
            "default) means 127.0.0.1 and [::1] on that port; 0.0.0.0:11900 and [::]:11900 serve every "
            "interface."),
        key("rep_db", KeyType::path, "gossip.db",
            "The SQLite store (reputations and pending feedback), relative to datadir. pygossip's shelve file "
            "is not read."),
        ranged(key("qsize", KeyType::integer, "1000",
                   "Pending-feedback entries kept (UMIS awaiting F); the oldest is evicted first."),
               1, 10000000),
        key("datadir", KeyType::path, "/var/lib/gossipd",
            "Directory of rep_db; a relative path is resolved against the working directory. Created if "
            "missing."),
        key("peers", KeyType::list, "",
            "Peer nodes asked in parallel, in this order: h1:port, h2, [v6]:port (port 11900 by default)."),
    };
}

std::vector<daemon::KeySpec> peer_keys() {
    return {
        ranged(key("max_ttl", KeyType::integer, "2", "Fan-out depth: peers are asked with min(ttl, max_ttl) - 1."), 0,
               255),
        ranged(key("peer_connect_timeout", KeyType::duration, "2", "Connect deadline per peer."), 1, 3600),
        ranged(key("peer_timeout", KeyType::duration, "3", "Answer deadline per peer; late answers are failures."), 1,
               3600),
        ranged(key("peer_retry", KeyType::duration, "60", "A peer that failed is skipped this long."), 0, 86400),
        ranged(key("peer_resolve_interval", KeyType::duration, "10m",
                   "Peer names are resolved at start and this often; the last good addresses are kept."),
               10, 86400),
        {.section = section,
         .name = "peer_secret",
         .help = "Shared secret for every peer (HMAC, gossip.md §8); "
                 "only mailsec peers can be keyed. Empty = off.",
         .secret = true},
        {.section = section,
         .name = "peer_secret.",
         .help = "peer_secret.<host> = secret for the peer configured as <host> (overrides peer_secret).",
         .secret = true,
         .family = true},
    };
}

std::vector<daemon::KeySpec> access_keys() {
    return {
        key("allow", KeyType::list, "127.0.0.0/8, ::1",
            "Client networks allowed to connect (configured peers are always allowed); others are closed "
            "without reading."),
        key("trusted_feedback", KeyType::list, "",
            "Networks whose clients may send F for any UMIS, not only for their own queries."),
        key("admin_clients", KeyType::list, "127.0.0.0/8, ::1", "Networks allowed to send R (reset)."),
        ranged(key("max_connections", KeyType::integer, "1024", "Connections served at once; more are closed."), 1,
               1000000),
        ranged(key("idle_timeout", KeyType::duration, "30m", "Close a client connection idle this long."), 1,
               std::int64_t{86400} * 7),
    };
}

std::vector<daemon::KeySpec> model_keys() {
    return {
        ranged(key("maxobs", KeyType::integer, "1024", "Observation ring size of new records."), 1, 1024),
        ranged(key("pending_ttl", KeyType::duration, "7d", "How long a UMIS accepts feedback."), 60,
               std::int64_t{86400} * 366),
        ranged(key("max_age", KeyType::duration, "360d", "Records idle this long are deleted (:PEER included)."), 3600,
               std::int64_t{86400} * 3660),
        ranged(key("expire_interval", KeyType::duration, "1h", "How often expiry runs."), 1, std::int64_t{86400} * 7),
    };
}

std::vector<daemon::KeySpec> process_keys() {
    return {
        key("user", KeyType::string, "", "Run as this user after opening sockets and the store."),
        key("group", KeyType::string, "", "Run as this group (default: the user's primary group)."),
        key("chroot", KeyType::path, "", "Chroot here before serving."),
        {.section = section,
         .name = "log",
         .type = KeyType::enumeration,
         .default_value = "stderr",
         .help = "Where log lines go: stderr or syslog (facility mail).",
         .choices = {"stderr", "syslog"}},
        {.section = section,
         .name = "log_level",
         .type = KeyType::enumeration,
         .default_value = "info",
         .help = "Lowest severity logged; debug logs one line per request.",
         .choices = {"debug", "info", "warning", "error"}},
    };
}

std::vector<daemon::KeySpec> all_keys() {
    std::vector<daemon::KeySpec> keys;
    for (auto part : {pygossip_keys(), peer_keys(), access_keys(), model_keys(), process_keys()})
        for (auto& k : part) keys.push_back(std::move(k));
    return keys;
}

}  // namespace

const daemon::ConfigTable& config_table() {
    static const daemon::ConfigTable table(all_keys());
    return table;
}

}  // namespace mailsec::gossipd
