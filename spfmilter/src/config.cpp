// The spfmilter key table (milter.md §3.3 Python keys, §3.5 mailsec additions,
// §3.6 decisions) and its conversion into Settings.
#include "config.hpp"

#include "mailsec/core/ascii.hpp"
#include "mailsec/daemon/ini.hpp"
#include "mailsec/spf/record.hpp"

namespace mailsec::spfmilter {

namespace {

using daemon::KeySpec;
using daemon::KeyType;

std::vector<KeySpec> milter_keys() {
    return {
        {.section = "milter", .name = "socketname", .default_value = "/var/run/milter/spfmiltersock",
         .help = "libmilter socket: unix:/path, local:/path, /path, inet:PORT@HOST or inet6:PORT@HOST."},
        {.section = "milter", .name = "name", .default_value = "pyspffilter",
         .help = "Filter name, as in the MTA configuration (sendmail INPUT_MAIL_FILTER) and the logs."},
        {.section = "milter", .name = "umask", .type = KeyType::mode, .default_value = "0177",
         .help = "umask while the unix socket is created: 0177 (leading 0 = octal), 0o177, 0x7f or 127.",
         .min = 0, .max = 0777},
        {.section = "milter", .name = "internal_connect", .type = KeyType::list,
         .help = "Internal clients: IPs with optional /prefix, globs (192.168.0.*) or host names. "
                 "No numeric-HELO check and no SPF for them."},
        {.section = "milter", .name = "trusted_relay", .type = KeyType::list,
         .help = "Relays whose mail skips SPF (logged TRUSTED); same forms as internal_connect."},
        {.section = "milter", .name = "untrapped_exception", .type = KeyType::enumeration, .default_value = "CONTINUE",
         .help = "What an internal error answers: CONTINUE (fail open), REJECT, TEMPFAIL or ACCEPT.",
         .choices = {"CONTINUE", "REJECT", "TEMPFAIL", "ACCEPT"}},
        {.section = "milter", .name = "datadir", .type = KeyType::path,
         .help = "Directory to chdir to first; relative paths (access_file) resolve there."},
        {.section = "milter", .name = "authserv_id",
         .help = "authserv-id of Authentication-Results, also used to remove forged ones. "
                 "Default: the MTA's macro j, else the host name."},
        {.section = "milter", .name = "dry_run", .type = KeyType::boolean, .default_value = "false",
         .help = "Never reject or defer: log would-reject/would-tempfail instead; headers are still added."},
        {.section = "milter", .name = "timeout", .type = KeyType::duration, .default_value = "240",
         .help = "I/O timeout towards the MTA.", .min = 1},
        {.section = "milter", .name = "socket_mode", .type = KeyType::mode,
         .help = "chmod of the unix socket after it is created.", .min = 0, .max = 07777},
        {.section = "milter", .name = "socket_owner", .help = "chown of the unix socket (user name or id)."},
        {.section = "milter", .name = "socket_group", .help = "chgrp of the unix socket (group name or id)."},
        {.section = "milter", .name = "user", .help = "Drop privileges to this user once the socket exists."},
        {.section = "milter", .name = "group", .help = "Group to drop to (default: the user's primary group)."},
        {.section = "milter", .name = "log", .type = KeyType::enumeration, .default_value = "syslog",
         .help = "Where log lines go: syslog (facility MAIL, ident spfmilter) or stderr.",
         .choices = {"syslog", "stderr"}},
        {.section = "milter", .name = "log_level", .type = KeyType::enumeration, .default_value = "info",
         .help = "Lowest severity logged.", .choices = {"debug", "info", "warning", "error"}},
    };
}

std::vector<KeySpec> spf_keys() {
    return {
        {.section = "spf", .name = "access_file", .type = KeyType::path,
         .help = "sendmail-style access map: a Berkeley DB hash/btree file (makemap, postmap) or a text "
                 "file. Unset: no policy lookups, built-in defaults apply. Reloaded when it changes."},
        {.section = "spf", .name = "access_file_nulls", .type = KeyType::boolean, .default_value = "false",
         .help = "Accepted for compatibility and ignored: keys with and without a trailing NUL both work."},
        {.section = "spf", .name = "access_file_colon", .type = KeyType::boolean, .default_value = "true",
         .help = "Keys are TAG:address (true) or TAG!address (false, pymilter <= 1.0.5 maps)."},
        {.section = "spf", .name = "trusted_forwarder", .type = KeyType::list,
         .help = "Forwarder domains: mail from a host that passes SPF as postmaster@<domain> is accepted as "
                 "that forwarder's. Default: [spf] trusted_relay."},
        {.section = "spf", .name = "trusted_relay", .type = KeyType::list,
         .help = "Old name of trusted_forwarder, read when trusted_forwarder is unset."},
        {.section = "spf", .name = "best_guess", .default_value = "false",
         .help = "When a sender domain has no SPF record, also evaluate a stand-in record and note its "
                 "result in the headers (never changes the outcome): false, true (v=spf1 a/24 mx/24 ptr) "
                 "or a v=spf1 record.",
         .aliases = {"milter:best_guess"}},
        {.section = "spf", .name = "delegate",
         .help = "Zone consulted as <domain>._spf.<zone> when a domain has no SPF record (off when unset)."},
        {.section = "spf", .name = "received_spf", .type = KeyType::boolean, .default_value = "true",
         .help = "Add a Received-SPF header."},
        {.section = "spf", .name = "authentication_results", .type = KeyType::boolean, .default_value = "true",
         .help = "Add an Authentication-Results header (RFC 8601)."},
        {.section = "spf", .name = "remove_forged_ar", .type = KeyType::boolean, .default_value = "true",
         .help = "Delete incoming Authentication-Results headers carrying our authserv-id."},
        {.section = "spf", .name = "lookup_time", .type = KeyType::duration, .default_value = "20",
         .help = "DNS time budget for one SPF check.", .min = 1, .max = 3600},
    };
}

std::vector<KeySpec> dns_keys() {
    return {
        {.section = "dns", .name = "nameservers", .type = KeyType::list,
         .help = "DNS servers: host[:port] or [v6]:port, one port for all. Default: /etc/resolv.conf."},
        {.section = "dns", .name = "timeout", .type = KeyType::duration, .default_value = "5",
         .help = "Timeout of one DNS try.", .min = 1, .max = 600},
        {.section = "dns", .name = "retries", .type = KeyType::integer, .default_value = "2",
         .help = "Tries per server.", .min = 1, .max = 10},
    };
}

std::vector<KeySpec> all_keys() {
    auto keys = milter_keys();
    for (auto& k : spf_keys()) keys.push_back(std::move(k));
    for (auto& k : dns_keys()) keys.push_back(std::move(k));
    return keys;
}

milter::ExceptionPolicy to_policy(std::string_view v) {
    if (core::iequals(v, "REJECT")) return milter::ExceptionPolicy::Reject;
    if (core::iequals(v, "TEMPFAIL")) return milter::ExceptionPolicy::Tempfail;
    if (core::iequals(v, "ACCEPT")) return milter::ExceptionPolicy::Accept;
    return milter::ExceptionPolicy::Continue;
}

void read_milter(const daemon::Config& c, Settings& s) {
    s.socket = c.string("milter", "socketname");
    s.name = c.string("milter", "name");
    s.umask = c.mode("milter", "umask");
    s.internal_connect = c.list("milter", "internal_connect");
    s.trusted_relay = c.list("milter", "trusted_relay");
    s.exception_policy = to_policy(c.string("milter", "untrapped_exception"));
    s.datadir = c.optional_string("milter", "datadir");
    s.authserv_id = c.optional_string("milter", "authserv_id");
    if (s.authserv_id && s.authserv_id->empty()) s.authserv_id.reset();
    s.dry_run = c.boolean("milter", "dry_run");
    s.timeout = c.duration("milter", "timeout");
    s.socket_mode = c.optional_mode("milter", "socket_mode");
    s.socket_owner = c.optional_string("milter", "socket_owner");
    s.socket_group = c.optional_string("milter", "socket_group");
    s.user = c.string("milter", "user");
    s.group = c.string("milter", "group");
    s.log_target = c.string("milter", "log");
    s.log_level = c.string("milter", "log_level");
}

void read_dns(const daemon::Config& c, Settings& s) {
    s.nameservers = c.list("dns", "nameservers");
    s.dns_timeout = c.duration("dns", "timeout");
    s.dns_retries = static_cast<int>(c.integer("dns", "retries"));
}

}  // namespace

std::vector<std::filesystem::path> default_search_path() {
    return {"spfmilter.cfg", "/etc/mail/spfmilter.cfg", "/etc/postfix/spfmilter.cfg"};
}

core::Status read_config(daemon::Ini& ini, const std::optional<std::filesystem::path>& file) {
    if (file) return ini.read_file(*file);
    return ini.read_files(daemon::existing_files(default_search_path()));
}

const daemon::ConfigTable& config_table() {
    static const daemon::ConfigTable table(all_keys());
    return table;
}

core::Result<std::optional<std::string>> parse_best_guess(std::string_view value) {
    std::string_view v = core::trim(value);
    if (spf::is_spf_record(v)) {
        auto parsed = spf::parse_record(v);
        if (!parsed) return core::make_error("bad-config", "best_guess record: " + parsed.error->reason + ": " +
                                                               parsed.error->term);
        return std::optional<std::string>(std::string(v));
    }
    daemon::KeySpec spec{.name = "best_guess", .type = daemon::KeyType::boolean};
    auto b = daemon::parse_value(spec, v);
    if (!b) return core::make_error("bad-config", "best_guess: want true, false or a v=spf1 record, got \"" +
                                                      std::string(v) + "\"");
    if (!std::get<bool>(*b)) return std::optional<std::string>{};
    return std::optional<std::string>("v=spf1 a/24 mx/24 ptr");
}

core::Result<Settings> make_settings(const daemon::Config& c) {
    Settings s;
    read_milter(c, s);
    read_dns(c, s);
    s.access_file = c.optional_string("spf", "access_file");
    if (s.access_file && s.access_file->empty()) s.access_file.reset();
    s.separator = c.boolean("spf", "access_file_colon") ? ':' : '!';
    s.trusted_forwarders = c.list("spf", "trusted_forwarder");
    if (s.trusted_forwarders.empty()) s.trusted_forwarders = c.list("spf", "trusted_relay");
    auto guess = parse_best_guess(c.string("spf", "best_guess"));
    if (!guess) return guess.error();
    s.best_guess = *guess;
    s.delegate = c.string("spf", "delegate");
    s.received_spf = c.boolean("spf", "received_spf");
    s.authentication_results = c.boolean("spf", "authentication_results");
    s.remove_forged_ar = c.boolean("spf", "remove_forged_ar");
    s.lookup_time = c.duration("spf", "lookup_time");
    return s;
}

}  // namespace mailsec::spfmilter
