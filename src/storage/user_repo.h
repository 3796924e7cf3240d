// Accounts (tài khoản người dùng) and their role grants (phân quyền theo cơ quan).
// Every function runs on the caller's connection, so writes join the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "storage/db.h"

namespace motcua::storage {

struct UserRecord {
  std::int64_t id = 0;
  std::string username;
  std::string account_type;  // citizen | organisation | official
  std::string full_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> id_number;
  std::optional<std::string> tax_code;
  std::optional<std::string> organisation_name;
  std::string password_hash;
  bool must_change_password = false;
  bool active = true;
  std::int64_t failed_logins = 0;
  std::optional<std::int64_t> locked_until_ms;
  std::int64_t created_ms = 0;
  std::int64_t updated_ms = 0;
};

struct NewUser {
  std::string username;
  std::string account_type;
  std::string full_name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> id_number;
  std::optional<std::string> tax_code;
  std::optional<std::string> organisation_name;
  std::string password_hash;
  bool must_change_password = false;
};

struct GrantRecord {
  std::int64_t id = 0;
  std::int64_t user_id = 0;
  std::string role;
  std::optional<std::int64_t> agency_id;
  std::string agency_path;  // "" when agency_id is null
  std::string agency_name;
};

// The columns of a user (alias u) and of a grant (g, with its agency a) and their row mappings, starting at
// column `at`: one definition for every read of them, alone or joined (the session check).
inline constexpr const char* kUserColumns =
    "u.id, u.username, u.account_type, u.full_name, u.email, u.phone, u.id_number, u.tax_code, "
    "u.organisation_name, u.password_hash, u.must_change_password, u.active, u.failed_logins, "
    "u.locked_until_ms, u.created_ms, u.updated_ms";
inline constexpr std::size_t kUserColumnCount = 16;
inline constexpr const char* kGrantColumns = "g.id, g.user_id, g.role, g.agency_id, a.path, a.name";
UserRecord user_from(const Row& r, std::size_t at = 0);
GrantRecord grant_from(const Row& r, std::size_t at = 0);

struct AgencyRef {
  std::int64_t id = 0;
  std::optional<std::int64_t> parent_id;
  std::string path;
  std::string name;
};

// Throws DbError(unique_violation) when the username, e-mail or phone is taken.
std::int64_t insert_user(Connection& tx, const NewUser& u, std::int64_t now_ms);
std::optional<UserRecord> find_user(Connection& c, std::int64_t id);
std::optional<UserRecord> find_user_by_username(Connection& c, const std::string& username);
// `login` already normalised: matches username, e-mail or phone.
std::optional<UserRecord> find_user_by_login(Connection& c, const std::string& login);
bool email_taken(Connection& c, const std::string& email);
bool phone_taken(Connection& c, const std::string& phone);
bool username_taken(Connection& c, const std::string& username);

// One more failed login. When the count reaches max_failures, the account is locked until
// lock_until_ms and the counter restarts from zero. Returns the lock time if this failure locked it.
std::optional<std::int64_t> record_login_failure(Connection& tx, std::int64_t user_id, int max_failures,
                                                 std::int64_t lock_until_ms, std::int64_t now_ms);
void clear_login_failures(Connection& tx, std::int64_t user_id, std::int64_t now_ms);
// Sets the hash, the must-change flag, and clears any lockout.
void set_password(Connection& tx, std::int64_t user_id, const std::string& hash, bool must_change, std::int64_t now_ms);
void set_active(Connection& tx, std::int64_t user_id, bool active, std::int64_t now_ms);

std::vector<GrantRecord> grants_of(Connection& c, std::int64_t user_id);
std::optional<GrantRecord> find_grant(Connection& c, std::int64_t grant_id);
// Throws DbError(unique_violation) for a duplicate (user, role, agency).
std::int64_t insert_grant(Connection& tx, std::int64_t user_id, const std::string& role,
                          std::optional<std::int64_t> agency_id, std::int64_t now_ms);
void delete_grant(Connection& tx, std::int64_t grant_id);
// Grants of `role` held by active users (to refuse removing the last system admin).
std::int64_t count_active_grants(Connection& c, const std::string& role);

std::optional<AgencyRef> find_agency(Connection& c, std::int64_t id);

struct UserQuery {
  // Only users with a grant at an agency whose path starts with one of these; empty = no scope filter.
  std::vector<std::string> scope_paths;
  bool scoped = false;                    // true: apply scope_paths (an empty list then matches nothing)
  std::optional<std::string> under_path;  // ?agency_id=: a grant in this subtree
  std::optional<std::string> q;           // already folded with vn_fold
  std::int64_t page = 1;
  std::int64_t per_page = 50;
};

struct UserPage {
  std::vector<UserRecord> items;
  std::int64_t total = 0;
};

UserPage list_users(Connection& c, const UserQuery& q);

// True when the user has a grant at an agency inside one of `paths`.
bool user_has_grant_under(Connection& c, std::int64_t user_id, const std::vector<std::string>& paths);

}  // namespace motcua::storage
