#include "storage/agency_repo.h"

#include "domain/vn_fold.h"
#include "storage/unit_repo.h"  // fold_search_pattern

namespace motcua::storage {

namespace {

constexpr std::string_view kSelectAgency =
    "SELECT id, path, parent_id, kind, name, short_name, qcvn102_code, qd20_code, unit_scheme, unit_code, "
    "address, phone, email, hotline, active, created_at_ms, updated_at_ms FROM agencies";

AgencyRecord to_record(const Row& r) {
  AgencyRecord a;
  a.id = r.i64(0);
  a.path = r.str(1);
  a.fields.parent_id = r.opt_i64(2);
  a.fields.kind = r.str(3);
  a.fields.name = r.str(4);
  a.fields.short_name = r.opt_str(5);
  a.fields.qcvn102_code = r.opt_str(6);
  a.fields.qd20_code = r.opt_str(7);
  a.fields.unit_scheme = r.opt_str(8);
  a.fields.unit_code = r.opt_str(9);
  a.fields.address = r.opt_str(10);
  a.fields.phone = r.opt_str(11);
  a.fields.email = r.opt_str(12);
  a.fields.hotline = r.opt_str(13);
  a.fields.active = r.i64(14) != 0;
  a.created_at_ms = r.i64(15);
  a.updated_at_ms = r.i64(16);
  return a;
}

Value opt(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }

std::string search_text(const AgencyFields& f) {
  return domain::vn_fold(f.short_name ? f.name + " " + *f.short_name : f.name);
}

// The parent's path, or "/" for a root; throws when the parent does not exist.
std::string parent_path(Connection& tx, const std::optional<std::int64_t>& parent_id) {
  if (!parent_id) return "/";
  auto p = agency_path(tx, *parent_id);
  if (!p) throw DbError(DbError::Kind::constraint, "parent agency " + std::to_string(*parent_id) + " does not exist");
  return *p;
}

std::optional<AgencyRecord> find_one(Connection& c, std::string_view where, const Value& v) {
  const auto res = c.exec(std::string(kSelectAgency) + " WHERE " + std::string(where), {v});
  if (const Row* r = res.first()) return to_record(*r);
  return std::nullopt;
}

}  // namespace

bool path_within(const std::string& path, const std::string& ancestor_path) {
  return !ancestor_path.empty() && path.starts_with(ancestor_path);
}

std::int64_t create_agency(Connection& tx, const AgencyFields& f, std::int64_t now_ms) {
  const std::string base = parent_path(tx, f.parent_id);
  // The path needs the new id, so the row is inserted first and its path set right after.
  const std::int64_t id =
      tx.exec("INSERT INTO agencies (parent_id, path, kind, name, short_name, qcvn102_code, qd20_code, unit_scheme, "
              "unit_code, address, phone, email, hotline, active, search_text, created_at_ms, updated_at_ms) "
              "VALUES ($1, '', $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id",
              {f.parent_id ? Value(*f.parent_id) : Value(nullptr), f.kind, f.name, opt(f.short_name),
               opt(f.qcvn102_code), opt(f.qd20_code), opt(f.unit_scheme), opt(f.unit_code), opt(f.address),
               opt(f.phone), opt(f.email), opt(f.hotline), std::int64_t{f.active ? 1 : 0}, search_text(f), now_ms, now_ms})
          .one()
          .i64(0);
  tx.exec("UPDATE agencies SET path = $1 WHERE id = $2", {base + std::to_string(id) + "/", id});
  return id;
}

void update_agency(Connection& tx, std::int64_t id, const AgencyFields& f, std::int64_t now_ms) {
  const auto old = get_agency(tx, id);
  if (!old) throw DbError(DbError::Kind::constraint, "agency " + std::to_string(id) + " does not exist");
  if (old->fields.parent_id != f.parent_id) {
    const std::string new_path = parent_path(tx, f.parent_id) + std::to_string(id) + "/";
    if (path_within(new_path, old->path) && new_path != old->path)
      throw DbError(DbError::Kind::constraint, "an agency cannot move under its own descendant");
    // Paths hold only digits and '/', so the prefix needs no LIKE escaping.
    const auto subtree = tx.exec("SELECT id, path FROM agencies WHERE path LIKE $1", {old->path + "%"});
    for (const auto& r : subtree.rows)
      tx.exec("UPDATE agencies SET path = $1 WHERE id = $2",
              {new_path + r.str(1).substr(old->path.size()), r.i64(0)});
  }
  tx.exec("UPDATE agencies SET parent_id = $1, kind = $2, name = $3, short_name = $4, qcvn102_code = $5, "
          "qd20_code = $6, unit_scheme = $7, unit_code = $8, address = $9, phone = $10, email = $11, hotline = $12, "
          "active = $13, search_text = $14, updated_at_ms = $15 WHERE id = $16",
          {f.parent_id ? Value(*f.parent_id) : Value(nullptr), f.kind, f.name, opt(f.short_name), opt(f.qcvn102_code),
           opt(f.qd20_code), opt(f.unit_scheme), opt(f.unit_code), opt(f.address), opt(f.phone), opt(f.email),
           opt(f.hotline), std::int64_t{f.active ? 1 : 0}, search_text(f), now_ms, id});
}

std::optional<AgencyRecord> get_agency(Connection& c, std::int64_t id) { return find_one(c, "id = $1", id); }

std::optional<std::string> agency_path(Connection& c, std::int64_t id) {
  const auto res = c.exec("SELECT path FROM agencies WHERE id = $1", {id});
  if (const Row* r = res.first()) return r->str(0);
  return std::nullopt;
}

std::optional<AgencyRecord> find_agency_by_qcvn102(Connection& c, const std::string& code) {
  return find_one(c, "qcvn102_code = $1", code);
}

std::optional<AgencyRecord> find_agency_by_qd20(Connection& c, const std::string& code) {
  return find_one(c, "qd20_code = $1", code);
}

AgencyPage list_agencies(Connection& c, const AgencyQuery& q) {
  std::string where = " WHERE 1 = 1";
  std::vector<Value> params;
  auto next = [&](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  if (q.parent_id) where += " AND parent_id = " + next(*q.parent_id);
  if (q.subtree_of) {
    const auto root = agency_path(c, *q.subtree_of);
    if (!root) return {};
    where += " AND path LIKE " + next(*root + "%");
  }
  if (q.kind) where += " AND kind = " + next(*q.kind);
  if (q.q && !q.q->empty()) {
    where += " AND (search_text LIKE " + next(fold_search_pattern(*q.q)) + " ESCAPE '\\'";
    where += " OR qcvn102_code = " + next(*q.q);
    where += " OR qd20_code = " + next(*q.q) + ")";
  }
  AgencyPage page;
  page.total = c.exec("SELECT COUNT(*) FROM agencies" + where, params).one().i64(0);
  std::string sql = std::string(kSelectAgency) + where + " ORDER BY path LIMIT " + next(q.per_page);
  sql += " OFFSET " + next((q.page - 1) * q.per_page);
  for (const auto& r : c.exec(sql, params).rows) page.items.push_back(to_record(r));
  return page;
}

}  // namespace motcua::storage
