// milter::testing::Context: drives a Filter with no MTA, through the same
// dispatcher as the libmilter adapter (same negotiation, checks and exception
// policy), as strictly as milter.md 2.7 asks:
//   (a) negotiate first, with a configurable offer; steps negotiated away are
//       reported Skipped, no-reply steps yield no reply;
//   (b) every step is checked against the SMTP order (out of order → UsageError);
//       after REJECT/DISCARD/ACCEPT the rest of that scope is NotDelivered; a
//       rejected recipient is dropped alone; DATA with no recipient left is refused;
//   (c) modifications only at eom and only when negotiated (Context checks, 2.4);
//   (d) set_reply validated as libmilter does; a code/status mismatch (4xx with
//       REJECT, 5xx with TEMPFAIL) is recorded as ignored and the MTA default is used;
//   (e) per-stage macro tables with sendmail() and postfix() profiles; set_macro_list
//       filters what is sent; lookups follow libmilter's order (1.7);
//   (f) feed_message sends an RFC 5322 message as an MTA would (CRLF, chunked body);
//   and records every step, every action, the envelope and final_message().
//
//   testing::Context t(make_factory<MyFilter>());
//   t.negotiate();
//   t.connect("client.test.invalid", {PeerAddress::Inet4, "192.0.2.1", 40000});
//   auto r = t.feed_message(bytes, "<a@b.example>", {"<c@d.example>"});
//   BOOST_TEST(r.status == Status::Continue);
//   BOOST_TEST(t.final_message() == expected);
#pragma once

#include <array>
#include <cstddef>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "mailsec/milter/filter.hpp"
#include "mailsec/milter/types.hpp"

namespace mailsec::milter::testing {

// What the MTA offers at negotiate (defaults: sendmail 8.17's offer).
struct Offer {
    Actions actions = Actions::All;
    Steps steps = Steps::AllOffered;
};

// The MTA's view of one step.
struct Response {
    enum Kind { Replied, NoReply, Skipped, NotDelivered };
    Stage stage = Stage::Negotiate;
    Kind kind = Replied;
    Status status = Status::Continue;  // Continue unless Replied
    // For REJECT/TEMPFAIL: the SMTP reply the client sees ("550 5.7.1 text", lines
    // joined by CRLF); the MTA default when set_reply was not used or was ignored.
    std::optional<std::string> smtp_reply;
    bool reply_ignored = false;  // set_reply's class did not match the status (1.5)
};

// One action in call order.
struct Action {
    enum Kind {
        SetReply, AddHeader, InsertHeader, ChangeHeader, DeleteHeader, AddRecipient, DeleteRecipient,
        ReplaceBody, ChangeSender, Quarantine, Progress, SetMacroList
    };
    Kind kind;
    Stage stage;
    std::string name;                  // header name, address, reply code, macro stage name
    std::size_t index = 0;             // insert/change/delete header
    std::optional<std::string> value;  // header value, body chunk, reason, xcode, macro names
    std::optional<std::string> esmtp;  // add_recipient / change_sender parameters
    std::vector<std::string> lines;    // set_reply text
};

// Macro values per stage, as an MTA sends them.
struct Macros {
    std::array<std::map<std::string, std::string>, 7> stages;  // indexed by MacroStage
    bool queue_id_late = false;  // Postfix: no "i" at MAIL and at the first RCPT (1.7)
};
// sendmail 8.17 defaults (1.7) with test values (an unauthenticated TLS client).
Macros sendmail();
// Postfix 3.7 defaults (1.7) with test values; queue id assigned late.
Macros postfix();

struct Options {
    std::string name = "test-filter";
    Offer offer;
    ExceptionPolicy policy = ExceptionPolicy::Tempfail;
    Macros macros = sendmail();
};

struct Header {
    std::string name;
    std::string value;  // as the filter sees it (leading space stripped unless HDR_LEADSPC)
};

class Context {
public:
    explicit Context(FilterFactory factory, Options options = {});
    ~Context();  // closes the connection if the test did not
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    void set_macro(MacroStage stage, const std::string& name, const std::string& value);
    void clear_macro(MacroStage stage, const std::string& name);

    Response negotiate();
    Response connect(const std::string& hostname, const PeerAddress& peer);
    Response helo(const std::string& name);
    Response envfrom(const std::string& sender, const std::vector<std::string>& esmtp = {});
    Response envrcpt(const std::string& rcpt, const std::vector<std::string>& esmtp = {});
    Response data();
    Response header(const std::string& name, const std::string& value);
    Response eoh();
    Response body(std::string_view chunk);
    Response eom();
    Response abort();
    Response unknown(const std::string& command);
    void close();

    // envfrom, envrcpt*, data, headers, eoh, body chunks, eom; stops where an MTA
    // would. A leading mbox "From " line is dropped, line ends become CRLF.
    // Returns the last response (eom's when the message got that far).
    Response feed_message(std::string_view message, const std::string& sender,
                          const std::vector<std::string>& rcpts, std::size_t chunk_size = 65535);
    Response feed_file(const std::filesystem::path& path, const std::string& sender,
                       const std::vector<std::string>& rcpts, std::size_t chunk_size = 65535);

    // Records.
    const std::vector<Response>& responses() const;
    const std::vector<Action>& actions() const;
    const std::vector<std::string>& log() const;  // the framework's log lines
    bool negotiation_rejected() const;
    Actions negotiated_actions() const;
    Steps negotiated_steps() const;
    const std::map<MacroStage, std::vector<std::string>>& macro_lists() const;
    std::optional<std::string> sender() const;
    const std::vector<std::string>& recipients() const;
    std::optional<std::string> quarantine_reason() const;
    int progress_count() const;
    std::size_t body_chunks() const;             // chunks the filter received for the last message
    const std::vector<Header>& headers() const;  // after the header actions
    std::string body() const;                    // replaced body, else the body as fed
    bool body_replaced() const;
    // Headers (CRLF, space after the colon as the MTA writes it) + blank line + body.
    std::string final_message() const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

}  // namespace mailsec::milter::testing
