// Filter defaults: every callback answers Continue (milter.md 2.1).
#include "mailsec/milter/filter.hpp"

namespace mailsec::milter {

void Negotiation::skip(Steps no_bits) {
    if ((no_bits & ~detail::kNoBits) != Steps::None)
        throw UsageError("Negotiation::skip takes only No* step bits, got " + describe(no_bits & ~detail::kNoBits));
    requested_ |= no_bits & offered_steps_;
}

Status Filter::connect(Context&, std::string_view, const PeerAddress&) { return Status::Continue; }
Status Filter::helo(Context&, std::string_view) { return Status::Continue; }
Status Filter::envfrom(Context&, std::string_view, std::span<const std::string>) { return Status::Continue; }
Status Filter::envrcpt(Context&, std::string_view, std::span<const std::string>) { return Status::Continue; }
Status Filter::data(Context&) { return Status::Continue; }
Status Filter::header(Context&, std::string_view, std::string_view) { return Status::Continue; }
Status Filter::eoh(Context&) { return Status::Continue; }
Status Filter::body(Context&, std::string_view) { return Status::Continue; }
Status Filter::unknown(Context&, std::string_view) { return Status::Continue; }
Status Filter::eom(Context&) { return Status::Continue; }
void Filter::abort(Context&) {}
void Filter::close(Context&) {}
void Filter::end_message(Context&) {}
void Filter::negotiate(Negotiation&) {}

}  // namespace mailsec::milter
