// The --help text (architecture.md: --help documents every option and key).
#include "help.hpp"

#include "config.hpp"

namespace mailsec::spfmilter {

namespace {

constexpr const char* kHead = R"(NAME
    spfmilter - SPF checks at SMTP time for sendmail and Postfix, with access-map policy

SYNOPSIS
    spfmilter [--config FILE] [--check-config]
    spfmilter --help

DESCRIPTION
    A milter that checks the SPF record (RFC 7208) of the MAIL FROM domain and of
    the HELO name for every message from an external client, decides with a
    sendmail-style access map (SPF-Pass:, SPF-Fail:, ..., HELO-<Result>:,
    SMTP-Auth:) whether to accept, reject (550) or defer (451) it, and adds
    Received-SPF and Authentication-Results headers to accepted mail. It also
    refuses numeric HELO names and a MAIL before HELO, lets authenticated users
    and internal and trusted networks through, accepts mail from trusted
    forwarders that pass SPF, and removes forged Authentication-Results carrying
    its own authserv-id. It is a drop-in replacement for the Python spfmilter of
    the "milter" package: it reads the same spfmilter.cfg files and access maps.

    It runs in the foreground and logs to syslog (facility MAIL, ident spfmilter)
    or stderr, one key=value line per message:
        message qid=4Xk2 ip=192.0.2.3 helo=mx.example.org from=bob@example.org
          spf=fail helo_spf=none policy=default action=reject reply="550 5.7.1"
    SIGTERM or SIGHUP stop accepting connections and let open ones finish; SIGINT
    aborts them. The access map is reloaded by itself when the file changes.

OPTIONS
    -c, --config FILE
        Read only FILE. Without it, every existing file of the search path is
        read, later ones overriding earlier ones:
            ./spfmilter.cfg, /etc/mail/spfmilter.cfg, /etc/postfix/spfmilter.cfg
    --check-config
        Read and validate the configuration, resolve the address lists, load the
        access map, print the effective configuration and exit: 0 if valid,
        1 with the errors (FILE:LINE: message) otherwise.
    -h, --help
        This text.

ACCESS MAP
    [spf] access_file names a Berkeley DB hash or btree file as written by
    "makemap hash access < access" (sendmail) or "postmap hash:access" (Postfix;
    keys end in NUL, which is detected), or a plain text file of "key value"
    lines. Keys are case-insensitive. For tag T and sender local@domain the
    first existing key wins:
        T:local@domain, T:domain, T:.parent (each parent, leading dot), T:, T
    Tags: SPF-Pass: SPF-Fail: SPF-Softfail: SPF-Neutral: SPF-None: SPF-PermError:
    SPF-TempError:, HELO-<Result>: (keyed by the HELO name), SMTP-Auth:. Value
    REJECT rejects (and OK allows, for HELO- and SMTP-Auth:); without an entry
    fail, permerror and temperror are refused, and HELO fail, softfail and
    neutral. Example:
        SPF-Neutral:example.com     REJECT
        SPF-Fail:.lists.example.net OK
        SMTP-Auth:example.com       REJECT
        SMTP-Auth:ann@example.com   OK

CONFIGURATION KEYS
)";

constexpr const char* kTail = R"(
FILES
    spfmilter.cfg, /etc/mail/spfmilter.cfg, /etc/postfix/spfmilter.cfg

EXAMPLES
    spfmilter --config /etc/mail/spfmilter.cfg --check-config
    spfmilter --config /etc/mail/spfmilter.cfg
    sendmail.mc:  INPUT_MAIL_FILTER(`pyspffilter', `S=unix:/var/run/milter/spfmiltersock, F=T, T=C:30s;S:30s;R:1m;E:5m')
    Postfix main.cf:  smtpd_milters = unix:/var/run/milter/spfmiltersock
                      (inet:PORT@127.0.0.1 in spfmilter is inet:127.0.0.1:PORT in Postfix)

EXIT STATUS
    0 after a clean stop or a valid --check-config; 1 on a configuration or
    start-up error; 2 on a bad command line.
)";

}  // namespace

std::string help_text() { return std::string(kHead) + config_table().render_help(76) + kTail; }

}  // namespace mailsec::spfmilter
