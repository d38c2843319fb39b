// Names, bit descriptions, ESMTP parameter parsing and the default logger.
#include "mailsec/milter/types.hpp"

#include <array>
#include <iostream>
#include <mutex>
#include <utility>

#include "mailsec/core/ascii.hpp"

namespace mailsec::milter {

Logger stderr_logger() {
    return [](std::string_view severity, std::string_view line) {
        static std::mutex mutex;  // callbacks of different connections log from different threads
        std::lock_guard lock(mutex);
        std::cerr << severity << ": " << line << '\n';
    };
}

std::map<std::string, std::optional<std::string>> parse_esmtp(std::span<const std::string> args) {
    std::map<std::string, std::optional<std::string>> out;
    for (const auto& arg : args) {
        auto eq = arg.find('=');
        if (eq == std::string::npos) out[core::to_upper(arg)] = std::nullopt;
        else out[core::to_upper(std::string_view(arg).substr(0, eq))] = arg.substr(eq + 1);
    }
    return out;
}

std::string_view to_string(Status s) noexcept {
    constexpr std::array<std::string_view, 6> names{"continue", "reject", "discard", "accept", "tempfail", "skip"};
    return names.at(static_cast<std::size_t>(s));
}

std::string_view to_string(Stage s) noexcept {
    constexpr std::array<std::string_view, 13> names{"negotiate", "connect", "helo", "envfrom", "envrcpt",
                                                     "data",      "header",  "eoh",  "body",    "eom",
                                                     "abort",     "close",   "unknown"};
    return names.at(static_cast<std::size_t>(s));
}

std::string_view to_string(MacroStage s) noexcept {
    constexpr std::array<std::string_view, 7> names{"connect", "helo", "envfrom", "envrcpt", "data", "eom", "eoh"};
    return names.at(static_cast<std::size_t>(s));
}

std::ostream& operator<<(std::ostream& os, Status s) { return os << to_string(s); }
std::ostream& operator<<(std::ostream& os, Stage s) { return os << to_string(s); }

namespace {

template <typename E, std::size_t N>
std::string describe_bits(E value, const std::array<std::pair<E, std::string_view>, N>& names) {
    std::string out;
    for (const auto& [bit, name] : names) {
        if (!has(value, bit)) continue;
        if (!out.empty()) out += '|';
        out += name;
    }
    return out.empty() ? "none" : out;
}

}  // namespace

std::string describe(Actions a) {
    static constexpr std::array<std::pair<Actions, std::string_view>, 9> names{{
        {Actions::AddHeaders, "ADDHDRS"}, {Actions::ChangeBody, "CHGBODY"}, {Actions::AddRcpt, "ADDRCPT"},
        {Actions::DeleteRcpt, "DELRCPT"}, {Actions::ChangeHeaders, "CHGHDRS"}, {Actions::Quarantine, "QUARANTINE"},
        {Actions::ChangeFrom, "CHGFROM"}, {Actions::AddRcptParams, "ADDRCPT_PAR"}, {Actions::SetSymList, "SETSYMLIST"},
    }};
    return describe_bits(a, names);
}

std::string describe(Steps s) {
    static constexpr std::array<std::pair<Steps, std::string_view>, 23> names{{
        {Steps::NoConnect, "NOCONNECT"}, {Steps::NoHelo, "NOHELO"}, {Steps::NoMail, "NOMAIL"},
        {Steps::NoRcpt, "NORCPT"}, {Steps::NoBody, "NOBODY"}, {Steps::NoHeaders, "NOHDRS"},
        {Steps::NoEoh, "NOEOH"}, {Steps::NrHeader, "NR_HDR"}, {Steps::NoUnknown, "NOUNKNOWN"},
        {Steps::NoData, "NODATA"}, {Steps::Skip, "SKIP"}, {Steps::RcptRej, "RCPT_REJ"},
        {Steps::NrConnect, "NR_CONN"}, {Steps::NrHelo, "NR_HELO"}, {Steps::NrMail, "NR_MAIL"},
        {Steps::NrRcpt, "NR_RCPT"}, {Steps::NrData, "NR_DATA"}, {Steps::NrUnknown, "NR_UNKN"},
        {Steps::NrEoh, "NR_EOH"}, {Steps::NrBody, "NR_BODY"}, {Steps::HeaderLeadingSpace, "HDR_LEADSPC"},
        {Steps::Mds256K, "MDS_256K"}, {Steps::Mds1M, "MDS_1M"},
    }};
    return describe_bits(s, names);
}

}  // namespace mailsec::milter
