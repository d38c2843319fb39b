// milter_session: one milter connection driven as Postfix drives it. A Session
// opens the socket, negotiates (OPTNEG, honouring the filter's SMFIP_NO*/NR*
// steps and smfi_setsymlist macro lists), sends connect and helo, then per
// message MAIL, RCPT, DATA, headers, EOH, body chunks and EOM with Postfix-like
// macros, reads and checks the modification actions at EOM, sends ABORT when a
// message ends early and reopens the connection when the filter drops it or
// --per-connection says so. Latencies and counts go into the Stats it is given.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "load_stats.hpp"
#include "milter_config.hpp"
#include "milter_wire.hpp"

namespace milter_bench {

using Clock = std::chrono::steady_clock;

// The outcome of one step: a reply that lets the message go on, or a final one.
struct StepResult {
    bool go_on = true;
    bool skip = false;       // SMFIR_SKIP (body)
    bool close_conn = false; // 421, SHUTDOWN, CONN_FAIL: the MTA drops the filter
    Final final = Final::Continue;
};

class Session {
public:
    Session(const Options& opt, const MessageData& msg, int index, Stats& stats)
        : opt_(opt), msg_(msg), index_(index), stats_(stats) {}

    // Runs until `messages` are done or the deadline passes.
    void run(long messages, std::optional<Clock::time_point> deadline);

private:
    bool open_connection();
    void close_connection();
    void negotiate();
    // One message, MAIL to the final reply; ABORT queued when it ends before EOM.
    StepResult run_message();
    StepResult run_rcpts();
    StepResult run_content();
    StepResult read_eom();

    void queue(char command, std::string_view data);
    void queue_macros(MacroStage stage, bool queue_id_known);
    void flush();
    std::pair<char, std::string> read_packet();
    // Sends `command` (macros first) and, unless no-reply, reads its answer.
    StepResult step(std::optional<MacroStage> stage, char command, std::string_view data,
                    std::uint32_t no_reply_bit, bool queue_id_known);
    StepResult interpret(char command, char code, std::string_view data);
    void count_action(char code, std::string_view data);
    void count_final(Final f) { ++stats_.finals[static_cast<int>(f)]; }
    [[noreturn]] void fail(const std::string& what) const;

    const Options& opt_;
    const MessageData& msg_;
    int index_;
    Stats& stats_;
    Socket sock_;
    std::string out_;
    std::string in_;
    std::size_t in_pos_ = 0;
    std::uint32_t actions_ = 0;
    std::uint32_t steps_ = 0;
    std::array<std::optional<std::vector<std::string>>, kMacroStages> symlist_;
    long message_no_ = 0;
    std::string queue_id_;
    std::string current_rcpt_;
    std::string current_;  // the command being answered, for error messages
    bool tracing_ = false;
};

}  // namespace milter_bench
