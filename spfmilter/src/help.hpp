// spfmilter --help: a man page, with the key reference rendered from the config table.
#pragma once

#include <string>

namespace mailsec::spfmilter {

std::string help_text();

}  // namespace mailsec::spfmilter
