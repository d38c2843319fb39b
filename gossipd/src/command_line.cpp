// gossipd's options and its --help manual page.
#include "command_line.hpp"

#include "config.hpp"

namespace mailsec::gossipd {

std::string usage_text() {
    std::string text = R"(NAME
    gossipd - GOSSiP domain reputation server, wire-compatible with pygossip

SYNOPSIS
    gossipd [--config FILE | -c FILE] [--check-config]
    gossipd --help

DESCRIPTION
    gossipd keeps a spam/ham history per authenticated identity (example.com:SPF
    is not example.com:neutral), answers milters' queries with a reputation and
    a confidence, records their feedback, and pools opinions with peer nodes.
    It speaks pygossip's line protocol (Q, F, R) on TCP, in the foreground.

    It opens its listeners and its SQLite store, drops privileges (user, group,
    chroot), then serves every client from one event loop. Peers are asked in
    parallel, each with its own connect and answer deadline, so a dead or
    black-holed peer never delays a reply beyond peer_timeout.

OPTIONS
    -c FILE, --config FILE, --config=FILE
        Read the configuration from FILE. Without it: ./pygossip.cfg, then
        /etc/mail/pygossip.cfg (pygossip's files); with neither, the defaults.
    --check-config
        Validate the configuration and print the effective one with secrets
        masked. Exit status 0 when valid, 1 with the errors otherwise.
    -h, --help
        Print this manual and exit.

PROTOCOL
    Q:<id>:<qual>:<ttl>:<umis>   -> PREPEND|REJECT X-GOSSiP: <umis>,<rep>,<cfi>
    F:<umis>:<Yes|No|n>          -> empty line (only from the asking client or
                                    a trusted_feedback network)
    R:<id>:<qual>                -> empty line (only from admin_clients)
    Each reply is followed by an empty line; bad input gets one
    "ERROR X-GOSSiP: <umis>,0,0" and the connection stays open.

SIGNALS
    SIGTERM, SIGINT stop the daemon. SIGHUP is logged and ignored.

CONFIGURATION
    One INI file; every key lives in the [gossip] section.

)";
    text += config_table().render_help(78);
    text += R"(
EXAMPLE
    [gossip]
    listen = 127.0.0.1:11900, [::1]:11900
    datadir = /var/lib/gossipd
    rep_db = gossip.db
    peers = gossip1.example.net, 192.0.2.7:11900
    peer_secret = change me
    user = gossip

EXIT STATUS
    0 after a clean stop or a valid --check-config; 1 for a configuration or
    start-up error; 2 for a bad command line.
)";
    return text;
}

}  // namespace mailsec::gossipd
