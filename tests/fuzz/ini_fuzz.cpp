// Fuzz target over the INI reader and the config table (libdaemon): any bytes must
// give a value or an error value — never a crash, an assert or an exception.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "mailsec/daemon/config.hpp"
#include "mailsec/daemon/ini.hpp"
#include "mailsec/daemon/listen.hpp"

namespace md = mailsec::daemon;

namespace {

// One key of every type, a family, an alias and a secret, so validation walks every path.
const md::ConfigTable& table() {
    using md::KeyType;
    static const md::ConfigTable t({
        {.section = "srs", .name = "maxage", .type = KeyType::integer, .default_value = "21", .min = 0, .max = 1023},
        {.section = "srs", .name = "ses", .type = KeyType::boolean, .default_value = "no"},
        {.section = "srs", .name = "idle_timeout", .type = KeyType::duration, .default_value = "1800"},
        {.section = "srs", .name = "socket_mode", .type = KeyType::mode, .default_value = "0660"},
        {.section = "srs", .name = "listen", .type = KeyType::list, .aliases = {"socket"}},
        {.section = "srs", .name = "secrets_file", .type = KeyType::path},
        {.section = "srs",
         .name = "scheme",
         .type = KeyType::enumeration,
         .default_value = "guarded",
         .choices = {"guarded", "shortcut", "reversible", "db"}},
        {.section = "srs", .name = "secret", .secret = true},
        {.section = "srs", .name = "secret.", .secret = true, .family = true},
        {.section = "spf", .name = "best_guess", .type = KeyType::boolean, .aliases = {"milter:best_guess"}},
    });
    return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    for (bool strict : {true, false}) {
        md::Ini ini;
        if (!ini.read_string(text, "fuzz.cfg", {.strict = strict})) continue;
        auto v = table().validate(ini);
        (void)table().render_effective(v.config);
        if (v.ok())
            for (const auto& l : v.config.list("srs", "listen")) (void)md::parse_listen(l);
        if (auto l = ini.get("srs", "listen")) (void)md::parse_host_port(*l, 11900);
    }
    return 0;
}
