// End to end: build/bin/defang-milter driven over TCP by miltertest and
// defang_milter.lua (milter.md 2.8): a clean message passes unchanged, an .exe
// attachment and a zip with a .scr member come back with a replaced body.
#define BOOST_TEST_MODULE defang_milter_e2e
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <string>

#include "support/paths.hpp"
#include "support/process.hpp"

namespace ts = mailsec::testing;
using namespace std::chrono_literals;

namespace {

// A multipart message with one base64 attachment named `name`.
std::string with_attachment(const std::string& name, const std::string& base64) {
    return "From: a@test.invalid\r\nTo: b@test.invalid\r\nSubject: attachment\r\nMIME-Version: 1.0\r\n"
           "Content-Type: multipart/mixed; boundary=\"BOUNDARY\"\r\n\r\n"
           "--BOUNDARY\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
           "--BOUNDARY\r\nContent-Type: application/octet-stream; name=\"" + name + "\"\r\n"
           "Content-Disposition: attachment; filename=\"" + name + "\"\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" + base64 + "\r\n--BOUNDARY--\r\n";
}

// base64 of a zip holding "invoice.scr", made by python3's zipfile.
std::optional<std::string> zip_with_scr() {
    auto python = ts::find_program("python3");
    if (!python) return std::nullopt;
    auto r = ts::run({python->string(), "-c",
                      "import base64,io,zipfile\n"
                      "b=io.BytesIO()\n"
                      "z=zipfile.ZipFile(b,'w'); z.writestr('invoice.scr','MZ'); z.close()\n"
                      "print(base64.b64encode(b.getvalue()).decode())"});
    if (r.exit_code != 0) return std::nullopt;
    return r.out.substr(0, r.out.find('\n'));
}

struct Server {
    ts::TempDir dir{"defang-e2e"};
    int port = ts::free_port();
    std::unique_ptr<ts::Process> proc;
    Server() {
        proc = std::make_unique<ts::Process>(
            std::vector<std::string>{(ts::bin_dir() / "defang-milter").string(), "--socket",
                                     "inet:" + std::to_string(port) + "@127.0.0.1", "--banned", "exe,scr,pif"},
            dir.path() / "milter.log");
        BOOST_REQUIRE_MESSAGE(proc->wait_for_output("listening", 10s), "defang-milter did not start: " << proc->output());
    }
    // Runs the Lua script on one message; "" on success, else miltertest's output.
    std::string check(const std::string& message, const std::string& expect) {
        auto file = dir.path() / "message.eml";
        ts::write_file(file, message);
        auto script = ts::source_dir() / "tests" / "milter" / "defang_milter.lua";
        auto r = ts::run({"env", "MILTER_SOCKET=inet:" + std::to_string(port) + "@127.0.0.1",
                          "MESSAGE=" + file.string(), "EXPECT=" + expect, "miltertest", "-s", script.string()});
        if (r.exit_code == 0) return "";
        return "exit " + std::to_string(r.exit_code) + ": " + r.out + r.err + "\nmilter log: " + proc->output();
    }
};

bool have_miltertest() {
    if (ts::find_program("miltertest")) return true;
    BOOST_TEST_MESSAGE("skipped: miltertest not installed");
    return false;
}

}  // namespace

BOOST_AUTO_TEST_SUITE(defang_milter)

BOOST_AUTO_TEST_CASE(clean_message_passes_unchanged) {
    if (!have_miltertest()) return;
    auto shared = ts::shared_dir();
    if (!shared || !std::filesystem::exists(*shared / "mime" / "samp1")) {
        BOOST_TEST_MESSAGE("skipped: MAILSEC_SHARED_DIR/mime/samp1 not found");
        return;
    }
    Server s;
    BOOST_TEST(s.check(ts::read_file(*shared / "mime" / "samp1"), "unchanged") == "");
}

BOOST_AUTO_TEST_CASE(exe_attachment_is_replaced) {
    if (!have_miltertest()) return;
    Server s;
    BOOST_TEST(s.check(with_attachment("setup.exe", "TVqQAAMAAAAEAAAA//8AALgAAAAAAAAAQAAAAAAAAAAA"), "replaced") == "");
}

BOOST_AUTO_TEST_CASE(zip_with_scr_member_is_caught) {
    if (!have_miltertest()) return;
    auto zip = zip_with_scr();
    if (!zip) {
        BOOST_TEST_MESSAGE("skipped: python3 (used to build the zip) not available");
        return;
    }
    Server s;
    BOOST_TEST(s.check(with_attachment("invoice.zip", *zip), "replaced") == "");
}

BOOST_AUTO_TEST_SUITE_END()
