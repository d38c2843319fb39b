// gossipd's configuration (gossip.md §8 "Configuration"): one [gossip] section.
// pygossip.cfg keys keep their meaning (listen, rep_db, qsize, datadir, peers); the
// rest are mailsec keys. The table drives parsing, --check-config and --help.
//
//   auto v = gossipd::config_table().validate(ini);
//   auto settings = gossipd::settings_from(v.config);   // Result<Settings>
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/daemon/config.hpp"
#include "mailsec/daemon/listen.hpp"
#include "mailsec/daemon/log.hpp"
#include "mailsec/daemon/privileges.hpp"
#include "mailsec/gossip/node.hpp"
#include "networks.hpp"

namespace mailsec::gossipd {

inline constexpr const char* section = "gossip";

// Without --config: the first of these that exists (pygossip's search path).
std::vector<std::filesystem::path> default_config_files();

// One configured peer (`peers = h1:port, h2`).
struct PeerSpec {
    std::string name;  // the host as configured: the "<name>:PEER" trust record
    std::string host;  // name or address, IPv6 without brackets
    std::uint16_t port = gossip::default_port;
    std::string secret;  // §8 shared secret; empty = unauthenticated
};

struct PeerTimeouts {
    std::chrono::milliseconds connect{2000};
    std::chrono::milliseconds answer{3000};
    std::chrono::seconds retry{60};           // skip a failed peer this long
    std::chrono::seconds resolve_every{600};  // re-resolve peer names
};

struct Limits {
    std::size_t max_connections = 1024;
    std::chrono::seconds idle_timeout{1800};
};

struct Settings {
    std::vector<daemon::ListenSpec> listen;  // "port" form expanded to the loopback pair
    std::filesystem::path datadir;
    std::filesystem::path database;  // datadir / rep_db unless rep_db is absolute
    gossip::NodeOptions node;        // node.peers = PeerSpec::name, in order
    std::vector<PeerSpec> peers;
    PeerTimeouts peer_timeouts;
    NetworkList allow;  // peers are always allowed besides these
    NetworkList trusted_feedback;
    NetworkList admin_clients;
    Limits limits;
    std::chrono::seconds expire_every{3600};
    daemon::Privileges privileges;
    bool log_to_syslog = false;
    daemon::Severity log_level = daemon::Severity::info;
};

const daemon::ConfigTable& config_table();

// Checks what the table cannot (listen and peer forms, networks) and builds Settings.
// Errors have code "bad-config" and name the key.
core::Result<Settings> settings_from(const daemon::Config& config);

// Expands one listen item: "port" -> 127.0.0.1:port and [::1]:port.
core::Result<std::vector<daemon::ListenSpec>> parse_listen_item(std::string_view text);
// One peers item: "host", "host:port", "[v6]:port".
core::Result<PeerSpec> parse_peer(std::string_view text);

}  // namespace mailsec::gossipd
