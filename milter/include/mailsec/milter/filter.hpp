// mailsec::milter::Filter: the base class a milter derives from (milter.md 2.1-2.3).
//
// One Filter object per MTA connection, made by a FilterFactory at negotiate and
// destroyed after close. Callbacks of one connection never overlap, but may run on
// different threads: keep state in members, never in thread-locals, and lock
// anything shared between connections.
//
// Per-message state: reset it in end_message(), which runs exactly once per message
// begun by envfrom — after eom or abort returns, or, when the MTA sends neither
// (MAIL rejected, RSET, ACCEPT/REJECT returned earlier, client gone), before the
// next envfrom or before close (2.2).
//
// Negotiation follows from what the class overrides (2.3): a callback not
// overridden is negotiated away (its NO bit); one listed in `no_reply` gets its
// NR bit and must return Continue.
//
//   class Tagger : public milter::Filter {
//   public:
//       static constexpr milter::Steps no_reply = milter::Steps::NrHeader;
//       milter::Status header(milter::Context&, std::string_view name, std::string_view) override {
//           if (core::iequals(name, "X-Tag")) ++tags_;
//           return milter::Status::Continue;
//       }
//       milter::Status eom(milter::Context& ctx) override {
//           if (tags_ == 0) ctx.add_header("X-Tag", "added");
//           return milter::Status::Continue;
//       }
//       void end_message(milter::Context&) override { tags_ = 0; }
//   private:
//       int tags_ = 0;
//   };
//   milter::Runner runner(milter::make_factory<Tagger>(), options);
#pragma once

#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

#include "mailsec/milter/context.hpp"
#include "mailsec/milter/types.hpp"

namespace mailsec::milter {

// What negotiate() can adjust at run time (2.3).
class Negotiation {
public:
    Negotiation(Context& ctx, Actions offered_actions, Steps offered_steps, Steps requested)
        : ctx_(ctx), offered_actions_(offered_actions), offered_steps_(offered_steps), requested_(requested) {}

    Actions offered_actions() const { return offered_actions_; }
    Steps offered_steps() const { return offered_steps_; }
    // The steps the framework will request (derived from the overrides).
    Steps requested_steps() const { return requested_; }
    // Adds "don't send" bits (No*); other bits throw UsageError.
    void skip(Steps no_bits);
    // Forwards to Context::set_macro_list (needs SETSYMLIST offered).
    void set_macro_list(MacroStage stage, const std::vector<std::string>& names) {
        ctx_.set_macro_list(stage, names);
    }
    // Answer REJECT: do not use this filter for this connection.
    void reject() { rejected_ = true; }
    bool rejected() const { return rejected_; }
    Context& context() { return ctx_; }

private:
    Context& ctx_;
    Actions offered_actions_;
    Steps offered_steps_;
    Steps requested_;
    bool rejected_ = false;
};

class Filter {
public:
    virtual ~Filter() = default;
    virtual Status connect(Context&, std::string_view hostname, const PeerAddress& peer);
    virtual Status helo(Context&, std::string_view name);
    virtual Status envfrom(Context&, std::string_view sender, std::span<const std::string> esmtp);
    virtual Status envrcpt(Context&, std::string_view rcpt, std::span<const std::string> esmtp);
    virtual Status data(Context&);
    // Raw octets; leading space stripped by the MTA unless HeaderLeadingSpace (1.6).
    virtual Status header(Context&, std::string_view name, std::string_view value);
    virtual Status eoh(Context&);
    // Raw chunk, CRLF line ends as received.
    virtual Status body(Context&, std::string_view chunk);
    virtual Status unknown(Context&, std::string_view command);
    virtual Status eom(Context&);
    virtual void abort(Context&);
    virtual void close(Context&);
    virtual void end_message(Context&);
    virtual void negotiate(Negotiation&);
};

// What the framework needs to know about a filter class: how to make one per
// connection, and the negotiation derived from it at compile time.
struct FilterTraits {
    Steps not_overridden = Steps::None;  // NO bits of optional callbacks left alone
    Steps no_reply = Steps::None;        // NR bits asked for
    Steps protocol_extras = Steps::None; // RcptRej, HeaderLeadingSpace, Mds256K, Mds1M
    Actions required_actions = Actions::None;
};

class FilterFactory {
public:
    using Make = std::function<std::unique_ptr<Filter>()>;
    FilterFactory(Make make, FilterTraits traits) : make_(std::move(make)), traits_(traits) {}
    std::unique_ptr<Filter> make() const { return make_(); }
    const FilterTraits& traits() const { return traits_; }

private:
    Make make_;
    FilterTraits traits_;
};

namespace detail {

// Overridden when &T::cb names a member of T rather than of Filter (2.3): comparing
// pointer types, not values, because comparing pointers to virtuals is unspecified.
#define MAILSEC_MILTER_OVERRIDDEN(cb) (!std::is_same_v<decltype(&T::cb), decltype(&Filter::cb)>)

template <typename T>
constexpr Steps overridden_mask() {
    Steps s = Steps::None;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(connect)) s |= Steps::NoConnect;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(helo)) s |= Steps::NoHelo;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(envfrom)) s |= Steps::NoMail;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(envrcpt)) s |= Steps::NoRcpt;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(body)) s |= Steps::NoBody;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(header)) s |= Steps::NoHeaders;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(eoh)) s |= Steps::NoEoh;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(unknown)) s |= Steps::NoUnknown;
    if constexpr (MAILSEC_MILTER_OVERRIDDEN(data)) s |= Steps::NoData;
    return s;
}
#undef MAILSEC_MILTER_OVERRIDDEN

constexpr Steps kNoBits = Steps::NoConnect | Steps::NoHelo | Steps::NoMail | Steps::NoRcpt | Steps::NoBody |
                          Steps::NoHeaders | Steps::NoEoh | Steps::NoUnknown | Steps::NoData;
constexpr Steps kNrBits = Steps::NrConnect | Steps::NrHelo | Steps::NrMail | Steps::NrRcpt | Steps::NrBody |
                          Steps::NrHeader | Steps::NrEoh | Steps::NrUnknown | Steps::NrData;
constexpr Steps kExtraBits = Steps::RcptRej | Steps::HeaderLeadingSpace | Steps::Mds256K | Steps::Mds1M;

constexpr Steps nr_as_no(Steps nr) {
    Steps out = Steps::None;
    if (has(nr, Steps::NrConnect)) out |= Steps::NoConnect;
    if (has(nr, Steps::NrHelo)) out |= Steps::NoHelo;
    if (has(nr, Steps::NrMail)) out |= Steps::NoMail;
    if (has(nr, Steps::NrRcpt)) out |= Steps::NoRcpt;
    if (has(nr, Steps::NrBody)) out |= Steps::NoBody;
    if (has(nr, Steps::NrHeader)) out |= Steps::NoHeaders;
    if (has(nr, Steps::NrEoh)) out |= Steps::NoEoh;
    if (has(nr, Steps::NrUnknown)) out |= Steps::NoUnknown;
    if (has(nr, Steps::NrData)) out |= Steps::NoData;
    return out;
}

template <typename T>
constexpr Steps no_reply_of() {
    if constexpr (requires { T::no_reply; }) return T::no_reply; else return Steps::None;
}
template <typename T>
constexpr Steps extras_of() {
    if constexpr (requires { T::protocol_extras; }) return T::protocol_extras; else return Steps::None;
}
template <typename T>
constexpr Actions required_of() {
    if constexpr (requires { T::required_actions; }) return T::required_actions; else return Actions::None;
}

}  // namespace detail

template <typename T>
constexpr FilterTraits traits_of() {
    static_assert(std::is_base_of_v<Filter, T>, "a filter derives from milter::Filter");
    constexpr Steps overridden = detail::overridden_mask<T>();
    constexpr Steps nr = detail::no_reply_of<T>();
    static_assert((nr & ~detail::kNrBits) == Steps::None, "no_reply holds only Nr* bits");
    static_assert((detail::nr_as_no(nr) & ~overridden) == Steps::None,
                  "no_reply names a callback the filter does not override");
    static_assert((detail::extras_of<T>() & ~detail::kExtraBits) == Steps::None,
                  "protocol_extras holds only RcptRej, HeaderLeadingSpace, Mds256K, Mds1M");
    return FilterTraits{detail::kNoBits & ~overridden, nr, detail::extras_of<T>(), detail::required_of<T>()};
}

// A factory making a T(args...) per connection; the arguments are copied once and
// passed as lvalues to every construction (share services through pointers).
template <typename T, typename... A>
FilterFactory make_factory(A&&... args) {
    auto stored = std::make_tuple(std::forward<A>(args)...);
    return FilterFactory(
        [stored]() -> std::unique_ptr<Filter> {
            return std::apply([](const auto&... a) { return std::make_unique<T>(a...); }, stored);
        },
        traits_of<T>());
}

}  // namespace mailsec::milter
