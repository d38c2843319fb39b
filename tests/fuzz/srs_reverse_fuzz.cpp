// Fuzz target over the untrusted side of libsrs: reverse()/reverse_all() of every
// scheme and SES verify (srs.md §3, §4, §6). Any input must give a value or an error
// value; never a crash, an assert or an exception.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "mailsec/core/clock.hpp"
#include "mailsec/srs/scheme.hpp"
#include "mailsec/srs/ses.hpp"
#include "mailsec/srs/sqlite_store.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;

namespace {

struct Targets {
    core::ManualClock clock{core::Clock::time_point{std::chrono::seconds{1705320000}}};
    std::unique_ptr<srs::Scheme> guarded, shortcut, reversible, database;
    std::unique_ptr<srs::Ses> ses;

    Targets() {
        srs::Options o;
        o.secrets = {"shhhh!", "oldsecret"};
        o.allow_unsafe_srs = true;
        o.hash_min = 2;
        guarded = srs::make_scheme(srs::SchemeKind::guarded, o, clock).value();
        shortcut = srs::make_scheme(srs::SchemeKind::shortcut, o, clock).value();
        reversible = srs::make_scheme(srs::SchemeKind::reversible, o, clock).value();
        std::shared_ptr<srs::Store> store = srs::SqliteStore::open(":memory:").value();
        database = srs::make_scheme(srs::SchemeKind::database, o, clock, store).value();
        (void)database->forward("mouse@orig.com", "second.com");
        srs::SesOptions so;
        so.secrets = {"shhhh!"};
        ses = srs::Ses::create(so, clock).value();
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Targets t;
    std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)t.guarded->reverse(input);
    (void)t.guarded->reverse_all(input);
    (void)t.shortcut->reverse(input);
    (void)t.reversible->reverse_all(input);
    (void)t.database->reverse(input);
    (void)t.ses->verify(input);
    (void)t.guarded->forward(input, "second.com");
    (void)t.shortcut->forward(input, "second.com");
    return 0;
}
