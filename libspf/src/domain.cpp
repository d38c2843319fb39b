// Domain-name checks: RFC 7208 §4.3 (initial processing), §5.5 (ptr target match),
// RFC 1035 §2.3.4 size limits.
#include "domain.hpp"

#include "mailsec/core/ascii.hpp"

namespace mailsec::spf::detail {
namespace {

// Counts labels; 0 when a label is empty or longer than 63 octets.
int count_labels(std::string_view name) {
    int labels = 0;
    std::size_t start = 0;
    for (;;) {
        auto dot = name.find('.', start);
        auto len = (dot == std::string_view::npos ? name.size() : dot) - start;
        if (len == 0 || len > 63) return 0;
        ++labels;
        if (dot == std::string_view::npos) return labels;
        start = dot + 1;
    }
}

}  // namespace

std::optional<std::string_view> valid_fqdn_view(std::string_view domain) {
    if (!domain.empty() && domain.back() == '.') domain.remove_suffix(1);
    if (domain.empty() || domain.size() > 253 || domain.front() == '[') return std::nullopt;
    if (count_labels(domain) < 2) return std::nullopt;
    return domain;
}

std::optional<std::string> valid_fqdn(std::string_view domain) {
    auto view = valid_fqdn_view(domain);
    if (!view) return std::nullopt;
    return std::string(*view);
}

bool queryable(std::string_view name) { return !name.empty() && name.size() <= 253 && count_labels(name) > 0; }

bool is_subdomain_or_same(std::string_view name, std::string_view domain) {
    if (core::iequals(name, domain)) return true;
    return name.size() > domain.size() && core::iends_with(name, domain) && name[name.size() - domain.size() - 1] == '.';
}

}  // namespace mailsec::spf::detail
