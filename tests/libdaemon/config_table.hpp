// A small srsd/spfmilter-like table shared by the config tests.
#pragma once

#include "mailsec/daemon/config.hpp"

namespace daemon_test {

inline const mailsec::daemon::ConfigTable& table() {
    using mailsec::daemon::KeyType;
    static const mailsec::daemon::ConfigTable t({
        {.section = "srs", .name = "secret", .help = "HMAC secret that signs new addresses.", .secret = true},
        {.section = "srs", .name = "secret.", .help = "Older secrets, still accepted.", .secret = true, .family = true},
        {.section = "srs",
         .name = "maxage",
         .type = KeyType::integer,
         .default_value = "21",
         .help = "Days an SRS address stays valid.",
         .min = 0,
         .max = 1023},
        {.section = "srs", .name = "ses", .type = KeyType::boolean, .default_value = "no", .help = "Sign with SES."},
        {.section = "srs",
         .name = "listen",
         .type = KeyType::list,
         .default_value = "unix:/run/srsd/srsd.sock",
         .help = "Where to listen.",
         .aliases = {"socket"}},
        {.section = "srs",
         .name = "socket_mode",
         .type = KeyType::mode,
         .default_value = "0660",
         .help = "Mode of unix sockets."},
        {.section = "srs",
         .name = "idle_timeout",
         .type = KeyType::duration,
         .default_value = "1800",
         .help = "Close idle connections after this long.",
         .min = 1},
        {.section = "srs", .name = "user", .type = KeyType::string, .help = "Run as this user."},
        {.section = "srs", .name = "secrets_file", .type = KeyType::path, .help = "One secret per line."},
        {.section = "milter",
         .name = "untrapped_exception",
         .type = KeyType::enumeration,
         .default_value = "CONTINUE",
         .help = "What to do when the filter fails.",
         .choices = {"CONTINUE", "REJECT", "TEMPFAIL", "ACCEPT"}},
        {.section = "spf",
         .name = "best_guess",
         .type = KeyType::boolean,
         .default_value = "false",
         .help = "Try a best-guess record when none is published.",
         .aliases = {"milter:best_guess"}},
    });
    return t;
}

}  // namespace daemon_test
