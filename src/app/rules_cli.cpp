// Subcommands of the rules module: province profiles, dated rule sets and the dossier-code allocator.
#include <chrono>
#include <iostream>
#include <mutex>
#include <thread>

#include "app/app.h"
#include "app/cli.h"
#include "app/profiles.h"
#include "storage/agency_repo.h"
#include "storage/dossier_code_repo.h"
#include "storage/migrations.h"

namespace motcua::app {

namespace {

namespace json = boost::json;

void print_sourced_line(const std::string& label, const std::string& value, const json::object& meta) {
  std::cout << "  " << label << ": " << value << "  [" << json::value_to<std::string>(meta.at("tag")) << "] "
            << json::value_to<std::string>(meta.at("source"));
  if (meta.at("from").as_string() == "rule_set") std::cout << " (rule set default)";
  std::cout << "\n";
}

std::string text_of(const json::value& v) {
  if (v.is_null()) return "-";
  if (v.is_string()) return std::string(v.get_string());
  return json::serialize(v);
}

int cmd_profiles(const Config&, const Args& args) {
  const std::string sub = args.positional.empty() ? "list" : args.positional[0];
  const std::string dir = rules_data_dir(args.get("from"));
  if (sub == "list") {
    for (const auto& k : list_profile_keys(dir)) {
      try {
        const auto p = load_profile(dir, k);
        std::cout << k << "\t" << p.name << "\t" << p.effective_from.value.iso() << " – "
                  << (p.effective_until.value ? p.effective_until.value->iso() : "") << "\n";
      } catch (const std::exception& e) {
        std::cout << k << "\tINVALID (motcua rules check)\n";
      }
    }
    return 0;
  }
  if (sub == "show") {
    if (args.positional.size() < 2) {
      std::cerr << "profiles show: which profile? Known: ";
      for (const auto& k : list_profile_keys(dir)) std::cerr << k << " ";
      std::cerr << "\n";
      return 2;
    }
    domain::Profile p;
    try {
      p = load_profile(dir, args.positional[1]);
    } catch (const UnknownProfileError& e) {
      std::cerr << "profiles show: " << e.what() << "\n";
      return 2;
    }
    const auto sets = load_rule_sets(dir);
    const auto* rules = domain::rule_set_in_force(sets, vietnam_today(wall_clock_ms()));
    const json::object o = profile_json(p, rules);
    if (args.has("json")) {
      std::cout << json::serialize(o) << "\n";
      return 0;
    }
    const auto& src = o.at("sources").as_object();
    std::cout << p.key << ": " << p.name << "\n";
    for (const char* f : {"instrument", "effective_from", "effective_until", "province_code_2025", "province_code_legacy",
                          "hotline", "portal_host", "officer_site_host", "pakn_answer_working_days",
                          "qa_answer_working_days", "rating_scheme"})
      print_sourced_line(f, text_of(o.at(f)), src.at(f).as_object());
    if (!p.note.empty()) std::cout << "  note: " << p.note << "\n";
    return 0;
  }
  std::cerr << "profiles: try 'motcua profiles list' or 'motcua profiles show KEY [--json]'\n";
  return 2;
}

int cmd_rules(const Config&, const Args& args) {
  const std::string sub = args.positional.empty() ? "show" : args.positional[0];
  const std::string dir = rules_data_dir(args.get("from"));
  if (sub == "check") {
    const auto problems = check_rules_data(dir);
    if (problems.empty()) {
      std::cout << "rules data valid: " << load_rule_sets(dir).size() << " rule sets, " << list_profile_keys(dir).size()
                << " profiles in " << dir << "\n";
      return 0;
    }
    std::cout << problems.size() << " problem(s) in " << dir << ":\n";
    for (const auto& p : problems) std::cout << "  " << p << "\n";
    return 1;
  }
  if (sub == "show") {
    domain::LocalDate date = vietnam_today(wall_clock_ms());
    if (args.has("date")) {
      const auto d = domain::parse_iso_date(args.get("date"));
      if (!d) {
        std::cerr << "rules show: --date must be a real date YYYY-MM-DD, got '" << args.get("date") << "'\n";
        return 2;
      }
      date = *d;
    }
    const auto sets = load_rule_sets(dir);
    const auto* r = domain::rule_set_in_force(sets, date);
    if (!r) {
      std::cerr << "rules show: no rule set is in force on " << date.iso() << " (the first takes effect on "
                << sets.front().effective_from.value.iso() << ")\n";
      return 1;
    }
    const json::object o = rule_set_json(*r);
    if (args.has("json")) {
      std::cout << json::serialize(o) << "\n";
      return 0;
    }
    std::cout << "rule set in force on " << date.iso() << ": " << r->id << " (" << r->name << ")\n";
    for (const char* f : {"effective_from", "form_set", "dossier_code", "reception_window_working_hours",
                          "transfer_cutoff", "pakn_answer_working_days", "qa_answer_working_days", "rating_scheme"}) {
      const auto& fo = o.at(f).as_object();
      std::cout << "  " << f << ": " << text_of(fo.at("value")) << "  [" << text_of(fo.at("tag")) << "] "
                << text_of(fo.at("source")) << "\n";
    }
    return 0;
  }
  std::cerr << "rules: try 'motcua rules show [--date YYYY-MM-DD] [--json]' or 'motcua rules check'\n";
  return 2;
}

// A test and benchmark tool: allocates codes from several threads (and, run twice, several processes)
// against the configured database and prints them one a line, so a test can check uniqueness and gaps.
int cmd_codes(const Config& config, const Args& args) {
  if (args.positional.empty() || args.positional[0] != "allocate" || !args.has("agency")) {
    std::cerr << "codes: try 'motcua codes allocate --agency CODE [--count N] [--threads T] [--date YYYY-MM-DD]'\n";
    return 2;
  }
  const int count = std::stoi(args.get("count", "10"));
  const int threads = std::stoi(args.get("threads", "1"));
  if (count < 1 || threads < 1 || threads > 64) {
    std::cerr << "codes allocate: --count must be ≥ 1 and --threads 1..64\n";
    return 2;
  }
  domain::LocalDate day = vietnam_today(wall_clock_ms());
  if (args.has("date")) {
    const auto d = domain::parse_iso_date(args.get("date"));
    if (!d) {
      std::cerr << "codes allocate: --date must be a real date YYYY-MM-DD\n";
      return 2;
    }
    day = *d;
  }
  const auto sets = load_rule_sets(rules_data_dir(args.get("from")));
  const auto* rules = domain::rule_set_in_force(sets, day);
  if (!rules) {
    std::cerr << "codes allocate: no rule set is in force on " << day.iso() << "\n";
    return 1;
  }
  domain::CodeFormatSpec spec = rules->dossier_code.value;
  if (args.has("format")) {
    const auto f = domain::parse_code_format(args.get("format"));
    if (!f) {
      std::cerr << "codes allocate: --format must be tt01-2018 or tt03-2025\n";
      return 2;
    }
    if (*f != spec.format) {
      spec = domain::CodeFormatSpec{};
      spec.format = *f;
      spec.date_pattern =
          *f == domain::CodeFormat::tt01_2018 ? domain::CodeDatePattern::yymmdd : domain::CodeDatePattern::yyyymmdd;
    }
  }
  auto db = storage::Db::open(config.effective_db_url(), storage::DbOptions{.pool_size = threads});
  storage::migrate(*db);
  const std::string code = args.get("agency");
  const auto agency = db->read([&](storage::Connection& c) {
    auto a = storage::find_agency_by_qcvn102(c, code);
    return a ? a : storage::find_agency_by_qd20(c, code);
  });
  if (!agency) {
    std::cerr << "codes allocate: no agency with QCVN 102 or QĐ 20 code '" << code << "'\n";
    return 2;
  }
  const domain::AgencyIdentifiers ids{agency->fields.name, agency->fields.qcvn102_code, agency->fields.qd20_code};
  std::vector<std::string> codes;
  std::mutex mu;
  std::string failure;
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t)
    pool.emplace_back([&] {
      std::vector<std::string> mine;
      try {
        for (int i = 0; i < count; ++i)
          mine.push_back(db->write([&](storage::Connection& tx) {
            return storage::allocate_dossier_code(tx, agency->id, ids, day, spec);
          }));
      } catch (const std::exception& e) {
        std::lock_guard lock(mu);
        failure = e.what();
      }
      std::lock_guard lock(mu);
      codes.insert(codes.end(), mine.begin(), mine.end());
    });
  for (auto& t : pool) t.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (const auto& c : codes) std::cout << c << "\n";
  std::cerr << "allocated " << codes.size() << " codes for " << code << " on " << day.iso() << " with " << threads
            << " thread(s) in " << static_cast<long>(secs * 1000) << " ms (" << static_cast<long>(codes.size() / (secs > 0 ? secs : 1))
            << "/s)\n";
  if (!failure.empty()) {
    std::cerr << "codes allocate: " << failure << "\n";
    return 1;
  }
  return 0;
}

}  // namespace

std::vector<Command> rules_commands() {
  return {
      {"profiles", "motcua profiles list | show KEY [--json] [--from DIR]",
       "Province profiles (data/profiles/<key>.json): hotline, portal and officer-site hosts, PAKN and Q&A\n"
       "deadlines, rating scheme, each with its source article and confidence tag [C]/[S]/[R]. A value the\n"
       "profile does not set comes from the rule set in force today. --from DIR reads DIR/profiles instead of\n"
       "the bundled data. Select one for the server with 'motcua serve --profile KEY' or MOTCUA_PROFILE.",
       {"from"}, cmd_profiles},
      {"rules", "motcua rules show [--date YYYY-MM-DD] [--json] | check [--from DIR]",
       "show: the dated rule set in force on a day (default today, Vietnam time): form set, dossier-code format,\n"
       "reception window, transfer cut-off, PAKN and Q&A deadlines, rating scheme, with sources.\n"
       "check: validates data/rules/rule-sets.json and every profile; prints every problem and exits 1.",
       {"date", "from"}, cmd_rules},
      {"codes", "motcua codes allocate --agency CODE [--count N] [--threads T] [--date YYYY-MM-DD] [--format F]",
       "Testing and benchmark tool, not for production data: allocates N dossier codes per thread for the agency\n"
       "with that QCVN 102 or QĐ 20 code on the configured database and prints them one a line (rate on stderr).\n"
       "Run it from several processes at once to check that codes stay unique and gap-free.",
       {"agency", "count", "threads", "date", "format", "from"}, cmd_codes},
  };
}

}  // namespace motcua::app
