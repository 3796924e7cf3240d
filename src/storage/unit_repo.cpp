#include "storage/unit_repo.h"

#include <map>
#include <set>
#include <utility>

#include "domain/vn_fold.h"

namespace motcua::storage {

namespace {

using domain::AdminUnit;

constexpr std::size_t kProgressEvery = 1000;
constexpr std::size_t kBatchRows = 100;  // rows per multi-row INSERT: fewer round trips on PostgreSQL

constexpr std::string_view kUnitColumns =
    "scheme, code, level, name, full_name, name_en, code_name, parent_code, kind, search_text";
constexpr std::size_t kUnitColumnCount = 10;

// The columns as stored, in kUnitColumns order; also what "unchanged" compares.
std::vector<Value> unit_values(const AdminUnit& u) {
  return {std::string(domain::unit_scheme_code(u.scheme)),
          u.code,
          std::string(domain::unit_level_code(u.level)),
          u.name,
          u.full_name,
          u.name_en,
          u.code_name,
          u.parent_code ? Value(*u.parent_code) : Value(nullptr),
          u.kind,
          u.search_text};
}

std::vector<Value> row_values(const Row& r, std::size_t n) {
  std::vector<Value> v;
  v.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    // Backends may hand back numbers for text that looks numeric; compare as stored text.
    v.push_back(r.is_null(i) ? Value(nullptr) : Value(r.str(i)));
  }
  return v;
}

// INSERT INTO table (cols) VALUES ($1..$n), ($n+1..) for `rows` rows.
std::string multi_insert_sql(std::string_view table, std::string_view columns, std::size_t ncols, std::size_t rows) {
  std::string sql = "INSERT INTO " + std::string(table) + " (" + std::string(columns) + ") VALUES ";
  std::size_t p = 1;
  for (std::size_t r = 0; r < rows; ++r) {
    sql += r ? ", (" : "(";
    for (std::size_t c = 0; c < ncols; ++c) sql += (c ? ", $" : "$") + std::to_string(p++);
    sql += ")";
  }
  return sql;
}

class BatchInserter {
 public:
  BatchInserter(Connection& c, std::string_view table, std::string_view columns, std::size_t ncols)
      : c_(c), table_(table), columns_(columns), ncols_(ncols) {}
  void add(std::vector<Value> row) {
    for (auto& v : row) params_.push_back(std::move(v));
    if (++rows_ == kBatchRows) flush();
  }
  void flush() {
    if (rows_ == 0) return;
    c_.exec(multi_insert_sql(table_, columns_, ncols_, rows_), params_);
    params_.clear();
    rows_ = 0;
  }

 private:
  Connection& c_;
  std::string_view table_, columns_;
  std::size_t ncols_;
  std::vector<Value> params_;
  std::size_t rows_ = 0;
};

void import_unit_rows(Connection& c, const std::vector<AdminUnit>& units, const ImportProgress& progress,
                      UpsertCounts& counts) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::vector<Value>> existing;
  for (const auto& r : c.exec("SELECT " + std::string(kUnitColumns) + " FROM admin_units").rows)
    existing.emplace(Key{r.str(0), r.str(1)}, row_values(r, kUnitColumnCount));

  std::map<std::string, std::size_t> totals;  // per scheme, for the progress lines
  for (const auto& u : units) ++totals[std::string(domain::unit_scheme_code(u.scheme))];
  std::map<std::string, std::size_t> done;

  BatchInserter inserter(c, "admin_units", kUnitColumns, kUnitColumnCount);
  std::set<Key> seen;
  for (const auto& u : units) {
    const std::string scheme(domain::unit_scheme_code(u.scheme));
    Key key{scheme, u.code};
    if (!seen.insert(key).second) throw domain::UnitDataError(scheme + " unit " + u.code + " appears twice");
    auto values = unit_values(u);
    const auto it = existing.find(key);
    if (it == existing.end()) {
      inserter.add(std::move(values));
      ++counts.inserted;
    } else if (it->second != values) {
      c.exec("UPDATE admin_units SET level = $3, name = $4, full_name = $5, name_en = $6, code_name = $7, "
             "parent_code = $8, kind = $9, search_text = $10 WHERE scheme = $1 AND code = $2",
             values);
      ++counts.updated;
    } else {
      ++counts.unchanged;
    }
    const std::size_t n = ++done[scheme];
    if (n % kProgressEvery == 0 || n == totals[scheme]) {
      inserter.flush();
      if (progress) progress("units " + scheme, n, totals[scheme]);
    }
  }
  inserter.flush();

  for (const auto& [key, _] : existing) {
    if (seen.contains(key)) continue;
    c.exec("DELETE FROM admin_units WHERE scheme = $1 AND code = $2", {key.first, key.second});
    ++counts.removed;
  }
}

void import_successor_rows(Connection& c, const std::vector<domain::UnitSuccessor>& successors,
                           const ImportProgress& progress, UpsertCounts& counts) {
  using Key = std::pair<std::string, std::string>;
  std::map<Key, std::int64_t> existing;
  for (const auto& r : c.exec("SELECT legacy_code, new_code, divided FROM unit_successors").rows)
    existing.emplace(Key{r.str(0), r.str(1)}, r.i64(2));

  BatchInserter inserter(c, "unit_successors", "legacy_code, new_code, divided", 3);
  std::set<Key> seen;
  std::size_t done = 0;
  for (const auto& s : successors) {
    Key key{s.legacy_code, s.new_code};
    if (!seen.insert(key).second)
      throw domain::UnitDataError("successor " + s.legacy_code + " -> " + s.new_code + " appears twice");
    const std::int64_t divided = s.divided ? 1 : 0;
    const auto it = existing.find(key);
    if (it == existing.end()) {
      inserter.add({s.legacy_code, s.new_code, divided});
      ++counts.inserted;
    } else if (it->second != divided) {
      c.exec("UPDATE unit_successors SET divided = $3 WHERE legacy_code = $1 AND new_code = $2",
             {s.legacy_code, s.new_code, divided});
      ++counts.updated;
    } else {
      ++counts.unchanged;
    }
    if (++done % kProgressEvery == 0 || done == successors.size()) {
      inserter.flush();
      if (progress) progress("successors", done, successors.size());
    }
  }
  inserter.flush();

  for (const auto& [key, _] : existing) {
    if (seen.contains(key)) continue;
    c.exec("DELETE FROM unit_successors WHERE legacy_code = $1 AND new_code = $2", {key.first, key.second});
    ++counts.removed;
  }
}

constexpr std::string_view kSelectUnit =
    "SELECT scheme, code, level, name, full_name, name_en, code_name, parent_code, kind FROM admin_units";

UnitRecord to_record(const Row& r, std::size_t o = 0) {
  return UnitRecord{r.str(o + 0), r.str(o + 1), r.str(o + 2), r.str(o + 3),    r.str(o + 4),
                    r.str(o + 5), r.str(o + 6), r.opt_str(o + 7), r.str(o + 8)};
}

}  // namespace

std::string fold_search_pattern(std::string_view query) {
  std::string p = "%";
  for (char ch : domain::vn_fold(query)) {
    if (ch == '%' || ch == '_' || ch == '\\') p.push_back('\\');
    p.push_back(ch);
  }
  p.push_back('%');
  return p;
}

UnitImportReport import_units(Db& db, const UnitImportData& data, const ImportProgress& progress) {
  return db.write([&](Connection& c) {
    UnitImportReport report;  // fresh on every attempt: Db::write may retry a busy transaction
    import_unit_rows(c, data.units, progress, report.units);
    import_successor_rows(c, data.successors, progress, report.successors);
    return report;
  });
}

UnitPage list_units(Connection& c, const UnitQuery& q) {
  std::string where = " WHERE scheme = $1";
  std::vector<Value> params{q.scheme};
  if (q.parent_code) {
    params.push_back(*q.parent_code);
    where += " AND parent_code = $" + std::to_string(params.size());
  }
  if (q.level) {
    params.push_back(*q.level);
    where += " AND level = $" + std::to_string(params.size());
  }
  if (q.q && !q.q->empty()) {
    params.push_back(fold_search_pattern(*q.q));
    where += " AND (search_text LIKE $" + std::to_string(params.size()) + " ESCAPE '\\'";
    params.push_back(*q.q);
    where += " OR code = $" + std::to_string(params.size()) + ")";
  }
  UnitPage page;
  page.total = c.exec("SELECT COUNT(*) FROM admin_units" + where, params).one().i64(0);

  params.push_back(q.per_page);
  std::string sql = std::string(kSelectUnit) + where + " ORDER BY code LIMIT $" + std::to_string(params.size());
  params.push_back((q.page - 1) * q.per_page);
  sql += " OFFSET $" + std::to_string(params.size());
  for (const auto& r : c.exec(sql, params).rows) page.items.push_back(to_record(r));
  return page;
}

std::optional<UnitRecord> get_unit(Connection& c, std::string_view scheme, std::string_view code) {
  const auto res = c.exec(std::string(kSelectUnit) + " WHERE scheme = $1 AND code = $2",
                          {std::string(scheme), std::string(code)});
  if (const Row* r = res.first()) return to_record(*r);
  return std::nullopt;
}

std::int64_t count_unit_children(Connection& c, std::string_view scheme, std::string_view code) {
  return c.exec("SELECT COUNT(*) FROM admin_units WHERE scheme = $1 AND parent_code = $2",
                {std::string(scheme), std::string(code)})
      .one()
      .i64(0);
}

std::vector<SuccessorRecord> unit_successors(Connection& c, std::string_view legacy_code) {
  const auto res = c.exec(
      "SELECT u.scheme, u.code, u.level, u.name, u.full_name, u.name_en, u.code_name, u.parent_code, u.kind, "
      "s.divided FROM unit_successors s JOIN admin_units u ON u.scheme = '2025' AND u.code = s.new_code "
      "WHERE s.legacy_code = $1 ORDER BY u.code",
      {std::string(legacy_code)});
  std::vector<SuccessorRecord> out;
  for (const auto& r : res.rows) out.push_back({to_record(r), r.i64(9) != 0});
  return out;
}

}  // namespace motcua::storage
