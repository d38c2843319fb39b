// srs::Reversible: every hop wraps the whole previous local part in a new SRS0
// (srs.md §4), so the address grows by one layer per forwarder and reverse peels
// one layer at a time (pysrs's and Mail::SRS's Reversible).
//
//   auto r = srs::Reversible::create(opt, clock).value();
//   r->forward("SRS0=G+3a=IZ=orig.com=mouse@forwarder1.com", "forwarder2.com");
//       // SRS0=A8z7=IZ=forwarder1.com=SRS0=G+3a=IZ=orig.com=mouse@forwarder2.com
#pragma once

#include <memory>

#include "mailsec/srs/scheme.hpp"

namespace mailsec::srs {

class Reversible final : public Scheme {
public:
    static core::Result<std::unique_ptr<Reversible>> create(const Options& options, const core::Clock& clock);
    SchemeKind kind() const noexcept override { return SchemeKind::reversible; }

private:
    using Scheme::Scheme;
    core::Result<std::string> rewrite(std::string_view local, std::string_view host, std::string_view alias_host,
                                      bool empty_host) const override;
    core::Result<detail::Unwrapped> unwrap(std::string_view local, std::string_view domain) const override;
};

}  // namespace mailsec::srs
