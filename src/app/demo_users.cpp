#include "app/demo_users.h"

#include <optional>

#include "api/password_hash.h"
#include "storage/audit_repo.h"
#include "storage/user_repo.h"

namespace motcua::app {

namespace {

std::optional<std::int64_t> agency_of(const DemoUserAgencies& a, const std::string& key) {
  if (key == "root") return a.root;
  if (key == "so_tu_phap") return a.so_tu_phap;
  if (key == "xa_a_mot_cua") return a.xa_a_mot_cua;
  if (key == "xa_b_mot_cua") return a.xa_b_mot_cua;
  if (key == "xa_a") return a.xa_a;
  if (key == "xa_b") return a.xa_b;
  return std::nullopt;
}

struct DemoPerson {
  const char* username;
  const char* full_name;
};

// Same order as demo_accounts().
constexpr DemoPerson kPeople[] = {
    {"admin", "Quản trị hệ thống (demo)"},
    {"giamsat", "Nguyễn Văn Giám (giám sát tỉnh, demo)"},
    {"quantri.xa_a", "Lò Thị Quản (quản trị xã A, demo)"},
    {"motcua.xa_a", "Cầm Văn Một (một cửa xã A, demo)"},
    {"motcua.xa_b", "Quàng Thị Cửa (một cửa xã B, demo)"},
    {"chuyenvien.stp", "Hà Văn Chuyên (chuyên viên Sở Tư pháp, demo)"},
    {"lanhdao.stp", "Lường Thị Đạo (lãnh đạo Sở Tư pháp, demo)"},
    {"kiemsoat", "Tòng Văn Soát (kiểm soát TTHC, demo)"},
    {"buudien", "Điêu Thị Bưu (bưu điện, demo)"},
    {"congdan@example.vn", "Nguyễn Thị Dân (công dân, demo)"},
};

}  // namespace

const std::vector<DemoAccount>& demo_accounts() {
  static const std::vector<DemoAccount> accounts = {
      {"admin", "system_admin", "root"},
      {"giamsat", "provincial_monitor", "root"},
      {"quantri.xa_a", "agency_admin", "xa_a"},
      {"motcua.xa_a", "one_stop_officer", "xa_a_mot_cua"},
      {"motcua.xa_b", "one_stop_officer", "xa_b_mot_cua"},
      {"chuyenvien.stp", "specialist", "so_tu_phap"},
      {"lanhdao.stp", "leader", "so_tu_phap"},
      {"kiemsoat", "tthc_controller", "root"},
      {"buudien", "postal_staff", "root"},
      {"congdan@example.vn", "citizen", "-"},
  };
  return accounts;
}

void seed_demo_users(storage::Connection& tx, const DemoUserAgencies& a, std::int64_t now_ms) {
  std::optional<std::string> hash;  // one argon2id hash for all: they share the demo password anyway
  const auto& accounts = demo_accounts();
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    const auto& acc = accounts[i];
    if (storage::find_user_by_username(tx, acc.username)) continue;
    if (!hash) hash = api::hash_password(kDemoPassword);
    storage::NewUser nu;
    nu.username = acc.username;
    nu.full_name = kPeople[i].full_name;
    nu.password_hash = *hash;
    nu.must_change_password = false;  // demo only; real officials must change it (Điều 19.2)
    if (acc.role == "citizen") {
      nu.account_type = "citizen";
      nu.email = acc.username;
      nu.id_number = "014190000123";  // 014 = Sơn La; a made-up number of valid format
    } else {
      nu.account_type = "official";
      nu.email = acc.username + "@example.vn";  // so password reset can be tried with demo officials
    }
    auto id = storage::insert_user(tx, nu, now_ms);
    storage::insert_grant(tx, id, acc.role, agency_of(a, acc.agency), now_ms);
    storage::AuditEntry e;
    e.actor_role = "system";
    e.action = "user.create";
    e.target = "user:" + std::to_string(id);
    e.summary = "{\"username\":\"" + acc.username + "\",\"role\":\"" + acc.role + "\",\"demo\":true}";
    e.request_id = "seed-demo";
    e.at_ms = now_ms;
    storage::append_audit(tx, e);
  }
}

}  // namespace motcua::app
