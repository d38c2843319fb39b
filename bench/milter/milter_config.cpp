// milter_config: parsing of the test message into headers and a CRLF body, the
// envelope-address helpers, parsing of libmilter socket specs, and opening a
// connected, timeout-bounded socket to the filter over a unix or inet(6) socket.
#include "milter_config.hpp"

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/un.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace milter_bench {

MessageData parse_message(std::string_view text) {
    MessageData m;
    std::vector<std::string_view> lines;
    for (std::size_t pos = 0; pos < text.size();) {
        std::size_t nl = text.find('\n', pos);
        std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos : nl - pos);
        if (line.ends_with('\r')) line.remove_suffix(1);
        lines.push_back(line);
        pos = nl == std::string_view::npos ? text.size() : nl + 1;
    }
    std::size_t i = 0;
    if (!lines.empty() && lines[0].starts_with("From ")) i = 1;  // mbox envelope line
    for (; i < lines.size() && !lines[i].empty(); ++i) {
        std::string_view line = lines[i];
        if ((line[0] == ' ' || line[0] == '\t') && !m.headers.empty()) {
            m.headers.back().second.append("\n").append(line);  // folds reach the filter as bare LF
            continue;
        }
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos || colon == 0)
            throw std::runtime_error("message line " + std::to_string(i + 1) + " is not a header: \"" +
                                     std::string(line.substr(0, 60)) + "\"");
        m.headers.emplace_back(std::string(line.substr(0, colon)), std::string(line.substr(colon + 1)));
    }
    for (++i; i < lines.size(); ++i) {
        if (i + 1 == lines.size() && lines[i].empty()) break;  // the final newline ends the last line
        m.body.append(lines[i]).append("\r\n");
    }
    return m;
}

std::string angle(std::string_view addr) {
    if (addr.starts_with('<')) return std::string(addr);
    return "<" + std::string(addr) + ">";
}

std::string bare(std::string_view addr) {
    if (addr.starts_with('<') && addr.ends_with('>') && addr.size() >= 2) return std::string(addr.substr(1, addr.size() - 2));
    return std::string(addr);
}

std::string domain_of(std::string_view addr) {
    std::string b = bare(addr);
    auto at = b.rfind('@');
    return at == std::string::npos ? std::string() : b.substr(at + 1);
}

Endpoint parse_endpoint(std::string_view spec) {
    Endpoint e;
    auto take = [&](std::string_view prefix) {
        if (!spec.starts_with(prefix)) return false;
        spec.remove_prefix(prefix.size());
        return true;
    };
    if (take("unix:") || take("local:") || spec.starts_with('/')) {
        if (spec.empty()) throw std::invalid_argument("empty unix socket path");
        e.path = std::string(spec);
        if (e.path.size() >= sizeof(sockaddr_un{}.sun_path)) throw std::invalid_argument("unix socket path too long");
        return e;
    }
    if (take("inet6:")) e.family = AF_INET6;
    else if (!take("inet:")) throw std::invalid_argument("socket spec must start with unix:, local:, /, inet: or inet6:");
    e.unix_socket = false;
    auto at = spec.find('@');
    e.port = std::string(spec.substr(0, at));
    e.host = at == std::string_view::npos ? (e.family == AF_INET6 ? "::1" : "127.0.0.1") : std::string(spec.substr(at + 1));
    if (e.host.size() >= 2 && e.host.front() == '[' && e.host.back() == ']') e.host = e.host.substr(1, e.host.size() - 2);
    if (e.port.empty() || e.host.empty()) throw std::invalid_argument("inet spec is inet:PORT@HOST");
    return e;
}

Socket open_socket(const Options& opt) {
    const Endpoint& e = opt.endpoint;
    auto fail = [&](const std::string& what) {
        return std::runtime_error("cannot connect to " + opt.socket + ": " + what + ": " + std::strerror(errno));
    };
    Socket s;
    if (e.unix_socket) {
        s = Socket(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (s.fd() < 0) throw fail("socket");
        sockaddr_un sa{};
        sa.sun_family = AF_UNIX;
        std::memcpy(sa.sun_path, e.path.c_str(), e.path.size() + 1);
        if (::connect(s.fd(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0) throw fail("connect");
    } else {
        addrinfo hints{};
        hints.ai_family = e.family;
        hints.ai_socktype = SOCK_STREAM;
        addrinfo* res = nullptr;
        if (int rc = ::getaddrinfo(e.host.c_str(), e.port.c_str(), &hints, &res); rc != 0)
            throw std::runtime_error("cannot resolve " + opt.socket + ": " + ::gai_strerror(rc));
        std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> guard(res, ::freeaddrinfo);
        s = Socket(::socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0));
        if (s.fd() < 0) throw fail("socket");
        if (::connect(s.fd(), res->ai_addr, res->ai_addrlen) != 0) throw fail("connect");
        if (opt.nodelay) {
            int one = 1;
            ::setsockopt(s.fd(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        }
    }
    timeval tv{};
    tv.tv_sec = opt.timeout;
    ::setsockopt(s.fd(), SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    ::setsockopt(s.fd(), SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    return s;
}

}  // namespace milter_bench
