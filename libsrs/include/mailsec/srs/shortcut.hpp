// srs::Shortcut: SRS0 only (srs.md §4). Forwarding an SRS0 or SRS1 address makes a
// new SRS0 straight to the original sender WITHOUT verifying the hop it came through
// (as pysrs's and Mail::SRS's Shortcut), so anyone can make this host bounce to any
// address: prefer Guarded. Reverse accepts SRS0 only.
//
//   auto s = srs::Shortcut::create(opt, clock).value();
//   s->forward("SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com", "forwarder2.com");
//       // SRS0=VPFz=IZ=orig.com=mouse@forwarder2.com
#pragma once

#include <memory>

#include "mailsec/srs/scheme.hpp"

namespace mailsec::srs {

class Shortcut final : public Scheme {
public:
    static core::Result<std::unique_ptr<Shortcut>> create(const Options& options, const core::Clock& clock);
    SchemeKind kind() const noexcept override { return SchemeKind::shortcut; }

private:
    using Scheme::Scheme;
    core::Result<std::string> rewrite(std::string_view local, std::string_view host, std::string_view alias_host,
                                      bool empty_host) const override;
    core::Result<detail::Unwrapped> unwrap(std::string_view local, std::string_view domain) const override;
};

}  // namespace mailsec::srs
