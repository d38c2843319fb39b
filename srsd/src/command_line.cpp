// srsd's options and its --help manual page.
#include "command_line.hpp"

#include "config.hpp"
#include "mailsec/daemon/command_line.hpp"

namespace mailsec::srsd {

core::Result<CommandLine> parse_command_line(const std::vector<std::string>& args) {
    auto parsed = daemon::parse_command_line(args);
    if (!parsed) return parsed.error();
    CommandLine cl;
    cl.config_file = parsed->config_file ? parsed->config_file->string() : std::string(default_config_file);
    cl.check_config = parsed->check_config;
    cl.help = parsed->help;
    return cl;
}

std::string usage_text() {
    std::string text = R"(NAME
    srsd - SRS and SES socketmap daemon for sendmail and Postfix

SYNOPSIS
    srsd [--config FILE | -c FILE] [--check-config]
    srsd --help

DESCRIPTION
    srsd rewrites envelope senders of forwarded mail with the Sender Rewriting
    Scheme (SRS) so they pass SPF at the next hop, and routes bounces to those
    addresses back to the original sender. It signs local senders with SES or
    pysrs's signing mode when asked. Addresses are byte-identical to pysrs's,
    Mail::SRS's and postsrsd's for the same secret, domain and day.

    srsd runs in the foreground (systemd style). It opens its sockets, reads
    its secrets, drops privileges (user, group, chroot), then serves the
    socketmap protocol (netstrings) on unix and TCP sockets, and optionally
    Postfix tcp_table on postsrsd 1.x's ports.

OPTIONS
    -c FILE, --config FILE, --config=FILE
        Read the configuration from FILE (default /etc/mail/pysrs.cfg, the file
        pysrs used).
    --check-config
        Validate the configuration (keys, listen addresses, secrets) and print
        the effective configuration with secrets masked. Exit status 0 when
        valid; otherwise the errors are printed and the status is 1.
    -h, --help
        Print this manual and exit.

MAPS
    make_srs     sendmail/pysrs: key "[host\x9B]address", reply in sendmail's
                 focused form "local<@domain.>"; never refuses.
    reverse_srs  sendmail/pysrs: reverses SRS and SES; answers the key
                 unchanged when it cannot.
    forward      Postfix/postsrsd: SRS for foreign senders, NOTFOUND otherwise.
    reverse      Postfix/postsrsd: the original address for our SRS/SES
                 addresses, PERM for forged or expired ones, NOTFOUND for others.
    A "-" in a map name reads as "_" (make-srs). An unknown map gets PERM.

SIGNALS
    SIGTERM, SIGINT stop the daemon. SIGHUP is logged and ignored (restart to
    reload).

CONFIGURATION
    One INI file; every key lives in the [srs] section.

)";
    text += config_table().render_help(78);
    text += R"(
EXAMPLE
    [srs]
    secret = change me
    fwdomain = example.org
    listen = unix:/run/srsd/srsd.sock, inet:127.0.0.1:10003
    tcp_forward = 127.0.0.1:10001
    tcp_reverse = 127.0.0.1:10002
    user = nobody

    Postfix:  sender_canonical_maps = socketmap:unix:/run/srsd/srsd.sock:forward
              recipient_canonical_maps = socketmap:unix:/run/srsd/srsd.sock:reverse

EXIT STATUS
    0 after a clean stop or a valid --check-config; 1 for a configuration or
    start-up error; 2 for a bad command line.
)";
    return text;
}

}  // namespace mailsec::srsd
