// DB scheme (srs.md §4), pysrs DB.py with SQLite in place of its dbm file.
#include "mailsec/srs/database.hpp"

#include "address.hpp"
#include "engine.hpp"
#include "mailsec/srs/codec.hpp"
#include "mailsec/srs/error.hpp"

namespace mailsec::srs {

core::Result<std::unique_ptr<Database>> Database::create(const Options& options, const core::Clock& clock,
                                                         std::shared_ptr<Store> store,
                                                         std::chrono::seconds sweep_interval) {
    if (!store) return make_error(ErrorKind::bad_config, "the DB scheme needs a store");
    auto checked = validate(options, SchemeKind::database);
    if (!checked) return checked.error();
    return std::unique_ptr<Database>(new Database(std::make_unique<detail::Engine>(std::move(*checked), clock),
                                                  std::move(store), sweep_interval));
}

Database::Database(std::unique_ptr<detail::Engine> engine, std::shared_ptr<Store> store,
                   std::chrono::seconds interval)
    : Scheme(std::move(engine)), store_(std::move(store)), sweep_interval_(interval.count()) {}

core::Result<std::size_t> Database::sweep() const {
    auto now = engine().now();
    next_sweep_.store(now + sweep_interval_, std::memory_order_relaxed);
    return store_->expire(now - std::int64_t{options().max_age} * seconds_per_day);
}

// The sweep runs on its own schedule: a row still present but expired is refused
// by reverse (db-03), so a late sweep costs disk, never correctness.
void Database::maybe_sweep(std::int64_t now) const {
    auto due = next_sweep_.load(std::memory_order_relaxed);
    if (now < due || !next_sweep_.compare_exchange_strong(due, now + sweep_interval_)) return;
    (void)store_->expire(now - std::int64_t{options().max_age} * seconds_per_day);
}

// db-01: opaque, deterministic, whatever the local part holds; a repeat refreshes the row.
core::Result<std::string> Database::rewrite(std::string_view local, std::string_view host, std::string_view,
                                            bool) const {
    auto key = engine().hash({host, local});
    auto now = engine().now();
    if (auto put = store_->put(key, StoredSender{std::string(host), std::string(local), now}); !put)
        return put.error();
    maybe_sweep(now);
    return options().tag0 + options().separator + key;
}

core::Result<detail::Unwrapped> Database::unwrap(std::string_view local, std::string_view) const {
    const auto& opt = options();
    if (!detail::has_tag(local, opt.tag0))
        return make_error(ErrorKind::not_srs, "'" + std::string(local) + "' is not an SRS0 address");
    auto key = local.substr(opt.tag0.size() + 1);
    auto row = store_->get(key);
    if (!row) return row.error();
    if (!*row) return make_error(ErrorKind::not_found, "no stored sender for '" + std::string(key) + "'");  // db-04
    const StoredSender& s = **row;
    auto warning = engine().verify_hash(key, {s.host, s.local});
    if (!warning) return warning.error();
    if (!opt.ignore_timestamp && engine().now() > s.time + std::int64_t{opt.max_age} * seconds_per_day)
        return make_error(ErrorKind::bad_timestamp, "stored sender for '" + std::string(key) +
                                                        "' is older than " + std::to_string(opt.max_age) +
                                                        " days");  // db-03
    return detail::Unwrapped{s.local, s.host, *warning};
}

}  // namespace mailsec::srs
