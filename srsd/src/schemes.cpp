// SRS and SES objects for the maps (srs.md §8: SES expiration = maxage, as pysrs).
#include "schemes.hpp"

#include "mailsec/srs/sqlite_store.hpp"

namespace mailsec::srsd {

core::Result<Schemes> make_schemes(const Settings& settings, const std::vector<std::string>& secrets,
                                   const core::Clock& clock) {
    auto options = settings.options;
    options.secrets = secrets;
    options.always_rewrite = settings.maps.always_rewrite;
    std::shared_ptr<srs::Store> store;
    if (settings.scheme == srs::SchemeKind::database) {
        auto opened = srs::SqliteStore::open(settings.database.empty() ? ":memory:" : settings.database);
        if (!opened) return opened.error();
        store = std::move(*opened);
    }
    auto scheme = srs::make_scheme(settings.scheme, options, clock, store);
    if (!scheme) return scheme.error();
    options.always_rewrite = true;
    auto rewriting = srs::make_scheme(settings.scheme, options, clock, store);
    if (!rewriting) return rewriting.error();
    srs::SesOptions ses_options;
    ses_options.secrets = secrets;
    ses_options.expiration = options.max_age;
    auto ses = srs::Ses::create(ses_options, clock);
    if (!ses) return ses.error();
    return Schemes{std::move(*scheme), std::move(*rewriting), std::move(*ses)};
}

}  // namespace mailsec::srsd
