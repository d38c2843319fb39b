#include "support/paths.hpp"

#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>
#include <system_error>

namespace mailsec::testing {

namespace fs = std::filesystem;

namespace {
std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}
}  // namespace

std::optional<fs::path> shared_dir() {
    fs::path dir = env("MAILSEC_SHARED_DIR").value_or((source_dir() / ".." / "shared").string());
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) return std::nullopt;
    return fs::weakly_canonical(dir);
}

fs::path bin_dir() { return env("MAILSEC_BIN_DIR").value_or("build/bin"); }

fs::path source_dir() { return env("MAILSEC_SOURCE_DIR").value_or("."); }

TempDir::TempDir(const std::string& prefix) {
    std::random_device rd;
    for (int i = 0; i < 100; ++i) {
        fs::path candidate = fs::temp_directory_path() / (prefix + "-" + std::to_string(rd()));
        std::error_code ec;
        if (fs::create_directory(candidate, ec)) {
            path_ = candidate;
            return;
        }
    }
    throw std::runtime_error("cannot create a temporary directory");
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

std::string read_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const fs::path& path, const std::string& content) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw std::runtime_error("cannot write " + path.string());
    out << content;
}

}  // namespace mailsec::testing
