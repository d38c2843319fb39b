// The sample messages of shared/mime (dns-mime.md part C), loaded in memory. The
// virus samples come out of the encrypted virus.zip here and are never written.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace mailsec::testing {

// Every sample name: the plain files and virus1..virus7, virus13.
const std::vector<std::string>& mime_sample_names();

// The bytes of a sample, or nullopt when shared/mime is absent (the caller skips).
std::optional<std::string> load_mime_sample(const std::string& name);

}  // namespace mailsec::testing
