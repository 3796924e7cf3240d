// The motcua command line: one table of subcommands, each with its own --help.
#include "app/cli.h"

#include <filesystem>
#include <iostream>
#include <map>
#include <vector>

#include "app/app.h"
#include "app/demo_agencies.h"
#include "app/demo_users.h"
#include "app/import_units.h"
#include "app/profiles.h"
#include "http/server.h"
#include "jobs/outbox_file_sink.h"
#include "storage/audit_repo.h"
#include "storage/migrations.h"

namespace motcua::app {

namespace {

std::string mail_dir(const Config& c) { return c.data_dir + "/mail"; }

int cmd_migrate(const Config& config, const Args&) {
  auto db = storage::Db::open(config.effective_db_url());
  auto report = storage::migrate(*db);
  for (const auto& name : report.applied) std::cout << "applied " << name << "\n";
  std::cout << "schema at version " << report.current_version
            << (report.applied.empty() ? " (already up to date)" : "") << "\n";
  return 0;
}

int cmd_seed(const Config& config, const Args& args) {
  if (!args.has("demo")) {
    std::cerr << "seed: only --demo is supported (demo agencies and accounts for trying the system)\n";
    return 2;
  }
  auto db = storage::Db::open(config.effective_db_url());
  storage::migrate(*db);
  db->write([&](storage::Connection& tx) {
    const DemoAgencies a = seed_demo_agencies(tx);
    seed_demo_users(tx, DemoUserAgencies{a.root, a.so_tu_phap, a.xa_a_mot_cua, a.xa_b_mot_cua, a.xa_a, a.xa_b},
                    wall_clock_ms());
  });
  std::cout << "demo data ready. Demo logins (password " << kDemoPassword << "):\n";
  for (const auto& acc : demo_accounts())
    std::cout << "  " << acc.username << "  (" << acc.role << ", " << acc.agency << ")\n";
  return 0;
}

int cmd_import(const Config& config, const Args& args) {
  if (!args.positional.empty() && args.positional[0] == "catalogue") return run_import_catalogue(config, args);
  if (args.positional.empty() || args.positional[0] != "units") {
    std::cerr << "import: what to import? Try: motcua import units [--from DIR] or motcua import catalogue [--from DIR]\n";
    return 2;
  }
  auto db = storage::Db::open(config.effective_db_url());
  storage::migrate(*db);
  return run_import_units(*db, args.get("from"), std::cout);
}

int cmd_audit(const Config& config, const Args& args) {
  if (args.positional.empty() || args.positional[0] != "verify") {
    std::cerr << "audit: try 'motcua audit verify'\n";
    return 2;
  }
  auto db = storage::Db::open(config.effective_db_url());
  const auto r = storage::verify_audit(*db);
  if (r.ok) {
    std::cout << "audit trail intact: " << r.rows_checked << " rows checked\n";
    return 0;
  }
  std::cout << "audit trail BROKEN at row " << *r.first_bad_id << ": " << r.reason << "\n";
  return 1;
}

int cmd_outbox(const Config& config, const Args& args) {
  if (args.positional.empty() || args.positional[0] != "deliver") {
    std::cerr << "outbox: try 'motcua outbox deliver'\n";
    return 2;
  }
  auto db = storage::Db::open(config.effective_db_url());
  const int n = jobs::deliver_outbox_to_files(*db, mail_dir(config), wall_clock_ms());
  std::cout << "delivered " << n << " message(s) to " << mail_dir(config) << "\n";
  return 0;
}

// Lists every route the server answers; tests compare it with the OpenAPI document and the access matrix.
int cmd_routes(const Config& base, const Args&) {
  Config config = base;
  config.db_url = "sqlite::memory:";
  App app(config);
  for (const auto& r : app.router.routes()) std::cout << http::method_name(r.method) << " " << r.pattern << "\n";
  return 0;
}

int cmd_version(const Config&, const Args&) {
  std::cout << "motcua " << MOTCUA_VERSION << "\n";
  return 0;
}

int cmd_serve(const Config& base, const Args& args) {
  Config config = base;
  if (args.has("port")) config.port = static_cast<std::uint16_t>(std::stoi(args.get("port")));
  if (args.has("listen")) config.listen_address = args.get("listen");
  if (args.has("profile")) config.profile = args.get("profile");
  // The province profile (--profile or MOTCUA_PROFILE) must load and validate before anything is served.
  if (!config.profile.empty()) {
    try {
      const auto profile = load_profile(rules_data_dir(), config.profile);
      std::cerr << "profile: " << profile.name << " (" << profile.key << ")\n";
      if (!profile.in_force_on(vietnam_today(wall_clock_ms())))
        std::cerr << "profile: note: " << profile.key << " is in force only from " << profile.effective_from.value.iso()
                  << (profile.effective_until.value ? " to " + profile.effective_until.value->iso() : std::string())
                  << " (kept for dossiers of that period)\n";
    } catch (const UnknownProfileError& e) {
      std::cerr << "serve: " << e.what() << "\n";
      return 2;
    } catch (const std::exception& e) {
      std::cerr << "serve: province profile '" << config.profile << "' is invalid: " << e.what() << "\n";
      return 2;
    }
  }
  std::filesystem::create_directories(config.data_dir);
  App app(config);
  const auto report = storage::migrate(*app.db);
  for (const auto& name : report.applied) std::cerr << "applied migration " << name << "\n";
  // Upload temp files older than any upload could stall were left by a crash (a killed process never
  // cleans up); younger ones may belong to another server process sharing this data directory.
  if (const auto swept = app.lifecycle->blobs().remove_orphan_temps(std::chrono::hours(1)))
    std::cerr << "removed " << swept << " unfinished upload file(s) left by an earlier stop\n";

  http::ServerOptions opt;
  opt.address = config.listen_address;
  opt.port = config.port;
  opt.io_threads = config.io_threads;
  opt.worker_threads = config.worker_threads;
  opt.max_body_bytes = config.max_body_bytes;
  opt.max_header_bytes = config.max_header_bytes;
  opt.max_upload_bytes = config.max_upload_bytes;
  opt.spool_dir = config.data_dir + "/tmp";
  std::filesystem::create_directories(opt.spool_dir);
  opt.read_timeout_seconds = config.read_timeout_seconds;
  opt.max_connections = config.max_connections;
  opt.shutdown_grace_seconds = config.shutdown_grace_seconds;
  opt.access_log = config.access_log;
  http::Server server(opt, app.router, app.metrics);
  server.bind();
  const std::string dir = mail_dir(config);
  server.set_tick([&app, dir] { jobs::deliver_outbox_to_files(*app.db, dir, wall_clock_ms()); });
  // The first line on stdout is the address; scripts and tests read it (port 0 picks a free one).
  std::cout << "MotCua listening on http://" << config.listen_address << ":" << server.port() << "/" << std::endl;
  server.run();
  std::cerr << "MotCua stopped cleanly\n";
  return 0;
}

const std::vector<Command>& commands() {
  static const std::vector<Command> c = [] {
    std::vector<Command> all = {
      {"serve", "motcua serve [--port N] [--listen ADDR] [--profile KEY]",
       "Applies pending migrations, then serves the API (and the web UI when web_dir is set) until SIGTERM,\n"
       "draining in-flight requests before exit. --profile (or MOTCUA_PROFILE) selects the province profile\n"
       "(motcua profiles list); an unknown or invalid one stops the start with exit 2.",
       {"port", "listen", "profile"}, cmd_serve},
      {"migrate", "motcua migrate", "Applies pending schema migrations. Safe to run again.", {}, cmd_migrate},
      {"seed", "motcua seed --demo",
       "Creates the demo agency tree (Sơn La) and demo accounts. Safe to run again.", {}, cmd_seed},
      {"import", "motcua import units|catalogue [--from DIR]",
       "units: administrative units (34 provinces/3,321 communes and the legacy 63/696/10,035) and the 2025\n"
       "merger mapping. catalogue: the national procedure catalogue (thủ tục hành chính) with a parse-rate\n"
       "report. Without --from each uses the copies bundled in data/; DIR is laid out like shared/data/real.\n"
       "Running either again changes nothing.",
       {"from"}, cmd_import},
      {"audit", "motcua audit verify",
       "Checks the hash chain of the audit trail and reports the first broken row (exit 1).", {}, cmd_audit},
      {"outbox", "motcua outbox deliver",
       "Delivers queued e-mails to the file sink (<data_dir>/mail/<id>.eml).", {}, cmd_outbox},
      {"routes", "motcua routes", "Lists every HTTP route (METHOD pattern), one a line.", {}, cmd_routes},
      {"version", "motcua version", "Prints the version.", {}, cmd_version},
    };
    for (auto table : {calendar_commands, catalogue_commands, rules_commands, forms_commands, keys_commands,
                       generate_commands})
      for (auto& cmd : table()) all.push_back(std::move(cmd));
    return all;
  }();
  return c;
}

void print_help(std::ostream& o) {
  o << "MotCua: Hệ thống thông tin giải quyết thủ tục hành chính\n\n"
       "Usage: motcua [--config FILE] <command> [options]\n\nCommands:\n";
  for (const auto& c : commands()) o << "  " << c.usage << "\n";
  o << "\nEach command takes --help. Configuration: docs/CONFIGURATION.md (INI file + MOTCUA_* variables).\n";
}

}  // namespace

int run_cli(int argc, char** argv) {
  std::vector<std::string> a(argv + 1, argv + argc);
  std::string config_path;
  std::size_t i = 0;
  while (i < a.size() && a[i].rfind("--", 0) == 0) {
    if (a[i] == "--help" || a[i] == "-h") {
      print_help(std::cout);
      return 0;
    }
    if (a[i] == "--config" && i + 1 < a.size()) {
      config_path = a[i + 1];
      i += 2;
      continue;
    }
    std::cerr << "unknown option " << a[i] << "\n";
    print_help(std::cerr);
    return 2;
  }
  if (i >= a.size()) {
    print_help(std::cerr);
    return 2;
  }
  const std::string name = a[i++];
  const Command* cmd = nullptr;
  for (const auto& c : commands())
    if (c.name == name) cmd = &c;
  if (!cmd) {
    std::cerr << "unknown command '" << name << "'\n";
    print_help(std::cerr);
    return 2;
  }
  Args args;
  for (; i < a.size(); ++i) {
    if (a[i] == "--help" || a[i] == "-h") {
      std::cout << "Usage: " << cmd->usage << "\n\n" << cmd->help << "\n";
      return 0;
    }
    if (a[i].rfind("--", 0) == 0) {
      const std::string key = a[i].substr(2);
      const bool takes_value =
          std::find(cmd->value_options.begin(), cmd->value_options.end(), key) != cmd->value_options.end();
      if (takes_value) {
        if (i + 1 >= a.size()) {
          std::cerr << name << ": --" << key << " needs a value\n";
          return 2;
        }
        args.options[key] = a[++i];
      } else {
        args.options[key] = "";
      }
    } else {
      args.positional.push_back(a[i]);
    }
  }
  try {
    const Config config = load_config(config_path);
    return cmd->run(config, args);
  } catch (const std::exception& e) {
    std::cerr << "motcua " << name << ": " << e.what() << "\n";
    return 1;
  }
}

}  // namespace motcua::app
