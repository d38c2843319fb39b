// srs::Database: the DB scheme (srs.md §4, pysrs DB.py). forward stores the sender
// under a deterministic hash and writes the opaque SRS0<s>HASH@alias; reverse looks
// the hash up. Rows expire after maxage days; a sweep deletes them at most once per
// sweep interval (run from forward, or call sweep() on your own schedule).
//
//   auto store = std::shared_ptr<srs::Store>(srs::SqliteStore::open("srs.db").value());
//   auto db = srs::Database::create(opt, clock, store).value();
//   db->forward("mouse@orig.com", "second.com");   // SRS0=OOHcPPI9lm2bQ11OnkgZFs8E@second.com
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>

#include "mailsec/srs/scheme.hpp"
#include "mailsec/srs/store.hpp"

namespace mailsec::srs {

class Database final : public Scheme {
public:
    // BadConfig without a store. hash_length defaults to 24 here.
    static core::Result<std::unique_ptr<Database>> create(const Options& options, const core::Clock& clock,
                                                          std::shared_ptr<Store> store,
                                                          std::chrono::seconds sweep_interval = std::chrono::hours{1});
    SchemeKind kind() const noexcept override { return SchemeKind::database; }

    // Deletes rows older than maxage now; returns how many went.
    core::Result<std::size_t> sweep() const;

private:
    Database(std::unique_ptr<detail::Engine> engine, std::shared_ptr<Store> store, std::chrono::seconds interval);
    core::Result<std::string> rewrite(std::string_view local, std::string_view host, std::string_view alias_host,
                                      bool empty_host) const override;
    core::Result<detail::Unwrapped> unwrap(std::string_view local, std::string_view domain) const override;
    void maybe_sweep(std::int64_t now) const;

    std::shared_ptr<Store> store_;
    std::int64_t sweep_interval_;
    mutable std::atomic<std::int64_t> next_sweep_{0};
};

}  // namespace mailsec::srs
