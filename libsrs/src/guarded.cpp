// Guarded scheme (srs.md §3), pysrs Guarded.py.
#include "mailsec/srs/guarded.hpp"

#include "address.hpp"
#include "engine.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs {

core::Result<std::unique_ptr<Guarded>> Guarded::create(const Options& options, const core::Clock& clock) {
    auto checked = validate(options, SchemeKind::guarded);
    if (!checked) return checked.error();
    return std::unique_ptr<Guarded>(new Guarded(std::make_unique<detail::Engine>(std::move(*checked), clock)));
}

core::Result<std::string> Guarded::rewrite(std::string_view local, std::string_view host, std::string_view,
                                           bool empty_host) const {
    const auto& opt = options();
    if (detail::has_tag(local, opt.tag1)) {
        // srs.md §3 forward step 2: re-sign, keep pointing at the first forwarder (s1-03, s1-11).
        auto f = detail::split_fields(local.substr(opt.tag1.size() + 1), 3);
        if (f.size() < 3)
            return make_error(ErrorKind::malformed, "SRS1 address '" + std::string(local) + "' needs 3 fields");
        return engine().make_srs1(f[1], f[2]);
    }
    if (detail::has_tag(local, opt.tag0))  // step 3: SRSUSER keeps the hop-1 separator (s1-05)
        return engine().make_srs1(host, local.substr(opt.tag0.size()));
    return engine().make_srs0(host, local, empty_host);
}

core::Result<detail::Unwrapped> Guarded::unwrap(std::string_view local, std::string_view domain) const {
    if (detail::has_tag(local, options().tag1)) return open_srs1(local);
    if (detail::has_tag(local, options().tag0)) return engine().open_srs0(local, domain);
    return make_error(ErrorKind::not_srs, "'" + std::string(local) + "' is not an SRS0 or SRS1 address");
}

// srs.md §3 reverse step 1: one level back, to the first forwarder's SRS0.
core::Result<detail::Unwrapped> Guarded::open_srs1(std::string_view local) const {
    const auto& opt = options();
    auto f = detail::split_fields(local.substr(opt.tag1.size() + 1), 3);
    if (f.size() < 3)
        return make_error(ErrorKind::malformed, "SRS1 address '" + std::string(local) + "' needs 3 fields");
    if (f[0].find('.') != std::string_view::npos) {
        // The pre-2004 layout SRS1=HOST==USER had no hash: anyone could forge it (rv-16, rv-17).
        if (!opt.allow_unsafe_srs)
            return make_error(ErrorKind::hashless_srs1, "hashless SRS1 address '" + std::string(local) +
                                                            "' refused (allow-unsafe-srs is off)");
        return detail::Unwrapped{opt.tag0 + std::string(f[1]) + "=" + std::string(f[2]), std::string(f[0]), false};
    }
    if (f[1].empty() || f[2].empty())
        return make_error(ErrorKind::malformed, "SRS1 address '" + std::string(local) + "' has an empty field");
    auto warning = engine().verify_hash(f[0], {f[1], f[2]});
    if (!warning) return warning.error();
    return detail::Unwrapped{opt.tag0 + std::string(f[2]), std::string(f[1]), *warning};
}

}  // namespace mailsec::srs
