// End to end: the real srsd binary over its real protocols (srs.md §7, §8), queried
// by Postfix's own socketmap client (postmap) and by a raw netstring client.
#include <boost/test/unit_test.hpp>
#include <atomic>
#include <thread>
#include <vector>

#include "client.hpp"
#include "daemon_fixture.hpp"

namespace t = mailsec::testing;
using srsd_test::Client;
using srsd_test::Daemon;

namespace {
// postmap -q KEY TABLE with a private config directory; "exit=N out" as one string.
std::string postmap(const Daemon& d, const std::string& key, const std::string& table) {
    auto pf = d.dir.path() / "postfix";
    std::filesystem::create_directories(pf);
    t::write_file(pf / "main.cf", "");
    auto r = t::run({"postmap", "-c", pf.string(), "-q", key, table});
    while (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
    return "exit=" + std::to_string(r.exit_code) + " " + r.out;
}
}  // namespace

BOOST_AUTO_TEST_SUITE(e2e)

BOOST_AUTO_TEST_CASE(postmap_forward_and_reverse) {
    if (!t::find_program("postmap")) {
        BOOST_TEST_MESSAGE("postmap not installed (package postfix): skipped");
        return;
    }
    Daemon d;
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start:\n" << d.process->output());
    auto srs = Daemon::expected_forward("mouse@orig.com");
    auto inet = "socketmap:inet:127.0.0.1:" + std::to_string(d.port) + ":";
    auto unix_ = "socketmap:unix:" + d.socket + ":";
    struct Case {
        std::string key, table, want;
    };
    const Case cases[] = {
        {"mouse@orig.com", unix_ + "forward", "exit=0 " + srs},
        {"mouse@orig.com", inet + "forward", "exit=0 " + srs},
        {srs, unix_ + "reverse", "exit=0 mouse@orig.com"},
        {srs, inet + "reverse", "exit=0 mouse@orig.com"},
        {"mouse@example.org", inet + "forward", "exit=1 "},
        {"mouse@orig.com", inet + "bogus", "exit=1 "},  // PERM: postmap reports a query error
    };
    for (const auto& c : cases) {
        auto got = postmap(d, c.key, c.table);
        BOOST_TEST(got == c.want, c.key << " " << c.table << ": got " << got << ", want " << c.want);
    }
}

BOOST_AUTO_TEST_CASE(raw_socketmap_client) {
    Daemon d;
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start:\n" << d.process->output());
    auto srs = Daemon::expected_forward("mouse@orig.com");
    auto c = Client::unix_socket(d.socket);
    struct Case {
        std::string payload, want;
    };
    const Case cases[] = {
        {"forward mouse@orig.com", "OK " + srs},
        {"reverse " + srs, "OK mouse@orig.com"},
        {"reverse SRS0=XXXX=AA=orig.com=mouse@example.org", "PERM invalid hash 'XXXX'"},
        {"forward mouse@example.org", "NOTFOUND "},
        {"bogus x", "PERM unknown map: bogus"},
        {"forward", "PERM missing key"},
        {"make-srs mouse@orig.com", "OK " + srs.substr(0, srs.rfind('@')) + "<@example.org.>"},
    };
    for (const auto& k : cases) {  // many requests on one connection
        auto got = c.query(k.payload);
        BOOST_TEST(got == k.want, k.payload << ": got " << got << ", want " << k.want);
    }
}

BOOST_AUTO_TEST_CASE(pipelined_garbage_and_oversized) {
    Daemon d;
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start:\n" << d.process->output());
    {
        auto c = Client::tcp(d.port);
        c.send("7:bogus x,7:forward,7:bogus y,");  // three pipelined in one write
        std::string got = c.read_netstring();
        got += "|" + c.read_netstring();
        got += "|" + c.read_netstring();
        std::string want = "PERM unknown map: bogus|PERM missing key|PERM unknown map: bogus";
        BOOST_TEST(got == want, "got " << got << ", want " << want);
    }
    {
        auto c = Client::tcp(d.port);
        c.send("hello world\r\n");
        auto got = c.read_until_close();
        BOOST_TEST(got == "", "garbage: got " << got << ", want a close without reply");
    }
    {
        auto c = Client::tcp(d.port);
        c.send("5:abc");  // EOF inside a netstring
        c.close_write();
        auto got = c.read_until_close();
        BOOST_TEST(got == "", "EOF inside a netstring: got " << got << ", want a close without reply");
    }
    {
        auto c = Client::tcp(d.port);
        c.send("1001:" + std::string(1001, 'a') + ",");
        auto got = c.read_until_close();
        BOOST_TEST(got == "21:PERM request too long,", "oversized: got " << got);
    }
    auto c = Client::tcp(d.port);
    BOOST_TEST(c.query("forward mouse@orig.com").starts_with("OK SRS0="), "srsd must survive all of the above");
    BOOST_TEST(d.process->running());
}

BOOST_AUTO_TEST_CASE(many_concurrent_clients) {
    Daemon d;
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start:\n" << d.process->output());
    constexpr int clients = 50, requests = 100;
    std::atomic<int> wrong{0}, answered{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < clients; ++t) {
        threads.emplace_back([&, t] {
            try {
                auto c = Client::tcp(d.port);
                for (int i = 0; i < requests; ++i) {
                    auto sender = "user" + std::to_string(t) + "_" + std::to_string(i) + "@orig" +
                                  std::to_string(i % 7) + ".com";
                    if (c.query("forward " + sender) != "OK " + Daemon::expected_forward(sender)) ++wrong;
                    ++answered;
                }
            } catch (const std::exception&) {
                ++wrong;
            }
        });
    }
    for (auto& th : threads) th.join();
    BOOST_TEST(answered.load() == clients * requests, "got " << answered.load() << " answers");
    BOOST_TEST(wrong.load() == 0, "got " << wrong.load() << " wrong answers, want 0");
}

BOOST_AUTO_TEST_CASE(tcp_table_forward_and_reverse) {
    Daemon d;
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start:\n" << d.process->output());
    auto srs = Daemon::expected_forward("mouse@orig.com");
    auto fwd = Client::tcp(d.forward_port);
    fwd.send("get mouse%40orig.com\nget mouse@example.org\r\n");
    std::string got = fwd.read_line();
    got += "|" + fwd.read_line();
    std::string want = "200 " + srs + "|500 Not found";
    BOOST_TEST(got == want, "forward: got " << got << ", want " << want);
    auto rev = Client::tcp(d.reverse_port);
    rev.send("get " + srs + "\nget SRS0=XXXX=AA=orig.com=mouse@example.org\n");
    got = rev.read_line();
    got += "|" + rev.read_line();
    want = "200 mouse@orig.com|500 invalid%20hash%20'XXXX'";
    BOOST_TEST(got == want, "reverse: got " << got << ", want " << want);
    rev.send("put x\n");
    got = rev.read_until_close();
    BOOST_TEST(got == "500 Invalid request\n", "invalid: got " << got);
}

BOOST_AUTO_TEST_CASE(idle_timeout_and_connection_limit) {
    Daemon d("idle_timeout = 1\nmax_connections = 2\n");
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start:\n" << d.process->output());
    auto a = Client::tcp(d.port);
    auto b = Client::tcp(d.port);
    BOOST_TEST(a.query("forward").starts_with("PERM"));
    BOOST_TEST(b.query("forward").starts_with("PERM"));
    auto c = Client::tcp(d.port);  // the third is over the limit: closed at once
    BOOST_TEST(c.query("forward") == "<closed>");
    auto start = std::chrono::steady_clock::now();
    auto got = a.read_until_close();
    auto waited = std::chrono::steady_clock::now() - start;
    BOOST_TEST(got == "", "idle: got " << got << ", want a close");
    BOOST_TEST(waited < std::chrono::seconds{4}, "the idle timeout of 1 s took too long");
    BOOST_TEST(d.process->output().find("connection limit") != std::string::npos, "no log line for the refusal");
}

BOOST_AUTO_TEST_CASE(ipv6_listener) {
    int port6 = t::free_port();
    Daemon d("", ", inet:[::1]:" + std::to_string(port6));
    BOOST_REQUIRE_MESSAGE(d.ready, "srsd did not start (no IPv6 loopback?):\n" << d.process->output());
    auto c = Client::tcp6(port6);
    auto srs = Daemon::expected_forward("mouse@orig.com");
    auto got = c.query("forward mouse@orig.com");
    BOOST_TEST(got == "OK " + srs, "got " << got << ", want OK " << srs);
}

BOOST_AUTO_TEST_CASE(check_config) {
    t::TempDir dir("srsd-check");
    t::write_file(dir.path() / "good.cfg", "[srs]\nsecret = s\nfwdomain = example.org\n");
    t::write_file(dir.path() / "bad.cfg", "[srs]\nsecret = s\nhashlength = 99\n");
    auto srsd = (t::bin_dir() / "srsd").string();
    auto good = t::run({srsd, "--check-config", "-c", (dir.path() / "good.cfg").string()});
    BOOST_TEST(good.exit_code == 0, "good: exit " << good.exit_code << ": " << good.err);
    BOOST_TEST(good.out.find("********") != std::string::npos);
    BOOST_TEST(good.out.find("= s\n") == std::string::npos, "the secret was printed");
    auto bad = t::run({srsd, "--check-config", "--config", (dir.path() / "bad.cfg").string()});
    BOOST_TEST(bad.exit_code == 1, "bad: exit " << bad.exit_code);
    BOOST_TEST(bad.err.find("hashlength") != std::string::npos, "bad: got " << bad.err);
    auto help = t::run({srsd, "--help"});
    BOOST_TEST(help.exit_code == 0);
    BOOST_TEST(help.out.find("max_connections") != std::string::npos);
}

BOOST_AUTO_TEST_SUITE_END()
