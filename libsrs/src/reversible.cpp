// Reversible scheme (srs.md §4), pysrs Reversible.py.
#include "mailsec/srs/reversible.hpp"

#include "address.hpp"
#include "engine.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs {

core::Result<std::unique_ptr<Reversible>> Reversible::create(const Options& options, const core::Clock& clock) {
    auto checked = validate(options, SchemeKind::reversible);
    if (!checked) return checked.error();
    return std::unique_ptr<Reversible>(
        new Reversible(std::make_unique<detail::Engine>(std::move(*checked), clock)));
}

// s1-08: whatever the local part holds, it is wrapped whole.
core::Result<std::string> Reversible::rewrite(std::string_view local, std::string_view host, std::string_view,
                                              bool empty_host) const {
    return engine().make_srs0(host, local, empty_host);
}

// rv-36: peels one layer.
core::Result<detail::Unwrapped> Reversible::unwrap(std::string_view local, std::string_view domain) const {
    if (detail::has_tag(local, options().tag0)) return engine().open_srs0(local, domain);
    return make_error(ErrorKind::not_srs, "'" + std::string(local) + "' is not an SRS0 address");
}

}  // namespace mailsec::srs
