// libmilter socket specs (milter.md 1.8), validated up front because smfi_setconn
// accepts anything and a bad spec would fail only later in opensocket (1.9).
#include <string>

#include "mailsec/core/ascii.hpp"
#include "mailsec/milter/runner.hpp"

namespace mailsec::milter {

namespace {

core::Result<SocketSpec> bad(std::string_view spec, std::string why) {
    return core::make_error("bad-socket", "socket \"" + std::string(spec) + "\": " + why);
}

bool valid_port(std::string_view port) {
    if (port.empty()) return false;
    if (core::is_ascii_digit(port[0])) {
        unsigned long v = 0;
        for (char c : port) {
            if (!core::is_ascii_digit(c)) return false;
            v = v * 10 + static_cast<unsigned long>(c - '0');
            if (v > 65535) return false;
        }
        return true;
    }
    for (char c : port)
        if (!core::is_ascii_alnum(c) && c != '-' && c != '_') return false;
    return true;
}

core::Result<SocketSpec> parse_inet(std::string_view spec, SocketSpec::Kind kind, std::string_view rest) {
    SocketSpec out;
    out.kind = kind;
    auto at = rest.find('@');
    out.port = std::string(rest.substr(0, at));
    if (!valid_port(out.port)) return bad(spec, "port \"" + out.port + "\" is not a number 0-65535 or a service name");
    if (at != std::string_view::npos) {
        std::string_view host = rest.substr(at + 1);
        if (host.empty()) return bad(spec, "empty host after '@'");
        if (host.front() == '[') {
            if (host.back() != ']' || host.size() < 3) return bad(spec, "unclosed '[' in host");
            host = host.substr(1, host.size() - 2);
        }
        out.host = std::string(host);
    }
    out.libmilter = std::string(spec);
    return out;
}

}  // namespace

core::Result<SocketSpec> parse_socket_spec(std::string_view spec) {
    if (spec.empty()) return bad(spec, "empty");
    auto colon = spec.find(':');
    std::string_view proto = colon == std::string_view::npos ? std::string_view{} : spec.substr(0, colon);
    std::string_view rest = colon == std::string_view::npos ? spec : spec.substr(colon + 1);
    if (colon == std::string_view::npos || proto.empty() || core::iequals(proto, "unix") ||
        core::iequals(proto, "local")) {
        if (rest.empty() || rest.front() != '/') return bad(spec, "a unix socket needs an absolute path");
        if (rest.size() >= 108) return bad(spec, "unix socket path longer than 107 octets");
        SocketSpec out;
        out.path = std::string(rest);
        out.libmilter = "unix:" + out.path;
        return out;
    }
    if (core::iequals(proto, "inet")) return parse_inet(spec, SocketSpec::Inet, rest);
    if (core::iequals(proto, "inet6")) return parse_inet(spec, SocketSpec::Inet6, rest);
    if (core::iequals(proto, "fd"))
        return bad(spec, "libmilter 8.17 cannot take an inherited socket (no fd: spec)");
    return bad(spec, "unknown kind \"" + std::string(proto) + "\" (unix, local, inet, inet6)");
}

}  // namespace mailsec::milter
