#include "zip_builder.hpp"

#include <array>
#include <cstdint>

namespace mailsec::testing {

namespace {

std::uint32_t crc32(const std::string& data) {
    static const auto table = [] {
        std::array<std::uint32_t, 256> t{};
        for (std::uint32_t i = 0; i < 256; ++i) {
            std::uint32_t c = i;
            for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            t[i] = c;
        }
        return t;
    }();
    std::uint32_t crc = 0xFFFFFFFFu;
    for (unsigned char b : data) crc = table[(crc ^ b) & 0xFF] ^ (crc >> 8);
    return crc ^ 0xFFFFFFFFu;
}

void put16(std::string& out, std::uint32_t v) {
    out += static_cast<char>(v & 0xFF);
    out += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& out, std::uint32_t v) {
    put16(out, v & 0xFFFF);
    put16(out, v >> 16);
}

// The fields shared by the local header and the central directory entry.
void common_fields(std::string& out, const std::string& name, const std::string& data) {
    put16(out, 20);   // version needed
    put16(out, 0);    // flags
    put16(out, 0);    // stored
    put16(out, 0);    // time
    put16(out, 0x21); // date 1980-01-01
    put32(out, crc32(data));
    put32(out, static_cast<std::uint32_t>(data.size()));
    put32(out, static_cast<std::uint32_t>(data.size()));
    put16(out, static_cast<std::uint32_t>(name.size()));
    put16(out, 0);    // extra length
}

}  // namespace

std::string build_zip(const std::vector<std::pair<std::string, std::string>>& members) {
    std::string out, central;
    for (const auto& [name, data] : members) {
        auto offset = static_cast<std::uint32_t>(out.size());
        put32(out, 0x04034b50);
        common_fields(out, name, data);
        out += name;
        out += data;
        put32(central, 0x02014b50);
        put16(central, 20);  // version made by
        common_fields(central, name, data);
        put16(central, 0);   // comment length
        put16(central, 0);   // disk
        put16(central, 0);   // internal attributes
        put32(central, 0);   // external attributes
        put32(central, offset);
        central += name;
    }
    auto central_offset = static_cast<std::uint32_t>(out.size());
    out += central;
    put32(out, 0x06054b50);
    put16(out, 0);
    put16(out, 0);
    put16(out, static_cast<std::uint32_t>(members.size()));
    put16(out, static_cast<std::uint32_t>(members.size()));
    put32(out, static_cast<std::uint32_t>(central.size()));
    put32(out, central_offset);
    put16(out, 0);
    return out;
}

}  // namespace mailsec::testing
