// srs-vectors FILE.tsv: runs an SRS/SES vector file in the format of srs.md §9 and
// closes with "N passed, N failed". Rows srs.md marks as pysrs bugs are checked
// against the behaviour srs.md decides instead. Exit 0 when all pass, 1 on a
// failure, 2 when the file cannot be read.
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "mailsec/core/clock.hpp"
#include "mailsec/srs/codec.hpp"
#include "mailsec/srs/error.hpp"
#include "mailsec/srs/scheme.hpp"
#include "mailsec/srs/ses.hpp"
#include "mailsec/srs/sqlite_store.hpp"

namespace srs = mailsec::srs;
namespace core = mailsec::core;

namespace {

struct Row {
    std::map<std::string, std::string> f;
    const std::string& operator[](const std::string& k) const {
        static const std::string none = "-";
        auto it = f.find(k);
        return it == f.end() ? none : it->second;
    }
};

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string cur;
    std::istringstream in(s);
    while (std::getline(in, cur, sep)) out.push_back(cur);
    if (!s.empty() && s.back() == sep) out.emplace_back();
    return out;
}

// srs.md §9: pysrs exception text → error kind.
std::string kind_of_pysrs_error(const std::string& text) {
    static const std::vector<std::pair<std::string, std::string>> table = {
        {"ValueError: Sender '", "no-at"},
        {"AssertionError: Cannot create a cryptographic MAC without a secret", "no-secret"},
        {"AssertionError: Reverse address does not match", "not-srs"},
        {"ValueError: not enough values to unpack", "malformed"},
        {"ValueError: Invalid SES signature format", "malformed"},
        {"ValueError: substring not found", "malformed"},
        {"AssertionError: Invalid hash", "bad-hash"},
        {"AssertionError: Invalid timestamp", "bad-timestamp"},
        {"AssertionError: Hashless SRS1 address", "hashless-srs1"},
        {"KeyError:", "not-found"},
        {"RuntimeError: Too many validations", "replay"},
    };
    for (const auto& [prefix, kind] : table)
        if (text.rfind(prefix, 0) == 0) return kind;
    return "unknown pysrs error: " + text;
}

// srs.md §9: the rows where mailsec fixes pysrs. Value: "error:<kind>" or the output.
const std::map<std::string, std::string>& decided() {
    static const std::map<std::string, std::string> rows = {
        {"fw-09", "error:bad-config"},
        {"rv-25", "error:bad-config"},
        {"s1-10", "SRS0=VPFz=IZ=orig.com=mouse@forwarder3.com"},
        {"ses-11", "unverified:SES=YI70XK0U1FK6KAPWBO4OG=minnie@Mouse.com"},
        {"ses-12", "unverified:SES=abc=def=x@y.com"},
    };
    return rows;
}

std::string want_of(const Row& r) {
    if (auto it = decided().find(r["id"]); it != decided().end()) return it->second;
    if (r["error"] != "-") return "error:" + kind_of_pysrs_error(r["error"]);
    std::string want = r["result"];
    if (r["warn"] == "case-warning") want += " [case-warning]";
    return want;
}

std::string error_text(const core::Error& e) { return "error:" + e.code; }

std::vector<std::string> secrets_of(const Row& r) {
    return r["secrets"] == "-" ? std::vector<std::string>{} : split(r["secrets"], '|');
}

class Runner {
public:
    explicit Runner(std::filesystem::path db_file) : db_file_(std::move(db_file)) {}
    std::string run(const Row& r);

private:
    std::string run_srs(const Row& r, core::Clock& clock);
    std::string run_ses(const Row& r, core::Clock& clock);
    std::shared_ptr<srs::Store> db_store();

    std::filesystem::path db_file_;
    std::shared_ptr<srs::Store> db_;  // the DB rows share one store, in file order (§9)
};

std::shared_ptr<srs::Store> Runner::db_store() {
    if (!db_) {
        auto s = srs::SqliteStore::open(db_file_);
        if (s) db_ = std::move(*s);
    }
    return db_;
}

std::string Runner::run(const Row& r) {
    core::ManualClock clock(core::Clock::time_point{std::chrono::seconds{std::stoll(r["now"])}});
    const auto& op = r["op"];
    if (op == "timestamp") return srs::timestamp_at(std::stoll(r["now"]));
    if (op == "hash") {
        auto f = split(r["input"], '|');
        auto secrets = secrets_of(r);
        if (secrets.empty() || (f.size() != 3 && f.size() != 2)) return "bad row";
        int len = std::stoi(r["hashlength"]);
        return f.size() == 3 ? srs::hash_fields(secrets[0], {f[0], f[1], f[2]}, len)
                             : srs::hash_fields(secrets[0], {f[0], f[1]}, len);
    }
    if (op == "ses_sign" || op == "ses_verify") return run_ses(r, clock);
    return run_srs(r, clock);
}

std::string Runner::run_srs(const Row& r, core::Clock& clock) {
    srs::Options o;
    o.secrets = secrets_of(r);
    o.hash_length = std::stoi(r["hashlength"]);
    o.hash_min = std::stoi(r["hashmin"]);
    o.separator = r["separator"].empty() ? '?' : r["separator"][0];
    o.max_age = std::stoi(r["maxage"]);
    for (const auto& flag : split(r["flags"], ',')) {
        if (flag == "alwaysrewrite") o.always_rewrite = true;
        if (flag == "ignoretimestamp") o.ignore_timestamp = true;
        if (flag == "allowunsafesrs") o.allow_unsafe_srs = true;
    }
    auto kind = srs::parse_scheme(r["scheme"]);
    if (!kind) return "unknown scheme " + r["scheme"];
    auto scheme = srs::make_scheme(*kind, o, clock, *kind == srs::SchemeKind::database ? db_store() : nullptr);
    if (!scheme) return error_text(scheme.error());
    const auto& op = r["op"];
    const auto& s = **scheme;
    if (op == "forward" || op == "forward_sign" || op == "sign") {
        auto out = op == "sign" ? s.sign(r["input"]) : s.forward(r["input"], r["arg"], op == "forward_sign");
        return out ? *out : error_text(out.error());
    }
    if (op == "reverse" || op == "reverse_all") {
        auto out = op == "reverse" ? s.reverse(r["input"]) : s.reverse_all(r["input"]);
        if (!out) return error_text(out.error());
        return out->address + (out->case_warning ? " [case-warning]" : "");
    }
    return "unknown op " + op;
}

std::string Runner::run_ses(const Row& r, core::Clock& clock) {
    srs::SesOptions o;
    o.secrets = secrets_of(r);
    o.expiration = std::stoi(r["maxage"]);
    auto ses = srs::Ses::create(o, clock);
    if (!ses) return error_text(ses.error());
    if (r["op"] == "ses_sign") {
        auto out = (*ses)->sign(r["input"], r["arg"] == "-" ? 0 : std::stoull(r["arg"]));
        return out ? *out : error_text(out.error());
    }
    std::string last;
    for (int i = std::stoi(r["arg"]); i > 0; --i) {
        auto v = (*ses)->verify(r["input"]);
        if (!v) {
            last = error_text(v.error());
        } else if (v->verified) {
            last = "ok:" + v->address + ";tc=" + std::to_string(v->timecode) + ";msgid=" + std::to_string(v->msgid);
        } else {
            last = "unverified:" + v->address;
        }
    }
    return last;
}

// The DB rows need a real store file; it is removed on exit.
struct TempFile {
    std::filesystem::path path;
    TempFile() {
        path = std::filesystem::temp_directory_path() /
               ("srs-vectors-" + std::to_string(static_cast<long>(::getpid())) + ".db");
        std::filesystem::remove(path);
    }
    ~TempFile() {
        std::error_code ec;
        for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path.string() + suffix, ec);
    }
};

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2 || std::string(argv[1]) == "--help") {
        std::cerr << "usage: srs-vectors FILE.tsv\n"
                     "Runs an SRS/SES vector file (srs.md section 9); prints one line per failing row\n"
                     "(id, got, want) and ends with 'N passed, N failed'. Exit 0 when every row passes.\n";
        return argc == 2 ? 0 : 2;
    }
    std::ifstream in(argv[1]);
    if (!in) {
        std::cerr << "srs-vectors: cannot read " << argv[1] << '\n';
        return 2;
    }
    std::string line;
    if (!std::getline(in, line)) {
        std::cerr << "srs-vectors: " << argv[1] << " is empty\n";
        return 2;
    }
    auto header = split(line, '\t');
    TempFile db;
    Runner runner(db.path);
    int passed = 0, failed = 0;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        auto cells = split(line, '\t');
        Row r;
        for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) r.f[header[i]] = cells[i];
        std::string got, want = want_of(r);
        try {
            got = runner.run(r);
        } catch (const std::exception& e) {  // std::stoi on a bad cell
            got = std::string("bad row: ") + e.what();
        }
        if (got == want) {
            ++passed;
        } else {
            ++failed;
            std::cout << r["id"] << ": got " << got << ", want " << want << '\n';
        }
    }
    std::cout << passed << " passed, " << failed << " failed\n";
    return failed == 0 ? 0 : 1;
}
