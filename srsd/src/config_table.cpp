// The [srs] key table (srs.md §8a). pysrs.cfg keys keep pysrs's names and meaning;
// values are literal, so a quoted secret="x" keeps its quotes as pysrs did.
#include "config.hpp"

namespace mailsec::srsd {

namespace {
using daemon::KeyType;

std::vector<daemon::KeySpec> srs_keys() {
    return {
        {.section = section, .name = "secret", .help = "HMAC secret that signs new addresses (pysrs). Taken "
                                                       "literally: quotes are part of the secret.", .secret = true},
        {.section = section, .name = "secret.", .help = "Older secrets secret.0, secret.1, ... read in order until "
                                                        "one is missing; they still verify (rotation).",
         .secret = true, .family = true},
        {.section = section, .name = "secrets_file", .type = KeyType::path,
         .help = "File with one secret per line (postsrsd format), read before dropping privileges; its secrets "
                 "follow the secret keys, so the first line signs only without a secret key."},
        {.section = section, .name = "fwdomain", .help = "Our SRS domain: forwarded senders are rewritten into it. "
                                                         "Required."},
        {.section = section, .name = "domains", .type = KeyType::list,
         .help = "Other local domains, never rewritten by the forward map; a leading '.' means every subdomain."},
        {.section = section, .name = "ses", .type = KeyType::list,
         .help = "Sender domains whose addresses are SES-signed instead of SRS-rewritten (pysrs)."},
        {.section = section, .name = "sign", .type = KeyType::list,
         .help = "Sender domains signed in pysrs's signing mode (SRS0 with an empty host field)."},
        {.section = section, .name = "nosrs", .type = KeyType::list,
         .help = "Recipient-mailer hosts for which make_srs never rewrites (exact match)."},
        {.section = section, .name = "maxage", .type = KeyType::integer, .default_value = "21",
         .help = "Days an SRS address stays valid.", .min = 0, .max = 1023},
        {.section = section, .name = "hashlength", .type = KeyType::integer, .default_value = "4",
         .help = "Characters of hash written into new addresses.", .min = 1, .max = 27},
        {.section = section, .name = "hashmin", .type = KeyType::integer,
         .help = "Shortest hash accepted on reverse (default: hashlength).", .min = 1, .max = 27},
        {.section = section, .name = "separator", .type = KeyType::enumeration, .default_value = "=",
         .help = "Separator after the SRS0/SRS1 tag.", .choices = {"=", "+", "-"}},
        {.section = section, .name = "scheme", .type = KeyType::enumeration, .default_value = "guarded",
         .help = "SRS scheme; shortcut forwards SRS addresses unverified and db keeps a database.",
         .choices = {"guarded", "shortcut", "reversible", "db"}},
        {.section = section, .name = "database", .type = KeyType::path,
         .help = "SQLite file of the db scheme (default: in memory, lost on restart)."},
        {.section = section, .name = "alwaysrewrite", .type = KeyType::boolean, .default_value = "no",
         .help = "forward map: rewrite senders of fwdomain and domains too."},
        {.section = section, .name = "listen", .type = KeyType::list, .default_value = "unix:/run/srsd/srsd.sock",
         .help = "Socketmap listeners: unix:/path, inet:HOST:PORT, inet:[v6]:PORT. The default applies only "
                 "when neither listen nor socket is set."},
        {.section = section, .name = "socket", .type = KeyType::path,
         .help = "pysrs's socket path: one more unix: listener."},
        {.section = section, .name = "socket_mode", .type = KeyType::mode, .default_value = "0660",
         .help = "Mode of the unix sockets.", .min = 0, .max = 07777},
        {.section = section, .name = "user", .help = "Run as this user after opening sockets and secrets."},
        {.section = section, .name = "group", .help = "Run as this group (default: the user's primary group)."},
        {.section = section, .name = "chroot", .type = KeyType::path, .help = "Chroot here before serving."},
        {.section = section, .name = "tcp_forward",
         .help = "HOST:PORT of a postsrsd 1.x compatible tcp_table forward listener (postsrsd: 127.0.0.1:10001)."},
        {.section = section, .name = "tcp_reverse",
         .help = "HOST:PORT of a postsrsd 1.x compatible tcp_table reverse listener (postsrsd: 127.0.0.1:10002)."},
        {.section = section, .name = "max_request", .type = KeyType::integer, .default_value = "10000",
         .help = "Longest request in bytes; a longer netstring gets PERM and the connection is closed.",
         .min = 16, .max = 1000000},
        {.section = section, .name = "idle_timeout", .type = KeyType::duration, .default_value = "1800",
         .help = "Close a connection idle this long.", .min = 1},
        {.section = section, .name = "max_connections", .type = KeyType::integer, .default_value = "256",
         .help = "Connections served at once; more are closed at once, with a log line.", .min = 1,
         .max = 100000},
        {.section = section, .name = "threads", .type = KeyType::integer, .default_value = "0",
         .help = "Threads running the one event loop (connections are never given a thread of their own); "
                 "0 = one per CPU.", .min = 0, .max = 256},
        {.section = section, .name = "log", .type = KeyType::enumeration, .default_value = "stderr",
         .help = "Where log lines go: stderr or syslog (facility mail).", .choices = {"stderr", "syslog"}},
        {.section = section, .name = "log_level", .type = KeyType::enumeration, .default_value = "info",
         .help = "Lowest severity logged.", .choices = {"debug", "info", "warning", "error"}},
    };
}
}  // namespace

const daemon::ConfigTable& config_table() {
    static const daemon::ConfigTable table(srs_keys());
    return table;
}

}  // namespace mailsec::srsd
