// srs::Guarded: the default SRS scheme (srs.md §3), as pysrs's Guarded and Mail::SRS's
// Guarded. A plain sender becomes SRS0; an SRS0 from another forwarder becomes SRS1
// pointing back to that forwarder; an SRS1 is re-signed for the next hop, so a bounce
// travels back to the first forwarder in one step.
//
//   core::ManualClock clock(std::chrono::sys_seconds{std::chrono::seconds{1705320000}});
//   srs::Options opt;
//   opt.secrets = {"shhhh!"};
//   auto g = srs::Guarded::create(opt, clock).value();
//   g->forward("SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com", "forwarder2.com");
//       // SRS1=9KLd=forwarder1.com==G+3a=IZ=orig.com=mouse@forwarder2.com
#pragma once

#include <memory>

#include "mailsec/srs/scheme.hpp"

namespace mailsec::srs {

class Guarded final : public Scheme {
public:
    static core::Result<std::unique_ptr<Guarded>> create(const Options& options, const core::Clock& clock);
    SchemeKind kind() const noexcept override { return SchemeKind::guarded; }

private:
    using Scheme::Scheme;
    core::Result<std::string> rewrite(std::string_view local, std::string_view host, std::string_view alias_host,
                                      bool empty_host) const override;
    core::Result<detail::Unwrapped> unwrap(std::string_view local, std::string_view domain) const override;
    core::Result<detail::Unwrapped> open_srs1(std::string_view local) const;
};

}  // namespace mailsec::srs
