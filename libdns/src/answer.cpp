#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <ostream>

#include "mailsec/core/ascii.hpp"
#include "mailsec/dns/answer.hpp"

namespace mailsec::dns {

std::string_view to_string(RecordType type) {
    switch (type) {
        case RecordType::A: return "A";
        case RecordType::CNAME: return "CNAME";
        case RecordType::PTR: return "PTR";
        case RecordType::MX: return "MX";
        case RecordType::TXT: return "TXT";
        case RecordType::AAAA: return "AAAA";
        case RecordType::SPF: return "SPF";
    }
    return "?";
}

std::optional<RecordType> parse_record_type(std::string_view text) {
    static constexpr RecordType all[] = {RecordType::A,   RecordType::CNAME, RecordType::PTR, RecordType::MX,
                                         RecordType::TXT, RecordType::AAAA,  RecordType::SPF};
    for (RecordType t : all)
        if (core::iequals(text, to_string(t))) return t;
    if (core::iequals(text, "TYPE99")) return RecordType::SPF;
    return std::nullopt;
}

std::string_view to_string(Status status) {
    switch (status) {
        case Status::records: return "records";
        case Status::nodata: return "nodata";
        case Status::nxdomain: return "nxdomain";
        case Status::tempfail: return "tempfail";
        case Status::invalid_name: return "invalid-name";
    }
    return "?";
}

std::ostream& operator<<(std::ostream& os, Status status) { return os << to_string(status); }
std::ostream& operator<<(std::ostream& os, RecordType type) { return os << to_string(type); }

std::string TxtRecord::joined() const {
    std::string out;
    for (const auto& s : strings) out += s;
    return out;
}

std::size_t Answer::record_count() const {
    return a.size() + aaaa.size() + mx.size() + ptr.size() + txt.size();
}

Answer Answer::failure(Status status, std::string_view name, RecordType type, std::string diagnostic) {
    Answer answer;
    answer.status = status;
    answer.name = std::string(name);
    answer.type = type;
    answer.diagnostic = std::move(diagnostic);
    return answer;
}

std::string format_ipv4(const Ipv4Address& a) {
    char buf[INET_ADDRSTRLEN] = {};
    inet_ntop(AF_INET, a.data(), buf, sizeof buf);
    return buf;
}

std::string format_ipv6(const Ipv6Address& a) {
    char buf[INET6_ADDRSTRLEN] = {};
    inet_ntop(AF_INET6, a.data(), buf, sizeof buf);
    return buf;
}

namespace {

// Presentation form of one character-string, as zone files write it.
std::string quote(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (byte < 0x20 || byte >= 0x7f) {
            char buf[5];
            std::snprintf(buf, sizeof buf, "\\%03u", byte);
            out += buf;
        } else {
            out += c;
        }
    }
    out += '"';
    return out;
}

}  // namespace

std::vector<std::string> format_records(const Answer& answer) {
    std::vector<std::string> lines;
    for (const auto& a : answer.a) lines.push_back(format_ipv4(a));
    for (const auto& a : answer.aaaa) lines.push_back(format_ipv6(a));
    // A null MX (RFC 7505) has the root as exchange: print it as "." like dig does.
    for (const auto& mx : answer.mx)
        lines.push_back(std::to_string(mx.preference) + " " + (mx.exchange.empty() ? "." : mx.exchange));
    for (const auto& p : answer.ptr) lines.push_back(p);
    for (const auto& t : answer.txt) {
        std::string line;
        for (const auto& s : t.strings) {
            if (!line.empty()) line += ' ';
            line += quote(s);
        }
        lines.push_back(line);
    }
    return lines;
}

}  // namespace mailsec::dns
