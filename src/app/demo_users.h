// Demo accounts (tài khoản mẫu) for `motcua seed --demo` and `make run`: one per role, all with the same
// known password and no forced change. Never for production data.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::app {

inline constexpr const char* kDemoPassword = "MotCua@2026";

// Agency ids from the demo agency seed.
struct DemoUserAgencies {
  std::int64_t root;
  std::int64_t so_tu_phap;
  std::int64_t xa_a_mot_cua;
  std::int64_t xa_b_mot_cua;
  std::int64_t xa_a;
  std::int64_t xa_b;
};

struct DemoAccount {
  std::string username;
  std::string role;    // role code
  std::string agency;  // key in DemoUserAgencies ("root", "xa_a", ...), or "-" for the citizen
};

const std::vector<DemoAccount>& demo_accounts();

// Creates the accounts that do not exist yet (idempotent), inside the caller's transaction.
void seed_demo_users(storage::Connection& tx, const DemoUserAgencies& a, std::int64_t now_ms);

}  // namespace motcua::app
