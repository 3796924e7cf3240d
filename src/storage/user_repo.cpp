#include "storage/user_repo.h"

#include "domain/vn_fold.h"

namespace motcua::storage {

namespace {

Value opt(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }
Value opt(const std::optional<std::int64_t>& n) { return n ? Value(*n) : Value(nullptr); }

std::optional<UserRecord> one_user(Connection& c, const std::string& where, std::initializer_list<Value> params) {
  auto res = c.exec(std::string("SELECT ") + kUserColumns + " FROM users u WHERE " + where, params);
  if (res.empty()) return std::nullopt;
  return user_from(res.rows.front());
}

std::string search_text_of(const NewUser& u) {
  std::string s = u.full_name + " " + u.username;
  for (const auto* part : {&u.email, &u.phone, &u.organisation_name})
    if (*part) s += " " + **part;
  return domain::vn_fold(s);
}

constexpr const char* kGrantFrom = " FROM role_grants g LEFT JOIN agencies a ON a.id = g.agency_id ";

}  // namespace

UserRecord user_from(const Row& r, std::size_t at) {
  UserRecord u;
  u.id = r.i64(at + 0);
  u.username = r.str(at + 1);
  u.account_type = r.str(at + 2);
  u.full_name = r.str(at + 3);
  u.email = r.opt_str(at + 4);
  u.phone = r.opt_str(at + 5);
  u.id_number = r.opt_str(at + 6);
  u.tax_code = r.opt_str(at + 7);
  u.organisation_name = r.opt_str(at + 8);
  u.password_hash = r.str(at + 9);
  u.must_change_password = r.i64(at + 10) != 0;
  u.active = r.i64(at + 11) != 0;
  u.failed_logins = r.i64(at + 12);
  u.locked_until_ms = r.opt_i64(at + 13);
  u.created_ms = r.i64(at + 14);
  u.updated_ms = r.i64(at + 15);
  return u;
}

GrantRecord grant_from(const Row& r, std::size_t at) {
  return GrantRecord{r.i64(at), r.i64(at + 1), r.str(at + 2), r.opt_i64(at + 3), r.opt_str(at + 4).value_or(""),
                     r.opt_str(at + 5).value_or("")};
}

std::int64_t insert_user(Connection& tx, const NewUser& u, std::int64_t now_ms) {
  auto res = tx.exec(
      "INSERT INTO users (username, account_type, full_name, email, phone, id_number, tax_code, organisation_name, "
      "search_text, password_hash, must_change_password, active, failed_logins, created_ms, updated_ms) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1, 0, $12, $12) RETURNING id",
      {u.username, u.account_type, u.full_name, opt(u.email), opt(u.phone), opt(u.id_number), opt(u.tax_code),
       opt(u.organisation_name), search_text_of(u), u.password_hash, std::int64_t{u.must_change_password ? 1 : 0},
       now_ms});
  return res.one().i64(0);
}

std::optional<UserRecord> find_user(Connection& c, std::int64_t id) { return one_user(c, "u.id = $1", {id}); }

std::optional<UserRecord> find_user_by_username(Connection& c, const std::string& username) {
  return one_user(c, "u.username = $1", {username});
}

std::optional<UserRecord> find_user_by_login(Connection& c, const std::string& login) {
  // The username wins over another account's e-mail/phone (they cannot collide by construction).
  return one_user(c, "u.username = $1 OR u.email = $1 OR u.phone = $1 ORDER BY (u.username = $1) DESC LIMIT 1",
                  {login});
}

bool email_taken(Connection& c, const std::string& email) {
  return !c.exec("SELECT 1 FROM users WHERE email = $1 OR username = $1", {email}).empty();
}
bool phone_taken(Connection& c, const std::string& phone) {
  return !c.exec("SELECT 1 FROM users WHERE phone = $1 OR username = $1", {phone}).empty();
}
bool username_taken(Connection& c, const std::string& username) {
  return !c.exec("SELECT 1 FROM users WHERE username = $1", {username}).empty();
}

std::optional<std::int64_t> record_login_failure(Connection& tx, std::int64_t user_id, int max_failures,
                                                 std::int64_t lock_until_ms, std::int64_t now_ms) {
  auto res = tx.exec("UPDATE users SET failed_logins = failed_logins + 1, updated_ms = $2 WHERE id = $1 "
                     "RETURNING failed_logins",
                     {user_id, now_ms});
  if (res.empty() || res.one().i64(0) < max_failures) return std::nullopt;
  tx.exec("UPDATE users SET failed_logins = 0, locked_until_ms = $2, updated_ms = $3 WHERE id = $1",
          {user_id, lock_until_ms, now_ms});
  return lock_until_ms;
}

void clear_login_failures(Connection& tx, std::int64_t user_id, std::int64_t now_ms) {
  tx.exec("UPDATE users SET failed_logins = 0, locked_until_ms = NULL, updated_ms = $2 WHERE id = $1 "
          "AND (failed_logins <> 0 OR locked_until_ms IS NOT NULL)",
          {user_id, now_ms});
}

void set_password(Connection& tx, std::int64_t user_id, const std::string& hash, bool must_change,
                  std::int64_t now_ms) {
  tx.exec("UPDATE users SET password_hash = $2, must_change_password = $3, failed_logins = 0, "
          "locked_until_ms = NULL, updated_ms = $4 WHERE id = $1",
          {user_id, hash, std::int64_t{must_change ? 1 : 0}, now_ms});
}

void set_active(Connection& tx, std::int64_t user_id, bool active, std::int64_t now_ms) {
  tx.exec("UPDATE users SET active = $2, updated_ms = $3 WHERE id = $1",
          {user_id, std::int64_t{active ? 1 : 0}, now_ms});
}

std::vector<GrantRecord> grants_of(Connection& c, std::int64_t user_id) {
  std::vector<GrantRecord> out;
  const auto sql = std::string("SELECT ") + kGrantColumns + kGrantFrom + "WHERE g.user_id = $1 ORDER BY g.id";
  for (const auto& r : c.exec(sql, {user_id}).rows) out.push_back(grant_from(r));
  return out;
}

std::optional<GrantRecord> find_grant(Connection& c, std::int64_t grant_id) {
  auto res = c.exec(std::string("SELECT ") + kGrantColumns + kGrantFrom + "WHERE g.id = $1", {grant_id});
  if (res.empty()) return std::nullopt;
  return grant_from(res.rows.front());
}

std::int64_t insert_grant(Connection& tx, std::int64_t user_id, const std::string& role,
                          std::optional<std::int64_t> agency_id, std::int64_t now_ms) {
  // NULL never equals NULL in a UNIQUE constraint, so a second citizen grant is refused here.
  if (!agency_id &&
      !tx.exec("SELECT 1 FROM role_grants WHERE user_id = $1 AND role = $2 AND agency_id IS NULL", {user_id, role})
           .empty())
    throw DbError(DbError::Kind::unique_violation, "duplicate role grant");
  return tx
      .exec("INSERT INTO role_grants (user_id, role, agency_id, created_ms) VALUES ($1, $2, $3, $4) RETURNING id",
            {user_id, role, opt(agency_id), now_ms})
      .one()
      .i64(0);
}

void delete_grant(Connection& tx, std::int64_t grant_id) { tx.exec("DELETE FROM role_grants WHERE id = $1", {grant_id}); }

std::int64_t count_active_grants(Connection& c, const std::string& role) {
  return c
      .exec("SELECT COUNT(*) FROM role_grants g JOIN users u ON u.id = g.user_id WHERE g.role = $1 AND u.active = 1",
            {role})
      .one()
      .i64(0);
}

std::optional<AgencyRef> find_agency(Connection& c, std::int64_t id) {
  auto res = c.exec("SELECT id, parent_id, path, name FROM agencies WHERE id = $1", {id});
  if (res.empty()) return std::nullopt;
  const auto& r = res.rows.front();
  return AgencyRef{r.i64(0), r.opt_i64(1), r.str(2), r.str(3)};
}

namespace {

// "EXISTS (a grant under one of paths)" with placeholders from $next on.
std::string grant_under_clause(const std::vector<std::string>& paths, std::vector<Value>& params) {
  if (paths.empty()) return "0 = 1";
  std::string sql =
      "EXISTS (SELECT 1 FROM role_grants sg JOIN agencies sa ON sa.id = sg.agency_id WHERE sg.user_id = u.id AND (";
  for (std::size_t i = 0; i < paths.size(); ++i) {
    params.emplace_back(paths[i] + "%");  // paths hold only digits and '/', no LIKE wildcards
    sql += (i ? " OR " : "") + std::string("sa.path LIKE $") + std::to_string(params.size());
  }
  return sql + "))";
}

std::string like_escape(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '%' || ch == '_' || ch == '\\') out.push_back('\\');
    out.push_back(ch);
  }
  return out;
}

}  // namespace

UserPage list_users(Connection& c, const UserQuery& q) {
  std::vector<Value> params;
  std::string where = "1 = 1";
  if (q.scoped) where += " AND " + grant_under_clause(q.scope_paths, params);
  if (q.under_path) where += " AND " + grant_under_clause({*q.under_path}, params);
  if (q.q && !q.q->empty()) {
    params.emplace_back("%" + like_escape(*q.q) + "%");
    where += " AND u.search_text LIKE $" + std::to_string(params.size()) + " ESCAPE '\\'";
  }
  UserPage page;
  page.total = c.exec("SELECT COUNT(*) FROM users u WHERE " + where, params).one().i64(0);
  params.emplace_back(q.per_page);
  std::string sql = std::string("SELECT ") + kUserColumns + " FROM users u WHERE " + where +
                    " ORDER BY u.id LIMIT $" + std::to_string(params.size());
  params.emplace_back((q.page - 1) * q.per_page);
  sql += " OFFSET $" + std::to_string(params.size());
  for (const auto& r : c.exec(sql, params).rows) page.items.push_back(user_from(r));
  return page;
}

bool user_has_grant_under(Connection& c, std::int64_t user_id, const std::vector<std::string>& paths) {
  std::vector<Value> params{user_id};
  std::string sql = "SELECT 1 FROM users u WHERE u.id = $1 AND " + grant_under_clause(paths, params);
  return !c.exec(sql, params).empty();
}

}  // namespace motcua::storage
