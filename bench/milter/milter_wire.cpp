// milter_wire: names of the milter commands and reply bytes for error and trace
// messages, and the big-endian 32-bit field encoding used by packet lengths and
// the OPTNEG version/actions/steps words (see milter_wire.hpp for the framing).
#include "milter_wire.hpp"

#include <cstdio>

namespace milter_bench {

std::string command_name(char c) {
    switch (c) {
        case cmd::Optneg: return "SMFIC_OPTNEG";
        case cmd::Connect: return "SMFIC_CONNECT";
        case cmd::Helo: return "SMFIC_HELO";
        case cmd::Mail: return "SMFIC_MAIL";
        case cmd::Rcpt: return "SMFIC_RCPT";
        case cmd::Data: return "SMFIC_DATA";
        case cmd::Header: return "SMFIC_HEADER";
        case cmd::Eoh: return "SMFIC_EOH";
        case cmd::Body: return "SMFIC_BODY";
        case cmd::Eom: return "SMFIC_BODYEOB";
        default: return std::string("command '") + c + "'";
    }
}

std::string printable(char c) {
    if (c >= 0x21 && c < 0x7f) return std::string("'") + c + "'";
    char buf[8];
    std::snprintf(buf, sizeof buf, "0x%02x", static_cast<unsigned char>(c));
    return buf;
}

std::uint32_t get32(std::string_view d, std::size_t at) {
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(d[at + i]);
    return v;
}

void put32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xff);
}

}  // namespace milter_bench
