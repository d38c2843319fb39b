// Parsing of listen specs (srs.md §8a, gossip.md §8). Only syntax is checked here;
// names are resolved when the socket is opened.
#include <algorithm>
#include <charconv>

#include "mailsec/core/ascii.hpp"
#include "mailsec/daemon/listen.hpp"

namespace mailsec::daemon {
namespace {

core::Error bad(std::string_view text, const std::string& why) {
    return core::make_error("bad-listen", "listen \"" + std::string(text) + "\": " + why);
}

std::optional<std::uint16_t> parse_port(std::string_view s) {
    unsigned v = 0;
    if (s.empty() || !std::all_of(s.begin(), s.end(), core::is_ascii_digit)) return std::nullopt;
    auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || end != s.data() + s.size() || v == 0 || v > 65535) return std::nullopt;
    return static_cast<std::uint16_t>(v);
}

bool plausible_host(std::string_view h) {
    if (h.empty()) return false;
    for (char c : h)
        if (!(core::is_ascii_alnum(c) || c == '.' || c == '-' || c == '_' || c == ':' || c == '%')) return false;
    return true;
}

// "[v6]:port", "[v6]" or "host:port" / "host"; port_required says which forms are allowed.
core::Result<ListenSpec> split_host_port(std::string_view full, std::string_view s, bool port_required,
                                         std::uint16_t default_port) {
    ListenSpec spec;
    std::string_view port_text;
    if (!s.empty() && s.front() == '[') {
        auto close = s.find(']');
        if (close == std::string_view::npos) return bad(full, "missing ']' after the IPv6 address");
        spec.host = std::string(s.substr(1, close - 1));
        std::string_view rest = s.substr(close + 1);
        if (!rest.empty() && rest.front() != ':') return bad(full, "expected ':PORT' after ']'");
        if (!rest.empty()) port_text = rest.substr(1);
        if (spec.host.find(':') == std::string::npos) return bad(full, "brackets hold an IPv6 address");
    } else {
        auto colon = s.rfind(':');
        bool bare_v6 = colon != std::string_view::npos && s.find(':') != colon;
        if (bare_v6 && port_required) return bad(full, "write an IPv6 address in brackets: [::1]:PORT");
        if (colon == std::string_view::npos || bare_v6) {
            spec.host = std::string(s);
        } else {
            spec.host = std::string(s.substr(0, colon));
            port_text = s.substr(colon + 1);
            if (port_text.empty()) return bad(full, "empty port");
        }
    }
    if (spec.host.find('@') != std::string::npos)
        return bad(full, "libmilter's PORT@HOST form is not accepted here; write HOST:PORT");
    if (!plausible_host(spec.host)) return bad(full, "bad host \"" + spec.host + "\"");
    if (port_text.empty() && port_required) return bad(full, "missing :PORT");
    if (port_text.empty()) {
        spec.port = default_port;
    } else {
        auto port = parse_port(port_text);
        if (!port) return bad(full, "port must be 1..65535, got \"" + std::string(port_text) + "\"");
        spec.port = *port;
    }
    return spec;
}

}  // namespace

std::string ListenSpec::text() const {
    if (kind == Kind::unix_socket) return "unix:" + path;
    bool v6 = host.find(':') != std::string::npos;
    return "inet:" + (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

core::Result<ListenSpec> parse_listen(std::string_view text) {
    std::string_view s = core::trim(text);
    if (core::istarts_with(s, "unix:")) {
        ListenSpec spec{ListenSpec::Kind::unix_socket, std::string(s.substr(5)), {}, 0};
        if (spec.path.empty() || spec.path.front() != '/') return bad(text, "unix socket path must be absolute");
        return spec;
    }
    if (core::istarts_with(s, "inet:")) return split_host_port(text, s.substr(5), true, 0);
    return bad(text, "expected unix:/path, inet:HOST:PORT or inet:[IPv6]:PORT");
}

core::Result<std::vector<ListenSpec>> parse_listen_list(std::string_view text) {
    std::vector<ListenSpec> out;
    while (!text.empty()) {
        auto comma = text.find(',');
        std::string_view item = core::trim(text.substr(0, comma));
        text = comma == std::string_view::npos ? std::string_view{} : text.substr(comma + 1);
        if (item.empty()) continue;
        auto spec = parse_listen(item);
        if (!spec) return spec.error();
        out.push_back(std::move(*spec));
    }
    if (out.empty()) return core::make_error("bad-listen", "no listen address given");
    return out;
}

core::Result<ListenSpec> parse_host_port(std::string_view text, std::uint16_t default_port) {
    std::string_view s = core::trim(text);
    if (s.empty()) return bad(text, "empty");
    if (std::all_of(s.begin(), s.end(), core::is_ascii_digit)) {
        auto port = parse_port(s);
        if (!port) return bad(text, "port must be 1..65535");
        return ListenSpec{ListenSpec::Kind::inet, {}, {}, *port};
    }
    return split_host_port(text, s, false, default_port);
}

}  // namespace mailsec::daemon
