// Builds small zip archives in memory (stored, no compression) so the zip tests
// need no binary fixtures.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace mailsec::testing {

// (member name, member bytes) pairs -> the bytes of a zip archive.
std::string build_zip(const std::vector<std::pair<std::string, std::string>>& members);

}  // namespace mailsec::testing
