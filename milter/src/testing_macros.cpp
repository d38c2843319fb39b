// Macro tables of the test context (milter.md 1.7): MTA profiles, what is sent per
// stage, and libmilter's lookup order.
#include <algorithm>

#include "testing_impl.hpp"

namespace mailsec::milter::testing {

namespace {

// "{i}" and "i" are the same macro (1.7).
std::string normal(std::string_view name) {
    if (name.size() == 3 && name.front() == '{' && name.back() == '}') return std::string(1, name[1]);
    return std::string(name);
}

void put(Macros& m, MacroStage s, std::map<std::string, std::string> values) {
    m.stages[static_cast<std::size_t>(s)] = std::move(values);
}

}  // namespace

Macros sendmail() {
    Macros m;
    put(m, MacroStage::Connect, {{"j", "mx.test.invalid"}, {"_", "client.test.invalid [192.0.2.1]"},
                                 {"{daemon_name}", "MTA"}, {"{if_name}", "mx.test.invalid"},
                                 {"{if_addr}", "192.0.2.25"}});
    put(m, MacroStage::Helo, {{"{tls_version}", "TLSv1.3"}, {"{cipher}", "TLS_AES_256_GCM_SHA384"},
                              {"{cipher_bits}", "256"}, {"{cert_subject}", "CN=client.test.invalid"},
                              {"{cert_issuer}", "CN=Test CA"}});
    put(m, MacroStage::EnvFrom, {{"i", "4TESTQID01"}, {"{mail_mailer}", "esmtp"},
                                 {"{mail_host}", "sender.test.invalid"}, {"{mail_addr}", "sender@sender.test.invalid"}});
    put(m, MacroStage::EnvRcpt, {{"{rcpt_mailer}", "local"}, {"{rcpt_host}", "mx.test.invalid"},
                                 {"{rcpt_addr}", "postmaster"}});
    put(m, MacroStage::Eom, {{"{msg_id}", "<test-1@sender.test.invalid>"}});
    return m;
}

Macros postfix() {
    Macros m;
    put(m, MacroStage::Connect, {{"j", "mx.test.invalid"}, {"{daemon_name}", "smtpd"},
                                 {"{daemon_addr}", "192.0.2.25"}, {"v", "Postfix 3.7.11"},
                                 {"_", "client.test.invalid [192.0.2.1]"}});
    put(m, MacroStage::Helo, {{"{tls_version}", "TLSv1.3"}, {"{cipher}", "TLS_AES_256_GCM_SHA384"},
                              {"{cipher_bits}", "256"}, {"{cert_subject}", "CN=client.test.invalid"},
                              {"{cert_issuer}", "CN=Test CA"}});
    put(m, MacroStage::EnvFrom, {{"{mail_mailer}", "smtp"}, {"{mail_host}", "sender.test.invalid"},
                                 {"{mail_addr}", "sender@sender.test.invalid"}});
    put(m, MacroStage::EnvRcpt, {{"i", "4TESTQID02"}, {"{rcpt_addr}", "postmaster@mx.test.invalid"},
                                 {"{rcpt_host}", "mx.test.invalid"}, {"{rcpt_mailer}", "local"}});
    put(m, MacroStage::Data, {{"i", "4TESTQID02"}});
    put(m, MacroStage::Eoh, {{"i", "4TESTQID02"}});
    put(m, MacroStage::Eom, {{"i", "4TESTQID02"}});
    m.queue_id_late = true;
    return m;
}

// The MTA sends the stage's table (filtered by set_macro_list) before the command;
// libmilter then clears every table numbered after it (1.7).
void Context::Impl::send_macros(MacroStage stage) {
    auto idx = static_cast<std::size_t>(stage);
    std::map<std::string, std::string> out;
    auto list = macro_lists.find(stage);
    for (const auto& [name, value] : options.macros.stages[idx]) {
        if (list != macro_lists.end() &&
            std::none_of(list->second.begin(), list->second.end(),
                         [&](const std::string& n) { return normal(n) == normal(name); }))
            continue;
        if (options.macros.queue_id_late && normal(name) == "i" &&
            (stage == MacroStage::EnvFrom || (stage == MacroStage::EnvRcpt && rcpt_count == 0)))
            continue;
        out[normal(name)] = value;
    }
    sent_macros[idx] = std::move(out);
    for (std::size_t j = idx + 1; j < sent_macros.size(); ++j) sent_macros[j].reset();
}

// libmilter searches the tables from the highest number down.
std::optional<std::string_view> Context::Impl::lookup(std::string_view name) const {
    std::string n = normal(name);
    for (std::size_t j = sent_macros.size(); j-- > 0;) {
        if (!sent_macros[j]) continue;
        auto it = sent_macros[j]->find(n);
        if (it != sent_macros[j]->end()) return std::string_view(it->second);
    }
    return std::nullopt;
}

void Context::set_macro(MacroStage stage, const std::string& name, const std::string& value) {
    impl_->options.macros.stages[static_cast<std::size_t>(stage)][name] = value;
}

void Context::clear_macro(MacroStage stage, const std::string& name) {
    auto& table = impl_->options.macros.stages[static_cast<std::size_t>(stage)];
    table.erase(name);
    table.erase(normal(name));
}

}  // namespace mailsec::milter::testing
