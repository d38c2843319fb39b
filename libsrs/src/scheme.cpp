// The scheme-independent half of forward/reverse (srs.md §2, §3, §4) and make_scheme.
#include "mailsec/srs/scheme.hpp"

#include "address.hpp"
#include "engine.hpp"
#include "mailsec/core/ascii.hpp"
#include "mailsec/srs/database.hpp"
#include "mailsec/srs/error.hpp"
#include "mailsec/srs/guarded.hpp"
#include "mailsec/srs/reversible.hpp"
#include "mailsec/srs/shortcut.hpp"

namespace mailsec::srs {

namespace {
constexpr int max_unwind_rounds = 10;  // srs.md §3 reverse_all
}

Scheme::Scheme(std::unique_ptr<detail::Engine> engine) : engine_(std::move(engine)) {}
Scheme::~Scheme() = default;

const CheckedOptions& Scheme::options() const noexcept { return engine_->options(); }

core::Result<std::string> Scheme::forward(std::string_view sender, std::string_view alias, bool sign) const {
    auto a = detail::split_address(sender);
    if (!a) return a.error();
    auto alias_host = detail::alias_host(alias);
    // fw-11, fw-12: a sender already on the alias host needs no rewriting.
    if (core::iequals(alias_host, a->host) && !options().always_rewrite) return std::string(sender);
    bool empty_host = sign && alias_host == a->host;  // sg-04: exact match only
    auto local = rewrite(a->local, a->host, alias_host, empty_host);
    if (!local) return local.error();
    if (a->quoted) return detail::join_address(*local, alias_host, true);
    // Append in place: make_srs0/make_srs1 reserved room for the alias (no second copy).
    std::string out = std::move(*local);
    out += '@';
    out += alias_host;
    return out;
}

core::Result<Reversed> Scheme::reverse(std::string_view address) const {
    auto a = detail::split_address(address);
    if (!a) return a.error();
    auto u = unwrap(a->local, a->host);
    if (!u) return u.error();
    return Reversed{detail::join_address(u->local, u->host, a->quoted), u->case_warning};
}

core::Result<Reversed> Scheme::reverse_all(std::string_view address) const {
    auto first = reverse(address);
    if (!first) return first;
    Reversed last = std::move(*first);
    for (int round = 1; round < max_unwind_rounds; ++round) {
        auto next = reverse(last.address);
        if (!next) break;  // ra-02: stop at a hop signed by someone else
        next->case_warning = next->case_warning || last.case_warning;
        last = std::move(*next);
    }
    return last;
}

core::Result<std::string> Scheme::sign(std::string_view address) const {
    auto a = detail::split_address(address);
    if (!a) return a.error();
    return detail::join_address(engine_->make_srs0(a->host, a->local, true), a->host, a->quoted);
}

core::Result<std::unique_ptr<Scheme>> make_scheme(SchemeKind kind, const Options& options,
                                                  const core::Clock& clock, std::shared_ptr<Store> store) {
    auto wrap = [](auto r) -> core::Result<std::unique_ptr<Scheme>> {
        if (!r) return r.error();
        return std::unique_ptr<Scheme>(std::move(*r));
    };
    switch (kind) {
        case SchemeKind::guarded: return wrap(Guarded::create(options, clock));
        case SchemeKind::shortcut: return wrap(Shortcut::create(options, clock));
        case SchemeKind::reversible: return wrap(Reversible::create(options, clock));
        case SchemeKind::database: return wrap(Database::create(options, clock, std::move(store)));
    }
    return make_error(ErrorKind::bad_config, "unknown scheme");
}

}  // namespace mailsec::srs
