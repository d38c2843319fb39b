// Trace headers: libspf renders them (spf.md §4); spfmilter only combines resinfos,
// notes the best guess and recognises forged Authentication-Results.
#include "headers.hpp"

#include <algorithm>

#include "mailsec/core/ascii.hpp"
#include "mailsec/spf/header.hpp"
#include "mailsec/spf/result.hpp"

namespace mailsec::spfmilter {

namespace {

std::string best_guess_note(spf::Result r) { return "best guess: " + std::string(spf::to_string(r)); }

// Skips whitespace and RFC 5322 comments (nested, with quoted-pairs).
std::string_view skip_cfws(std::string_view s) {
    for (;;) {
        while (!s.empty() && core::is_ascii_space(s.front())) s.remove_prefix(1);
        if (s.empty() || s.front() != '(') return s;
        int depth = 0;
        std::size_t i = 0;
        for (; i < s.size(); ++i) {
            if (s[i] == '\\') ++i;
            else if (s[i] == '(') ++depth;
            else if (s[i] == ')' && --depth == 0) break;
        }
        s.remove_prefix(std::min(i + 1, s.size()));
    }
}

}  // namespace

std::string append_to_first_comment(std::string field, std::string_view note) {
    auto open = field.find('(');
    if (open == std::string::npos) return field;
    for (std::size_t i = open + 1; i < field.size(); ++i) {
        if (field[i] == '\\') ++i;
        else if (field[i] == ')') return field.insert(i, "; " + std::string(note));
    }
    return field;
}

std::string received_spf_field(const spf::Outcome& outcome, std::string_view receiver,
                               std::optional<spf::Result> best_guess) {
    std::string field = spf::received_spf(outcome, spf::HeaderOptions{.receiver = std::string(receiver), .extra = {}});
    if (best_guess) field = append_to_first_comment(std::move(field), best_guess_note(*best_guess));
    return field;
}

std::string authentication_results_field(std::string_view authserv_id, const spf::Outcome& mail,
                                         const spf::Outcome* separate_helo, std::string_view receiver,
                                         std::optional<spf::Result> best_guess) {
    spf::HeaderOptions options{.receiver = std::string(receiver), .extra = {}};
    std::string field = spf::authentication_results(mail, authserv_id, options);
    if (best_guess) field = append_to_first_comment(std::move(field), best_guess_note(*best_guess));
    if (separate_helo != nullptr) {
        std::string helo = spf::authentication_results(*separate_helo, authserv_id, options);
        field += helo.substr(authserv_id.size());  // "; spf=... smtp.helo=..."
    }
    return field;
}

bool has_authserv_id(std::string_view value, std::string_view authserv_id) {
    std::string_view s = skip_cfws(value);
    std::size_t n = 0;
    while (n < s.size() && !core::is_ascii_space(s[n]) && s[n] != ';' && s[n] != '(') ++n;
    return n > 0 && core::iequals(s.substr(0, n), authserv_id);
}

}  // namespace mailsec::spfmilter
