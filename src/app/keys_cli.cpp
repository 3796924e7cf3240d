// `motcua keys ...`: the agencies' signing keys from the command line (set-up, rotation, revocation).
// Changes are audited with the actor "system" (app/agency_keys.h).
#include <iostream>

#include "app/agency_keys.h"
#include "app/app.h"
#include "app/cli.h"
#include "domain/calendar.h"
#include "http/api_error.h"
#include "storage/agency_repo.h"
#include "storage/migrations.h"

namespace motcua::app {

namespace {

void print_key(const storage::AgencyKeyRecord& k) {
  std::cout << k.key_id << "\t" << k.status << "\t" << k.agency_code.value_or("-") << "\t" << k.agency_name << "\t"
            << domain::format_local_datetime(k.created_ms);
  if (k.revoked_reason) std::cout << "\trevoked: " << *k.revoked_reason;
  std::cout << "\n";
}

// By QCVN 102 code, QĐ 20 code, or numeric id.
std::optional<std::int64_t> find_agency(storage::Db& db, const std::string& ref) {
  return db.read([&](storage::Connection& c) -> std::optional<std::int64_t> {
    if (auto a = storage::find_agency_by_qcvn102(c, ref)) return a->id;
    if (auto a = storage::find_agency_by_qd20(c, ref)) return a->id;
    if (!ref.empty() && ref.find_first_not_of("0123456789") == std::string::npos && ref.size() < 19)
      if (auto a = storage::get_agency(c, std::stoll(ref))) return a->id;
    return std::nullopt;
  });
}

int usage() {
  std::cerr << "keys: try 'motcua keys init', 'motcua keys list', 'motcua keys rotate --agency CODE [--reason TEXT]'\n"
               "      or 'motcua keys revoke --key-id ID --reason TEXT'\n";
  return 2;
}

int cmd_keys(const Config& config, const Args& args) {
  if (args.positional.empty()) return usage();
  const std::string sub = args.positional[0];
  auto db = storage::Db::open(config.effective_db_url());
  storage::migrate(*db);
  AgencyKeys keys(*db, configured_key_files(config), wall_clock_ms);
  try {
    if (sub == "init") {
      const auto made = keys.init_all(cli_actor());
      for (const auto& k : made) print_key(k);
      std::cout << made.size() << " key(s) created in " << keys.files().dir().string()
                << (keys.files().encrypts() ? " (encrypted)" : " (mode 0600)") << "\n";
      return 0;
    }
    if (sub == "list") {
      for (const auto& k : db->read([](storage::Connection& c) { return storage::list_keys(c); })) print_key(k);
      return 0;
    }
    if (sub == "rotate") {
      if (!args.has("agency")) return usage();
      const auto id = find_agency(*db, args.get("agency"));
      if (!id) {
        std::cerr << "keys rotate: no agency with code or id '" << args.get("agency") << "'\n";
        return 2;
      }
      const auto rot = keys.rotate(*id, args.get("reason", "rotation from the command line"), cli_actor());
      if (rot.retired) std::cout << "retired " << rot.retired->key_id << "\n";
      std::cout << "active  " << rot.active.key_id << "\n";
      return 0;
    }
    if (sub == "revoke") {
      if (!args.has("key-id") || !args.has("reason")) return usage();
      print_key(keys.revoke(args.get("key-id"), args.get("reason"), cli_actor()));
      return 0;
    }
  } catch (const http::ApiError& e) {
    std::cerr << "keys " << sub << ": " << e.message_en();
    for (const auto& f : e.fields()) std::cerr << " (" << f.field << ": " << f.message_en << ")";
    std::cerr << "\n";
    return e.status() == 503 ? 1 : 2;
  }
  return usage();
}

}  // namespace

std::vector<Command> keys_commands() {
  return {
      {"keys", "motcua keys init | list | rotate --agency CODE [--reason TEXT] | revoke --key-id ID --reason TEXT",
       "The agencies' Ed25519 keys that sign issued results (NĐ 45/2020 Điều 14; docs/SIGNING.md).\n"
       "init: a key for every open agency that has none (run at set-up; signing also makes one lazily).\n"
       "list: every key with its status (active, retired, revoked) and agency.\n"
       "rotate: a new active key for the agency (QCVN 102 or QĐ 20 code, or id); the old one is retired and\n"
       "still verifies what it signed. revoke: results signed with the key show as revoked from now on.\n"
       "Private keys are files under [signing] keys_dir (default <data_dir>/keys), mode 0600.",
       {"agency", "reason", "key-id"}, cmd_keys},
  };
}

}  // namespace motcua::app
