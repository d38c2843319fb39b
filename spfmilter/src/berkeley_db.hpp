// Reads every key/value pair of a Berkeley DB file (hash or btree), as sendmail's
// makemap and Postfix's postmap write access maps. Only this file includes <db.h>.
//
//   auto pairs = spfmilter::read_berkeley_db("/etc/mail/access.db");
//   if (!pairs && pairs.error().code == "not-db") ...  // read it as text instead
#pragma once

#include <filesystem>

#include "access_table.hpp"
#include "mailsec/core/result.hpp"

namespace mailsec::spfmilter {

// Error codes: "not-db" (the file exists but libdb does not recognise it), "io"
// (cannot open, read error).
core::Result<AccessPairs> read_berkeley_db(const std::filesystem::path& path);

}  // namespace mailsec::spfmilter
