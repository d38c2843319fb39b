// Shortcut scheme (srs.md §4), pysrs Shortcut.py with s1-10 fixed.
#include "mailsec/srs/shortcut.hpp"

#include "address.hpp"
#include "engine.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs {
namespace {

core::Error malformed(std::string_view local, std::string_view what) {
    return make_error(ErrorKind::malformed, "'" + std::string(local) + "': " + std::string(what));
}

}  // namespace

core::Result<std::unique_ptr<Shortcut>> Shortcut::create(const Options& options, const core::Clock& clock) {
    auto checked = validate(options, SchemeKind::shortcut);
    if (!checked) return checked.error();
    return std::unique_ptr<Shortcut>(new Shortcut(std::make_unique<detail::Engine>(std::move(*checked), clock)));
}

core::Result<std::string> Shortcut::rewrite(std::string_view local, std::string_view host, std::string_view,
                                            bool empty_host) const {
    const auto& opt = options();
    std::string_view inner;  // the SRS0 payload after its tag and separator
    if (detail::has_tag(local, opt.tag1)) {
        // s1-10 (pysrs bug fixed): SRS1 carries hop 1's SRS0 minus its tag as SRSUSER.
        auto f = detail::split_fields(local.substr(opt.tag1.size() + 1), 3);
        if (f.size() < 3 || f[2].empty() || (f[2][0] != '=' && f[2][0] != '+' && f[2][0] != '-'))
            return malformed(local, "SRS1 does not embed an SRS0");
        inner = f[2].substr(1);
    } else if (detail::has_tag(local, opt.tag0)) {
        inner = local.substr(opt.tag0.size() + 1);  // s1-07: taken unverified
    } else {
        return engine().make_srs0(host, local, empty_host);
    }
    auto f = detail::split_fields(inner, 4);
    if (f.size() < 4) return malformed(local, "SRS0 needs 4 fields: hash, timestamp, host, local part");
    return engine().make_srs0(f[2], f[3], false);
}

core::Result<detail::Unwrapped> Shortcut::unwrap(std::string_view local, std::string_view domain) const {
    if (detail::has_tag(local, options().tag0)) return engine().open_srs0(local, domain);
    return make_error(ErrorKind::not_srs, "'" + std::string(local) + "' is not an SRS0 address");  // rv-35
}

}  // namespace mailsec::srs
