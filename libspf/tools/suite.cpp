// Suite loading and running, spf.md §7: any YAML style, scenario naming, result
// lists (first entry preferred, WARN otherwise), exact explanations.
#include "suite.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <set>

#include "mailsec/core/ascii.hpp"
#include "mailsec/core/clock.hpp"

namespace mailsec::spf::suite {
namespace {

std::string scalar(const YAML::Node& node, const char* key) {
    const YAML::Node value = node[key];
    return value && value.IsScalar() ? value.as<std::string>() : std::string();
}

std::string first_line(const std::string& text) { return text.substr(0, text.find('\n')); }

TestCase load_test(const std::string& name, const YAML::Node& node) {
    TestCase t;
    t.name = name;
    t.host = scalar(node, "host");
    t.helo = scalar(node, "helo");
    t.mailfrom = scalar(node, "mailfrom");
    const YAML::Node result = node["result"];
    if (result && result.IsSequence()) {
        for (const auto& r : result) t.results.push_back(r.as<std::string>());
    } else if (result && result.IsScalar()) {
        t.results.push_back(result.as<std::string>());
    }
    if (const YAML::Node exp = node["explanation"]; exp && exp.IsScalar()) t.explanation = exp.as<std::string>();
    return t;
}

// spf.md §7: a scenario is named by its description, else its comment's first
// line, else its index in the file.
std::string scenario_name(const YAML::Node& doc, std::size_t index) {
    if (std::string d = scalar(doc, "description"); !d.empty()) return d;
    if (std::string c = scalar(doc, "comment"); !c.empty()) return first_line(c);
    return std::to_string(index);
}

bool has_test(const YAML::Node& doc, const std::string& name) {
    const YAML::Node tests = doc["tests"];
    return tests && tests.IsMap() && tests[name];
}

Scenario load_scenario(const YAML::Node& doc, std::size_t index) {
    Scenario s;
    s.name = scenario_name(doc, index);
    if (const YAML::Node tests = doc["tests"]; tests && tests.IsMap())
        for (const auto& kv : tests) s.tests.push_back(load_test(kv.first.as<std::string>(), kv.second));
    const YAML::Node zonedata = doc["zonedata"];
    auto zone = dns::parse_zone_yaml(zonedata && !zonedata.IsNull() ? YAML::Dump(zonedata) : std::string("{}"));
    if (!zone) {
        s.zone_error = zone.error().message;
        return s;
    }
    dns::ZoneResolverOptions zone_options;
    zone_options.invalid_names_tempfail = true;  // spf.md §7 rule 2
    s.resolver = std::make_unique<dns::ZoneResolver>(std::move(*zone), zone_options);
    return s;
}

std::string quoted(const std::vector<std::string>& results) {
    if (results.size() == 1) return results.front();
    std::string out = "[";
    for (std::size_t i = 0; i < results.size(); ++i) out += (i ? ", " : "") + results[i];
    return out + "]";
}

Outcome evaluate(const Checker& checker, const IpAddress& ip, const TestCase& t) {
    return t.mailfrom.empty() ? checker.check_helo(ip, t.helo) : checker.check_mailfrom(ip, t.mailfrom, t.helo);
}

}  // namespace

core::Result<std::vector<Scenario>> load_suite(const std::string& path) {
    std::vector<Scenario> scenarios;
    try {
        auto docs = YAML::LoadAllFromFile(path);
        for (std::size_t i = 0; i < docs.size(); ++i)
            if (docs[i].IsMap()) scenarios.push_back(load_scenario(docs[i], i));
    } catch (const YAML::Exception& e) {
        return core::make_error("suite", path + ": " + e.what());
    }
    return scenarios;
}

core::Result<dns::Zone> load_zone(const std::string& path, const std::string& scenario) {
    YAML::Node merged(YAML::NodeType::Map);
    std::set<std::string> owners;  // normalised as the zone stores them
    bool found = scenario.empty();
    try {
        auto docs = YAML::LoadAllFromFile(path);
        for (std::size_t i = 0; i < docs.size(); ++i) {
            const YAML::Node& doc = docs[i];
            if (!doc.IsMap()) continue;
            if (!scenario.empty() && scenario_name(doc, i) != scenario && !has_test(doc, scenario)) continue;
            found = true;
            const YAML::Node zonedata = doc["zonedata"];
            if (!zonedata || !zonedata.IsMap()) continue;
            for (const auto& kv : zonedata) {
                std::string owner = kv.first.as<std::string>();
                if (!owner.empty() && owner.back() == '.') owner.pop_back();
                if (owners.insert(core::to_lower(owner)).second) merged[kv.first] = kv.second;
            }
            if (!scenario.empty()) break;
        }
    } catch (const YAML::Exception& e) {
        return core::make_error("suite", path + ": " + e.what());
    }
    if (!found) return core::make_error("suite", path + ": no scenario or test named '" + scenario + "'");
    return dns::parse_zone_yaml(owners.empty() ? std::string("{}") : YAML::Dump(merged));
}

void run_suite(const std::string& file, const std::vector<Scenario>& scenarios, const RunOptions& options,
               std::ostream& out, Totals& totals) {
    const core::ManualClock clock(std::chrono::system_clock::time_point{std::chrono::seconds{1'700'000'000}});
    const std::string base = std::filesystem::path(file).filename().string();
    for (const Scenario& s : scenarios) {
        for (const TestCase& t : s.tests) {
            std::string where = base + ":" + s.name + ":" + t.name;
            auto ip = IpAddress::parse(t.host);
            if (!s.resolver || !ip) {
                out << where << ": got error (" << (s.resolver ? "bad host " + t.host : s.zone_error) << "), want "
                    << quoted(t.results) << '\n';
                ++totals.failed;
                continue;
            }
            Options opts;
            opts.default_explanation = "DEFAULT";
            if (!options.record_cache) opts.record_cache = 0;
            Checker checker(*s.resolver, opts, clock);
            auto start = std::chrono::steady_clock::now();
            Outcome o = evaluate(checker, *ip, t);
            for (int i = 1; i < options.repeat; ++i) o = evaluate(checker, *ip, t);
            totals.seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            totals.evaluations += options.repeat;

            std::string got(to_string(o.result));
            auto it = std::find(t.results.begin(), t.results.end(), got);
            bool ok = it != t.results.end();
            bool exp_ok = !t.explanation || *t.explanation == o.explanation;
            if (!ok || !exp_ok) {
                ++totals.failed;
                out << where << ": got " << got;
                if (!exp_ok) out << " explanation '" << o.explanation << "'";
                out << ", want " << quoted(t.results);
                if (!exp_ok) out << " explanation '" << *t.explanation << "'";
                if (!o.reason.empty()) out << " (" << o.reason << (o.problem.empty() ? "" : ": " + o.problem) << ")";
                out << '\n';
                continue;
            }
            ++totals.passed;
            if (it != t.results.begin()) {
                ++totals.warned;
                out << "WARN: " << t.name << " in " << base << ": " << t.results.front() << " preferred to " << got << '\n';
            }
            if (options.verbose) out << "ok " << where << ": " << got << '\n';
        }
    }
}

}  // namespace mailsec::spf::suite
