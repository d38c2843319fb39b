// Vocabulary of mailsec::milter (milter.md 2.1): callback statuses, stages, the
// protocol-6 action and step bits, the peer address, errors and the logger.
//
//   using namespace mailsec::milter;
//   Steps s = Steps::NoHelo | Steps::NrConnect;
//   if (has(ctx.actions(), Actions::ChangeBody)) ctx.replace_body("...\r\n");
#pragma once

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>

namespace mailsec::milter {

// What a callback answers (1.2). NOREPLY and ALL_OPTS are internal to the framework.
enum class Status { Continue, Reject, Discard, Accept, Tempfail, Skip };

// Where the connection is; also the name of each callback.
enum class Stage { Negotiate, Connect, Helo, EnvFrom, EnvRcpt, Data, Header, Eoh, Body, Eom, Abort, Close, Unknown };

// Macro tables as libmilter numbers them (SMFIM_*, 1.7).
enum class MacroStage { Connect = 0, Helo = 1, EnvFrom = 2, EnvRcpt = 3, Data = 4, Eom = 5, Eoh = 6 };

// Action bits (SMFIF_*, 1.3); the values are the wire values.
enum class Actions : std::uint32_t {
    None = 0,
    AddHeaders = 0x1,
    ChangeBody = 0x2,
    AddRcpt = 0x4,
    DeleteRcpt = 0x8,
    ChangeHeaders = 0x10,
    Quarantine = 0x20,
    ChangeFrom = 0x40,
    AddRcptParams = 0x80,
    SetSymList = 0x100,
    All = 0x1ff,
};

// Step bits (SMFIP_*, 1.3): "don't send" (No*), "no reply" (Nr*) and protocol extras.
enum class Steps : std::uint32_t {
    None = 0,
    NoConnect = 0x1,
    NoHelo = 0x2,
    NoMail = 0x4,
    NoRcpt = 0x8,
    NoBody = 0x10,
    NoHeaders = 0x20,
    NoEoh = 0x40,
    NrHeader = 0x80,
    NoUnknown = 0x100,
    NoData = 0x200,
    Skip = 0x400,
    RcptRej = 0x800,
    NrConnect = 0x1000,
    NrHelo = 0x2000,
    NrMail = 0x4000,
    NrRcpt = 0x8000,
    NrData = 0x10000,
    NrUnknown = 0x20000,
    NrEoh = 0x40000,
    NrBody = 0x80000,
    HeaderLeadingSpace = 0x100000,
    Mds256K = 0x10000000,
    Mds1M = 0x20000000,
    AllOffered = 0x1fffff,  // what sendmail 8.17 offers
};

template <typename E>
concept BitEnum = std::is_same_v<E, Actions> || std::is_same_v<E, Steps>;

template <BitEnum E>
constexpr E operator|(E a, E b) noexcept {
    return static_cast<E>(static_cast<std::uint32_t>(a) | static_cast<std::uint32_t>(b));
}
template <BitEnum E>
constexpr E operator&(E a, E b) noexcept {
    return static_cast<E>(static_cast<std::uint32_t>(a) & static_cast<std::uint32_t>(b));
}
template <BitEnum E>
constexpr E operator~(E a) noexcept {
    return static_cast<E>(~static_cast<std::uint32_t>(a));
}
template <BitEnum E>
constexpr E& operator|=(E& a, E b) noexcept { return a = a | b; }
template <BitEnum E>
constexpr E& operator&=(E& a, E b) noexcept { return a = a & b; }
// True when every bit of `bits` is set in `set`.
template <BitEnum E>
constexpr bool has(E set, E bits) noexcept { return (set & bits) == bits; }
template <BitEnum E>
constexpr std::uint32_t raw(E e) noexcept { return static_cast<std::uint32_t>(e); }

// The connecting client as connect() receives it (1.1). `address` is the IP text
// or the unix socket path; port is 0 for Unix and Unknown.
struct PeerAddress {
    enum Kind { Inet4, Inet6, Unix, Unknown };
    Kind kind = Unknown;
    std::string address;
    std::uint16_t port = 0;
    bool operator==(const PeerAddress&) const = default;
};

// What to do with an exception escaping a callback (2.5).
enum class ExceptionPolicy { Tempfail, Reject, Continue, Accept };

// A filter used the API against its contract: wrong stage, action not negotiated,
// malformed argument (2.4). The message names action, stage and missing bit.
class UsageError : public std::logic_error {
public:
    using std::logic_error::logic_error;
};

// libmilter answered MI_FAILURE to an action (2.4).
class ActionFailed : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Log sink: severity ("warning", "error") and one line (fixed message plus key=value).
using Logger = std::function<void(std::string_view severity, std::string_view line)>;
// Writes "<severity>: <line>" to stderr.
Logger stderr_logger();

// ESMTP parameters of MAIL/RCPT ("SIZE=100", "BODY=8BITMIME", "SMTPUTF8") as a
// map keyed by the upper-cased name; value-less parameters map to nullopt.
std::map<std::string, std::optional<std::string>> parse_esmtp(std::span<const std::string> args);

std::string_view to_string(Status s) noexcept;
std::string_view to_string(Stage s) noexcept;
std::string_view to_string(MacroStage s) noexcept;
std::ostream& operator<<(std::ostream& os, Status s);
std::ostream& operator<<(std::ostream& os, Stage s);
// "ADDHDRS|CHGBODY" style names of the set bits (for error messages).
std::string describe(Actions a);
std::string describe(Steps s);

}  // namespace mailsec::milter
