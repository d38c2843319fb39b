// mailsec::daemon listen specs and listening sockets. A daemon parses its `listen`
// values, opens every socket before dropping privileges, then hands each fd to its
// event loop (Boost.Asio: acceptor.assign(protocol, fd.release())).
//
// Spec forms:
//   srsd (srs.md §8a):      unix:/run/srsd/srsd.sock   inet:127.0.0.1:10001   inet:[::1]:10001
//   gossipd (gossip.md §8): host:port   [v6addr]:port   port   host   (parse_host_port)
//
//   auto spec = daemon::parse_listen("inet:[::1]:10001");
//   if (!spec) die(spec.error().message);
//   auto fd = daemon::open_listener(*spec, {.mode = 0660});
//   if (!fd) die(fd.error().message);
//   acceptor.assign(boost::asio::ip::tcp::v6(), fd->release());
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "mailsec/core/result.hpp"
#include "mailsec/daemon/fd.hpp"

namespace mailsec::daemon {

struct ListenSpec {
    enum class Kind { unix_socket, inet };
    Kind kind = Kind::inet;
    std::string path{};      // unix_socket
    std::string host{};      // inet: name or address, IPv6 without brackets; empty = "port" form
    std::uint16_t port = 0;  // inet

    // Canonical text: "unix:/path", "inet:HOST:PORT", "inet:[v6]:PORT".
    std::string text() const;
    bool operator==(const ListenSpec&) const = default;
};

// srsd forms: "unix:/path" (absolute path) or "inet:HOST:PORT" / "inet:[v6]:PORT".
// Errors have code "bad-listen" and say what is wrong.
core::Result<ListenSpec> parse_listen(std::string_view text);
// A comma-separated list of parse_listen() specs; the first bad one is the error.
core::Result<std::vector<ListenSpec>> parse_listen_list(std::string_view text);
// gossipd forms: "host:port", "[v6]:port", "port" (host left empty: the caller picks
// the addresses, gossipd its loopback pair), "host" (default_port), and a bare IPv6
// address "::1" (default_port). Always Kind::inet.
core::Result<ListenSpec> parse_host_port(std::string_view text, std::uint16_t default_port);

struct ListenOptions {
    int backlog = 128;
    bool nonblocking = false;      // SOCK_NONBLOCK (Asio sets it itself when it adopts the fd)
    std::optional<mode_t> mode{};  // unix: chmod before listen(), so no client sees looser bits
    std::string owner{};           // unix: chown to this user (name or numeric id); empty = unchanged
    std::string group{};           // unix: chown to this group (name or numeric id)
    bool remove_stale = true;      // unix: unlink a dead socket left by a previous run
};

// Opens, binds and listens. Every socket is CLOEXEC; inet sockets set SO_REUSEADDR (a
// restart on the same port works at once) and IPv6 ones IPV6_V6ONLY (so [::] and
// 0.0.0.0 can both be bound). A host name binds its first address. A unix path that
// exists is removed only if it is a socket nobody accepts on (connect() gets
// ECONNREFUSED); a live socket or any other file is an error ("in-use", "not-socket").
core::Result<Fd> open_listener(const ListenSpec& spec, const ListenOptions& options = {});

// The port an inet socket is bound to (after binding port 0 in tests); 0 on error.
std::uint16_t bound_port(int fd);

}  // namespace mailsec::daemon
