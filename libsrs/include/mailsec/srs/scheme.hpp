// srs::Scheme: the interface every SRS scheme shares (srs.md §3, §4): forward a
// sender through our alias domain, reverse a bounce address, unwind chains, and
// pysrs's signing mode. Instances are immutable after creation and safe to use from
// many threads; the clock passed in must outlive them.
//
//   core::SystemClock clock;
//   srs::Options opt;
//   opt.secrets = {"shhhh!"};
//   auto srs = srs::make_scheme(srs::SchemeKind::guarded, opt, clock);
//   if (!srs) return fail(srs.error());
//   auto fwd = (*srs)->forward("mouse@orig.com", "second.com");  // SRS0=VPFz=IZ=orig.com=mouse@second.com
//   auto back = (*srs)->reverse(*fwd);                          // back->address == "mouse@orig.com"
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "mailsec/core/clock.hpp"
#include "mailsec/core/result.hpp"
#include "mailsec/srs/options.hpp"

namespace mailsec::srs {

class Store;

// A successful reverse. `case_warning` is set when the hash matched only after
// ASCII lower-casing (srs.md §2, step 3): accepted, but worth a (rate-limited) log line.
struct Reversed {
    std::string address;
    bool case_warning = false;
};

namespace detail {
class Engine;
// What a scheme recovers from one SRS local part: the previous sender.
struct Unwrapped {
    std::string local;
    std::string host;
    bool case_warning = false;
};
}  // namespace detail

class Scheme {
public:
    virtual ~Scheme();
    Scheme(const Scheme&) = delete;
    Scheme& operator=(const Scheme&) = delete;

    // The address to use as envelope sender when forwarding `sender` through `alias`
    // (a domain or an address). Unchanged when the sender already lives on the alias
    // host, unless always_rewrite. With `sign`, a sender on exactly the alias host
    // gets an empty host field (srs.md §4, signing mode).
    core::Result<std::string> forward(std::string_view sender, std::string_view alias, bool sign = false) const;

    // One level back: the address a bounce to `address` goes to.
    core::Result<Reversed> reverse(std::string_view address) const;

    // Reverses until a reverse fails (at most 10 rounds); the error only if the first fails.
    core::Result<Reversed> reverse_all(std::string_view address) const;

    // Signing mode: SRS0<s>H(TT,HOST,LOCAL)=TT==LOCAL@HOST, for our own senders.
    core::Result<std::string> sign(std::string_view address) const;

    const CheckedOptions& options() const noexcept;
    virtual SchemeKind kind() const noexcept = 0;

protected:
    explicit Scheme(std::unique_ptr<detail::Engine> engine);
    const detail::Engine& engine() const noexcept { return *engine_; }

private:
    // The new local part for a sender that needs rewriting.
    virtual core::Result<std::string> rewrite(std::string_view local, std::string_view host,
                                              std::string_view alias_host, bool empty_host) const = 0;
    // The previous sender encoded in an SRS local part received for `domain`.
    virtual core::Result<detail::Unwrapped> unwrap(std::string_view local, std::string_view domain) const = 0;

    std::unique_ptr<detail::Engine> engine_;
};

// Any scheme by kind. The DB scheme needs `store` (BadConfig without one).
core::Result<std::unique_ptr<Scheme>> make_scheme(SchemeKind kind, const Options& options,
                                                  const core::Clock& clock,
                                                  std::shared_ptr<Store> store = nullptr);

}  // namespace mailsec::srs
