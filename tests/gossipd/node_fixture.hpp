// Starts build/bin/gossipd with a generated config on a loopback port and stops it
// by pid (support/process.hpp). The data directory outlives restarts of one node.
#pragma once

#include <signal.h>

#include <chrono>
#include <memory>
#include <string>

#include "support/paths.hpp"
#include "support/process.hpp"

namespace gossipd_test {

struct GossipNode {
    explicit GossipNode(std::string extra_config = "", std::string host = "127.0.0.1")
        : host(std::move(host)), extra(std::move(extra_config)) {
        port = mailsec::testing::free_port();
        config = (dir.path() / "gossipd.conf").string();
        database = (dir.path() / "data" / "gossip.db").string();
    }
    bool start() {
        mailsec::testing::write_file(config, "[gossip]\nlisten = " + host + ":" + std::to_string(port) +
                                                 "\ndatadir = " + (dir.path() / "data").string() +
                                                 "\nrep_db = gossip.db\nlog_level = debug\n"
                                                 "peer_timeout = 1\npeer_connect_timeout = 1\n" +
                                                 extra);
        process = std::make_unique<mailsec::testing::Process>(
            std::vector<std::string>{(mailsec::testing::bin_dir() / "gossipd").string(), "--config", config},
            dir.path() / ("gossipd." + std::to_string(++starts) + ".log"));
        // The exact start-up line: a bare "ready" would also match "address already in use".
        return process->wait_for_output("info: ready ", std::chrono::seconds{10}) && process->running();
    }
    void stop() {
        if (process) process->stop();
    }
    void kill9() {
        if (process) {
            ::kill(process->pid(), SIGKILL);
            process->stop();
        }
    }
    std::string log() const { return process ? process->output() : std::string{}; }
    std::string address() const { return host + ":" + std::to_string(port); }

    mailsec::testing::TempDir dir{"gossipd-test"};
    std::string host;
    std::string extra;
    int port = 0;
    int starts = 0;
    std::string config, database;
    std::unique_ptr<mailsec::testing::Process> process;
};

}  // namespace gossipd_test
