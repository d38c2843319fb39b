// Tests for gossipd/src/config.cpp and config_table.cpp: pygossip.cfg [gossip] keys
// and mailsec's own into Settings (gossip.md §8 "Configuration", "Listen").
#include <boost/test/data/test_case.hpp>
#include <boost/test/unit_test.hpp>
#include <ostream>

#include "config.hpp"
#include "mailsec/daemon/ini.hpp"

namespace gossipd = mailsec::gossipd;
namespace bdata = boost::unit_test::data;

namespace {
struct Case {
    std::string name;
    std::string ini;   // lines of the [gossip] section
    std::string want;  // summary(), or "error:<part of the message>"
};
std::ostream& operator<<(std::ostream& os, const Case& c) { return os << c.name; }

std::string summary(const gossipd::Settings& s) {
    std::string out = "listen=";
    for (const auto& l : s.listen) out += l.text() + "|";
    out += " db=" + s.database.string() + " peers=";
    for (const auto& p : s.peers)
        out += p.name + "@" + p.host + ":" + std::to_string(p.port) + (p.secret.empty() ? "" : "#") + "|";
    out += " qsize=" + std::to_string(s.node.qsize) + " maxobs=" + std::to_string(s.node.maxobs) +
           " ttl=" + std::to_string(s.node.max_ttl) + " answer=" + std::to_string(s.peer_timeouts.answer.count()) +
           " retry=" + std::to_string(s.peer_timeouts.retry.count());
    return out;
}

const std::string defaults_tail = " qsize=1000 maxobs=1024 ttl=2 answer=3000 retry=60";

const Case cases[] = {
    {"defaults", "",
     "listen=inet:127.0.0.1:11900|inet:[::1]:11900| db=/var/lib/gossipd/gossip.db peers=" + defaults_tail},
    {"port only", "listen = 11901",
     "listen=inet:127.0.0.1:11901|inet:[::1]:11901| db=/var/lib/gossipd/gossip.db peers=" + defaults_tail},
    {"host:port and v6", "listen = 0.0.0.0:11900, [::]:11902",
     "listen=inet:0.0.0.0:11900|inet:[::]:11902| db=/var/lib/gossipd/gossip.db peers=" + defaults_tail},
    {"host only", "listen = 192.0.2.1",
     "listen=inet:192.0.2.1:11900| db=/var/lib/gossipd/gossip.db peers=" + defaults_tail},
    {"pygossip keys", "datadir = run\nrep_db = rep.sqlite\nqsize = 30\npeers = g1.example.net:11905, g2",
     "listen=inet:127.0.0.1:11900|inet:[::1]:11900| db=run/rep.sqlite "
     "peers=g1.example.net@g1.example.net:11905|g2@g2:11900|"
     " qsize=30 maxobs=1024 ttl=2 answer=3000 retry=60"},
    {"absolute rep_db", "datadir = /var/x\nrep_db = /srv/g.db",
     "listen=inet:127.0.0.1:11900|inet:[::1]:11900| db=/srv/g.db peers=" + defaults_tail},
    {"same host twice", "peers = 127.0.0.1:1, 127.0.0.1:2",
     "listen=inet:127.0.0.1:11900|inet:[::1]:11900| db=/var/lib/gossipd/gossip.db "
     "peers=127.0.0.1:1@127.0.0.1:1|127.0.0.1:2@127.0.0.1:2|" +
         defaults_tail},
    {"secrets", "peers = a.example, b.example\npeer_secret = s\npeer_secret.b.example = t",
     "listen=inet:127.0.0.1:11900|inet:[::1]:11900| db=/var/lib/gossipd/gossip.db "
     "peers=a.example@a.example:11900#|b.example@b.example:11900#|" +
         defaults_tail},
    {"mailsec keys", "maxobs = 100\nmax_ttl = 1\npeer_timeout = 5\npeer_retry = 2m",
     "listen=inet:127.0.0.1:11900|inet:[::1]:11900| db=/var/lib/gossipd/gossip.db peers="
     " qsize=1000 maxobs=100 ttl=1 answer=5000 retry=120"},
    {"bad listen", "listen = [::1", "error:listen"},
    {"bad peer", "peers = host:99999", "error:peers"},
    {"bad network", "allow = 10.0.0.0/33", "error:allow"},
    {"qsize range", "qsize = 0", "error:qsize"},
    {"maxobs range", "maxobs = 2048", "error:maxobs"},
};

mailsec::core::Result<gossipd::Settings> settings_of(const std::string& lines) {
    mailsec::daemon::Ini ini;
    if (auto st = ini.read_string("[gossip]\n" + lines + "\n", "test.cfg"); !st) return st.error();
    auto v = gossipd::config_table().validate(ini);
    if (!v.ok()) return v.error();
    return gossipd::settings_from(v.config);
}
}  // namespace

BOOST_AUTO_TEST_SUITE(config)

BOOST_DATA_TEST_CASE(settings_from_ini, bdata::make(cases), c) {
    const auto s = settings_of(c.ini);
    const std::string got = s ? summary(*s) : "error:" + s.error().message;
    if (c.want.starts_with("error:"))
        BOOST_TEST(got.find(c.want.substr(6)) != std::string::npos, "got " << got << ", want " << c.want);
    else
        BOOST_TEST(got == c.want, "got " << got << ", want " << c.want);
}

BOOST_AUTO_TEST_CASE(networks_and_peers_in_node_options) {
    auto s = settings_of("peers = 192.0.2.7\ntrusted_feedback = 10.0.0.0/8\nadmin_clients = ::1");
    BOOST_REQUIRE(s);
    BOOST_TEST(s->node.peers == std::vector<std::string>{"192.0.2.7"});
    BOOST_TEST(s->trusted_feedback.contains(boost::asio::ip::make_address("10.1.2.3")));
    BOOST_TEST(!s->admin_clients.contains(boost::asio::ip::make_address("127.0.0.1")));
    BOOST_TEST(s->allow.contains(boost::asio::ip::make_address("127.0.0.9")), "default allow: loopback");
}

BOOST_AUTO_TEST_SUITE_END()
