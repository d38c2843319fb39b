// milter_wire: the libmilter wire protocol as milter_load speaks it (version 6).
// Every packet is a 4-byte big-endian length counting the command byte, the
// command byte, then the data; strings are NUL-terminated. This header holds the
// SMFIC_* command and SMFIR_* reply codes, the SMFIP_* step bits and what the
// client offers in OPTNEG, the macro stages (SMFIM_*) with the command each
// precedes, the 32-bit big-endian field helpers, names for error messages and the
// ProtocolError that a session throws on a malformed or unexpected reply.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace milter_bench {

namespace cmd {
constexpr char Optneg = 'O', Macro = 'D', Connect = 'C', Helo = 'H', Mail = 'M', Rcpt = 'R', Data = 'T',
               Header = 'L', Eoh = 'N', Body = 'B', Eom = 'E', Abort = 'A', Quit = 'Q';
}
namespace reply {
constexpr char AddRcpt = '+', DelRcpt = '-', AddRcptPar = '2', Shutdown = '4', Accept = 'a', ReplBody = 'b',
               Continue = 'c', Discard = 'd', ChgFrom = 'e', ConnFail = 'f', AddHeader = 'h', InsHeader = 'i',
               ChgHeader = 'm', Progress = 'p', Quarantine = 'q', Reject = 'r', Skip = 's', Tempfail = 't',
               ReplyCode = 'y', Optneg = 'O';
}
// Step bits (SMFIP_*).
enum : std::uint32_t {
    NoConnect = 0x1, NoHelo = 0x2, NoMail = 0x4, NoRcpt = 0x8, NoBody = 0x10, NoHeaders = 0x20, NoEoh = 0x40,
    NrHeader = 0x80, NoUnknown = 0x100, NoData = 0x200, SkipOk = 0x400, RcptRej = 0x800, NrConnect = 0x1000,
    NrHelo = 0x2000, NrMail = 0x4000, NrRcpt = 0x8000, NrData = 0x10000, NrUnknown = 0x20000, NrEoh = 0x40000,
    NrBody = 0x80000, HeaderLeadingSpace = 0x100000,
};
constexpr std::uint32_t kOfferedActions = 0x1ff;   // every SMFIF_* action
constexpr std::uint32_t kOfferedSteps = 0x1fffff;  // every step bit, as sendmail 8.17 (no MDS_*)
constexpr std::uint32_t kVersion = 6;
constexpr std::size_t kMaxPacket = 64 * 1024 * 1024;

// Macro stages (SMFIM_*) and the command each precedes.
enum MacroStage { MConnect, MHelo, MMail, MRcpt, MData, MEom, MEoh, kMacroStages };
constexpr std::array<char, kMacroStages> kStageCommand = {cmd::Connect, cmd::Helo, cmd::Mail, cmd::Rcpt,
                                                          cmd::Data, cmd::Eom, cmd::Eoh};
constexpr std::array<const char*, kMacroStages> kStageName = {"connect", "helo", "mail", "rcpt",
                                                              "data", "eom", "eoh"};

// "SMFIC_..." for the commands a reply may answer, for error messages.
std::string command_name(char c);
// 'x' for a printable byte, else 0xNN.
std::string printable(char c);

class ProtocolError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Big-endian 32-bit fields: read at `at` (4 bytes must be there), append.
std::uint32_t get32(std::string_view d, std::size_t at);
void put32(std::string& out, std::uint32_t v);

}  // namespace milter_bench
