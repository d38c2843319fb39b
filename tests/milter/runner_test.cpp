// Tests for milter/src/runner.cpp and listener.cpp: a real Runner on libmilter in a
// forked child (libmilter allows one per process, milter.md 1.9), spoken to with a
// minimal MTA-side milter client. Proves TCP_NODELAY on accepted connections (2.6),
// unix socket mode, stale socket removal and "already running".
#define BOOST_TEST_MODULE milter_runner
#include <boost/test/unit_test.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <filesystem>
#include <functional>
#include <iostream>
#include <string>
#include <thread>

#include "mailsec/milter/filter.hpp"
#include "mailsec/milter/runner.hpp"
#include "support/paths.hpp"
#include "support/process.hpp"

namespace milter = mailsec::milter;
using namespace std::chrono_literals;

namespace {

int int_option(int fd, int level, int name) {
    int v = -1;
    socklen_t len = sizeof v;
    return getsockopt(fd, level, name, &v, &len) == 0 ? v : -1;
}

// From inside a callback: every accepted TCP connection of this process must have
// TCP_NODELAY. Answers REJECT with the offending fd when one does not.
class NodelayProbe : public milter::Filter {
public:
    milter::Status helo(milter::Context& ctx, std::string_view) override {
        int accepted = 0;
        for (const auto& e : std::filesystem::directory_iterator("/proc/self/fd")) {
            int fd = std::stoi(e.path().filename().string());
            int domain = int_option(fd, SOL_SOCKET, SO_DOMAIN);
            if ((domain != AF_INET && domain != AF_INET6) || int_option(fd, SOL_SOCKET, SO_ACCEPTCONN) != 0) continue;
            ++accepted;
            if (int_option(fd, IPPROTO_TCP, TCP_NODELAY) <= 0) {
                ctx.set_reply("550", "5.0.0", {"fd " + std::to_string(fd) + " lacks TCP_NODELAY"});
                return milter::Status::Reject;
            }
        }
        if (accepted == 0) {
            ctx.set_reply("450", "4.0.0", {"no accepted TCP socket found"});
            return milter::Status::Tempfail;
        }
        return milter::Status::Continue;
    }
};

// Runs a Runner in a child; the child exits 3 with the error on stderr when the
// Runner throws.
struct Child {
    pid_t pid = -1;
    explicit Child(milter::RunnerOptions opt) {
        pid = fork();
        if (pid != 0) return;
        try {
            milter::Runner runner(milter::make_factory<NodelayProbe>(), opt);
            runner.open();
            _exit(runner.run());
        } catch (const std::exception& e) {
            std::cerr << "runner: " << e.what() << std::endl;
            _exit(3);
        }
    }
    ~Child() {
        if (pid > 0 && waitpid(pid, nullptr, WNOHANG) == 0) {
            kill(pid, SIGKILL);
            waitpid(pid, nullptr, 0);
        }
    }
    // Exit code once the child ended within `timeout`, else -1.
    int exit_code(std::chrono::milliseconds timeout) {
        for (auto end = std::chrono::steady_clock::now() + timeout; std::chrono::steady_clock::now() < end;) {
            int status = 0;
            if (waitpid(pid, &status, WNOHANG) == pid) {
                pid = -1;
                return WIFEXITED(status) ? WEXITSTATUS(status) : -2;
            }
            std::this_thread::sleep_for(20ms);
        }
        return -1;
    }
};

int connect_tcp(int port) {
    for (int i = 0; i < 250; ++i) {
        int fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_port = htons(static_cast<uint16_t>(port));
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
        close(fd);
        std::this_thread::sleep_for(20ms);
    }
    return -1;
}

void put32(std::string& s, uint32_t v) {
    uint32_t n = htonl(v);
    s.append(reinterpret_cast<const char*>(&n), 4);
}

void send_packet(int fd, char cmd, const std::string& data) {
    std::string p;
    put32(p, static_cast<uint32_t>(data.size() + 1));
    p += cmd;
    p += data;
    BOOST_REQUIRE(write(fd, p.data(), p.size()) == static_cast<ssize_t>(p.size()));
}

// One reply packet: command letter and data.
std::pair<char, std::string> read_packet(int fd) {
    auto read_all = [fd](char* buf, size_t n) {
        size_t got = 0;
        while (got < n) {
            ssize_t r = read(fd, buf + got, n - got);
            if (r <= 0) return false;
            got += static_cast<size_t>(r);
        }
        return true;
    };
    uint32_t len = 0;
    if (!read_all(reinterpret_cast<char*>(&len), 4)) return {'\0', ""};
    std::string body(ntohl(len), '\0');
    if (!read_all(body.data(), body.size()) || body.empty()) return {'\0', ""};
    return {body[0], body.substr(1)};
}

}  // namespace

BOOST_AUTO_TEST_SUITE(runner)

BOOST_AUTO_TEST_CASE(accepted_tcp_connections_have_nodelay) {
    int port = mailsec::testing::free_port();
    milter::RunnerOptions opt;
    opt.socket = "inet:" + std::to_string(port) + "@127.0.0.1";
    opt.name = "nodelay-probe";
    Child child(opt);
    int fd = connect_tcp(port);
    BOOST_REQUIRE_MESSAGE(fd >= 0, "cannot connect to the Runner on port " << port);
    std::string neg;
    put32(neg, 6);
    put32(neg, 0x1ff);
    put32(neg, 0x1fffff);
    send_packet(fd, 'O', neg);
    auto [cmd, data] = read_packet(fd);
    BOOST_REQUIRE(cmd == 'O');
    BOOST_REQUIRE(data.size() >= 12u);
    uint32_t steps = 0;
    std::memcpy(&steps, data.data() + 8, 4);
    BOOST_TEST((ntohl(steps) & 0x1u) == 0x1u);  // connect not overridden: NOCONNECT
    send_packet(fd, 'H', std::string("client.test.invalid") + '\0');
    auto [rcmd, rdata] = read_packet(fd);
    BOOST_TEST(rcmd == 'c', "got reply '" << rcmd << "' " << rdata << ", want continue");
    close(fd);
}

BOOST_AUTO_TEST_CASE(unix_socket_mode_and_stale_socket) {
    mailsec::testing::TempDir dir;
    auto path = dir.path() / "m.sock";
    {  // a stale socket: bound, then its owner went away
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
        BOOST_REQUIRE(bind(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0);
        close(s);
    }
    milter::RunnerOptions opt;
    opt.socket = "unix:" + path.string();
    opt.name = "unix-probe";
    opt.socket_mode = 0660;
    Child child(opt);
    struct stat st {};
    bool listening = false;
    for (int i = 0; i < 250 && !listening; ++i) {
        std::this_thread::sleep_for(20ms);
        int s = socket(AF_UNIX, SOCK_STREAM, 0);
        sockaddr_un a{};
        a.sun_family = AF_UNIX;
        std::strncpy(a.sun_path, path.c_str(), sizeof a.sun_path - 1);
        listening = connect(s, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
        close(s);
    }
    BOOST_REQUIRE(listening);
    BOOST_REQUIRE(stat(path.c_str(), &st) == 0);
    BOOST_TEST((st.st_mode & 0777) == 0660u);
    // A second Runner on the same live socket refuses: "already running".
    Child second(opt);
    BOOST_TEST(second.exit_code(5s) == 3);
}

BOOST_AUTO_TEST_CASE(refuses_to_remove_a_regular_file) {
    mailsec::testing::TempDir dir;
    auto path = dir.path() / "not-a-socket";
    mailsec::testing::write_file(path, "data");
    milter::RunnerOptions opt;
    opt.socket = path.string();
    opt.name = "file-probe";
    Child child(opt);
    BOOST_TEST(child.exit_code(5s) == 3);
    BOOST_TEST(mailsec::testing::read_file(path) == "data");
}

BOOST_AUTO_TEST_CASE(bad_options_throw_before_libmilter) {
    milter::RunnerOptions opt;
    opt.socket = "fd:3";
    opt.name = "x";
    BOOST_CHECK_THROW(milter::Runner(milter::make_factory<NodelayProbe>(), opt), std::invalid_argument);
    opt.socket = "inet:1@127.0.0.1";
    opt.name = "";
    BOOST_CHECK_THROW(milter::Runner(milter::make_factory<NodelayProbe>(), opt), std::invalid_argument);
}

BOOST_AUTO_TEST_CASE(one_runner_per_process) {
    pid_t pid = fork();
    if (pid == 0) {
        milter::RunnerOptions opt;
        opt.socket = "inet:1@127.0.0.1";
        opt.name = "x";
        milter::Runner first(milter::make_factory<NodelayProbe>(), opt);
        try {
            milter::Runner second(milter::make_factory<NodelayProbe>(), opt);
        } catch (const std::logic_error&) {
            _exit(7);
        }
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    BOOST_TEST(WEXITSTATUS(status) == 7);
}

BOOST_AUTO_TEST_SUITE_END()
