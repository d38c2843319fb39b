// Fuzz target over gossipd's framing of untrusted bytes (gossipd/src/line_reader.cpp):
// the input arrives in chunks whose size the first byte picks; every line must come
// out without its LF, and the buffer must stay bounded however long a line grows.
// Network prefixes (allow-list entries) are parsed too.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "line_reader.hpp"
#include "networks.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    (void)mailsec::gossipd::parse_network(input);
    if (input.empty()) return 0;
    const std::size_t chunk = static_cast<unsigned char>(input.front()) + 1u;
    input.remove_prefix(1);
    mailsec::gossipd::LineReader reader;
    for (std::size_t at = 0; at < input.size(); at += chunk) {
        reader.append(input.substr(at, chunk));
        while (auto line = reader.next())
            if (line->text.find('\n') != std::string::npos || (line->too_long && !line->text.empty())) std::abort();
        if (reader.buffered() > mailsec::gossip::max_line + 1 + chunk) std::abort();
    }
    return 0;
}
