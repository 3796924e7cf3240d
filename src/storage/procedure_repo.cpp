#include "storage/procedure_repo.h"

#include "domain/code_table.h"

#include <openssl/sha.h>

#include <algorithm>
#include <boost/json.hpp>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "domain/vn_fold.h"

namespace motcua::storage {

namespace json = boost::json;
using domain::Channel;
using domain::FeeKind;
using domain::OnlineLevel;
using domain::Procedure;
using domain::TimeUnit;

namespace {

// The enum codes, both ways. The same strings as domain::*_code (procedure.h); kept here so the storage
// layer reads back what it wrote without depending on the parser's translation unit.
constexpr std::pair<TimeUnit, std::string_view> kUnits[] = {
    {TimeUnit::working_days, "working_days"}, {TimeUnit::working_hours, "working_hours"},
    {TimeUnit::calendar_days, "calendar_days"}, {TimeUnit::months, "months"},
    {TimeUnit::years, "years"},               {TimeUnit::unspecified, "unspecified"}};
constexpr std::pair<Channel, std::string_view> kChannels[] = {{Channel::in_person, "in_person"},
                                                              {Channel::online, "online"},
                                                              {Channel::postal, "postal"},
                                                              {Channel::unspecified, "unspecified"}};
constexpr std::pair<FeeKind, std::string_view> kFeeKinds[] = {
    {FeeKind::fee, "fee"}, {FeeKind::charge, "charge"}, {FeeKind::free, "free"}, {FeeKind::unspecified, "unspecified"}};
constexpr std::pair<OnlineLevel, std::string_view> kOnlineLevels[] = {{OnlineLevel::full, "full"},
                                                                      {OnlineLevel::partial, "partial"},
                                                                      {OnlineLevel::none, "none"},
                                                                      {OnlineLevel::unknown, "unknown"}};

// The tables end with their "unspecified"/"unknown" entry, which stands for anything not listed.
template <class E, std::size_t N>
std::string code_of(const std::pair<E, std::string_view> (&table)[N], E e) {
  const auto c = domain::code_of(table, e);
  return std::string(c.empty() ? table[N - 1].second : c);
}
template <class E, std::size_t N>
E parse_code(const std::pair<E, std::string_view> (&table)[N], std::string_view s) {
  return domain::value_of(table, s).value_or(table[N - 1].first);
}

const char* const kLevels[] = {"bo", "tinh", "xa", "khac", "huyen"};
bool known_level(std::string_view l) { return std::find(std::begin(kLevels), std::end(kLevels), l) != std::end(kLevels); }

json::array string_array(const std::vector<std::string>& v) {
  json::array a;
  for (const auto& s : v) a.emplace_back(s);
  return a;
}
std::string json_list(const std::vector<std::string>& v) { return json::serialize(string_array(v)); }
std::vector<std::string> parse_list(const std::string& text) {
  std::vector<std::string> out;
  boost::system::error_code ec;
  const json::value v = json::parse(text, ec);
  if (ec || !v.is_array()) return out;
  for (const auto& e : v.as_array())
    if (e.is_string()) out.emplace_back(e.as_string());
  return out;
}

json::value opt_json(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
Value opt(const std::optional<std::string>& s) { return s ? Value(*s) : Value(nullptr); }
Value flag(bool b) { return std::int64_t{b ? 1 : 0}; }

std::string trim_collapse(std::string_view s) {
  std::string out;
  bool space = false;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

std::string sha256_hex(const std::string& data) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(data.data()), data.size(), digest);
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char b : digest) {
    out.push_back(hex[b >> 4]);
    out.push_back(hex[b & 15]);
  }
  return out;
}

void insert_children(Connection& tx, std::int64_t version_id, const Procedure& p) {
  std::int64_t pos = 0;
  for (const auto& t : p.times)
    tx.exec("INSERT INTO processing_times (version_id, position, channel, amount, unit, condition, raw, parsed) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            {version_id, pos++, code_of(kChannels, t.channel), t.amount ? Value(*t.amount) : Value(nullptr),
             code_of(kUnits, t.unit), t.condition, t.raw, flag(t.parsed)});
  pos = 0;
  for (const auto& f : p.fees)
    tx.exec("INSERT INTO fees (version_id, position, channel, kind, amount_vnd, per_case, description, raw, parsed) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            {version_id, pos++, code_of(kChannels, f.channel), code_of(kFeeKinds, f.kind),
             f.amount_vnd ? Value(*f.amount_vnd) : Value(nullptr), flag(f.per_case), f.description, f.raw,
             flag(f.parsed)});
  pos = 0;
  for (const auto& d : p.components)
    tx.exec("INSERT INTO dossier_components (version_id, position, group_name, name, originals, copies, required, "
            "form_template, allowed_types, raw, parsed) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
            {version_id, pos++, d.group, d.name, std::int64_t{d.originals}, std::int64_t{d.copies}, flag(d.required),
             d.form_template, json_list(d.allowed_types), d.raw, flag(d.parsed)});
}

void delete_children(Connection& tx, std::int64_t version_id) {
  for (const char* table : {"processing_times", "fees", "dossier_components"})
    tx.exec(std::string("DELETE FROM ") + table + " WHERE version_id = $1", {version_id});
}

// The version columns after procedure_code, in the order of version_values().
constexpr std::string_view kVersionColumns =
    "version_key, name, sector, sector_folded, levels, procedure_type, online_level, legacy_online_level, steps, "
    "results, subjects, conditions, legal_bases, agencies, decision_number, decision_date, decision_effective, "
    "source, source_url, review_flags, search_text, name_key, content_hash, imported_ms";
constexpr int kVersionColumnCount = 24;

std::vector<Value> version_values(const Procedure& p, const std::string& key, const std::string& hash,
                                  std::int64_t now_ms) {
  return {key,
          p.name,
          p.sector,
          domain::vn_fold(p.sector),
          json_list(p.levels),
          p.procedure_type,
          code_of(kOnlineLevels, p.online_level),
          p.legacy_online_level ? Value(std::int64_t{*p.legacy_online_level}) : Value(nullptr),
          p.steps,
          p.results,
          p.subjects,
          p.conditions,
          p.legal_bases,
          p.agencies,
          p.decision.number,
          opt(p.decision.date),
          opt(p.decision.effective),
          p.source,
          p.source_url,
          json_list(p.review_flags),
          search_key(p.name + " " + p.code + " " + p.sector),
          search_key(p.name),
          hash,
          now_ms};
}

constexpr std::string_view kSelectVersion =
    "SELECT v.id, v.procedure_code, v.version_key, v.name, v.sector, v.levels, v.procedure_type, v.online_level, "
    "v.legacy_online_level, v.steps, v.results, v.subjects, v.conditions, v.legal_bases, v.agencies, "
    "v.decision_number, v.decision_date, v.decision_effective, v.source, v.source_url, v.review_flags, "
    "v.content_hash, v.imported_ms, p.current_version_id FROM procedure_versions v "
    "JOIN procedures p ON p.code = v.procedure_code";

ProcedureRecord to_record(Connection& c, const Row& r) {
  ProcedureRecord rec;
  rec.version_id = r.i64(0);
  Procedure& p = rec.procedure;
  p.code = r.str(1);
  rec.version_key = r.str(2);
  p.name = r.str(3);
  p.sector = r.str(4);
  p.levels = parse_list(r.str(5));
  p.procedure_type = r.str(6);
  p.online_level = parse_code(kOnlineLevels, r.str(7));
  if (auto l = r.opt_i64(8)) p.legacy_online_level = static_cast<int>(*l);
  p.steps = r.str(9);
  p.results = r.str(10);
  p.subjects = r.str(11);
  p.conditions = r.str(12);
  p.legal_bases = r.str(13);
  p.agencies = r.str(14);
  p.decision.number = r.str(15);
  p.decision.date = r.opt_str(16);
  p.decision.effective = r.opt_str(17);
  p.source = r.str(18);
  p.source_url = r.str(19);
  p.review_flags = parse_list(r.str(20));
  rec.content_hash = r.str(21);
  rec.imported_ms = r.i64(22);
  rec.current = r.opt_i64(23) == rec.version_id;

  for (const auto& t : c.exec("SELECT channel, amount, unit, condition, raw, parsed FROM processing_times "
                              "WHERE version_id = $1 ORDER BY position",
                              {rec.version_id})
                           .rows) {
    domain::ProcessingTime x;
    x.channel = parse_code(kChannels, t.str(0));
    if (!t.is_null(1)) x.amount = t.f64(1);
    x.unit = parse_code(kUnits, t.str(2));
    x.condition = t.str(3);
    x.raw = t.str(4);
    x.parsed = t.i64(5) != 0;
    p.times.push_back(std::move(x));
  }
  for (const auto& f : c.exec("SELECT channel, kind, amount_vnd, per_case, description, raw, parsed FROM fees "
                              "WHERE version_id = $1 ORDER BY position",
                              {rec.version_id})
                           .rows) {
    domain::Fee x;
    x.channel = parse_code(kChannels, f.str(0));
    x.kind = parse_code(kFeeKinds, f.str(1));
    x.amount_vnd = f.opt_i64(2);
    x.per_case = f.i64(3) != 0;
    x.description = f.str(4);
    x.raw = f.str(5);
    x.parsed = f.i64(6) != 0;
    p.fees.push_back(std::move(x));
  }
  for (const auto& d : c.exec("SELECT group_name, name, originals, copies, required, form_template, allowed_types, "
                              "raw, parsed FROM dossier_components WHERE version_id = $1 ORDER BY position",
                              {rec.version_id})
                           .rows) {
    domain::DossierComponent x;
    x.group = d.str(0);
    x.name = d.str(1);
    x.originals = static_cast<int>(d.i64(2));
    x.copies = static_cast<int>(d.i64(3));
    x.required = d.i64(4) != 0;
    x.form_template = d.str(5);
    x.allowed_types = parse_list(d.str(6));
    x.raw = d.str(7);
    x.parsed = d.i64(8) != 0;
    p.components.push_back(std::move(x));
  }
  for (const auto& v : c.exec("SELECT v.id, v.version_key, v.decision_number, v.decision_date, v.imported_ms, "
                              "p.current_version_id FROM procedure_versions v JOIN procedures p ON p.code = "
                              "v.procedure_code WHERE v.procedure_code = $1 ORDER BY v.id",
                              {p.code})
                           .rows)
    rec.versions.push_back({v.i64(0), v.str(1), v.str(2), v.opt_str(3), v.i64(4), v.opt_i64(5) == v.i64(0)});
  return rec;
}

// Hours in a working day, to compare a promise in working hours with a legal time in working days.
constexpr double kHoursPerWorkingDay = 8;

// The amount expressed in `unit`, when the two units are comparable.
std::optional<double> in_unit(double amount, std::string_view from, std::string_view to) {
  if (from == to) return amount;
  if (from == "working_days" && to == "working_hours") return amount * kHoursPerWorkingDay;
  if (from == "working_hours" && to == "working_days") return amount / kHoursPerWorkingDay;
  return std::nullopt;
}

}  // namespace

std::string search_key(std::string_view text) {
  const std::string folded = domain::vn_fold(text);
  std::string out;
  bool space = false;
  for (char ch : folded) {
    const bool word = (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
    if (!word) {
      space = !out.empty();
      continue;
    }
    if (space) out.push_back(' ');
    space = false;
    out.push_back(ch);
  }
  return out;
}

std::string procedure_version_key(const Procedure& p) { return trim_collapse(p.decision.number); }

json::object procedure_json(const Procedure& p) {
  json::array times, fees, components;
  for (const auto& t : p.times)
    times.push_back(json::object{{"channel", code_of(kChannels, t.channel)},
                                 {"amount", t.amount ? json::value(*t.amount) : json::value(nullptr)},
                                 {"unit", code_of(kUnits, t.unit)},
                                 {"condition", t.condition},
                                 {"raw", t.raw},
                                 {"parsed", t.parsed}});
  for (const auto& f : p.fees)
    fees.push_back(json::object{{"channel", code_of(kChannels, f.channel)},
                                {"kind", code_of(kFeeKinds, f.kind)},
                                {"amount_vnd", f.amount_vnd ? json::value(*f.amount_vnd) : json::value(nullptr)},
                                {"per_case", f.per_case},
                                {"description", f.description},
                                {"raw", f.raw},
                                {"parsed", f.parsed}});
  for (const auto& d : p.components)
    components.push_back(json::object{{"group", d.group},
                                      {"name", d.name},
                                      {"originals", d.originals},
                                      {"copies", d.copies},
                                      {"required", d.required},
                                      {"form_template", d.form_template},
                                      {"allowed_types", string_array(d.allowed_types)},
                                      {"raw", d.raw},
                                      {"parsed", d.parsed}});
  return {{"code", p.code},
          {"name", p.name},
          {"sector", p.sector},
          {"levels", string_array(p.levels)},
          {"procedure_type", p.procedure_type},
          {"online_level", code_of(kOnlineLevels, p.online_level)},
          {"legacy_online_level", p.legacy_online_level ? json::value(*p.legacy_online_level) : json::value(nullptr)},
          {"processing_times", std::move(times)},
          {"fees", std::move(fees)},
          {"components", std::move(components)},
          {"steps", p.steps},
          {"results", p.results},
          {"subjects", p.subjects},
          {"conditions", p.conditions},
          {"legal_bases", p.legal_bases},
          {"agencies", p.agencies},
          {"decision",
           json::object{{"number", p.decision.number},
                        {"date", opt_json(p.decision.date)},
                        {"effective", opt_json(p.decision.effective)}}},
          {"source", p.source},
          {"source_url", p.source_url},
          {"review_flags", string_array(p.review_flags)}};
}

std::string procedure_content_hash(const Procedure& p) { return sha256_hex(json::serialize(procedure_json(p))); }

UpsertOutcome upsert_procedure(Connection& tx, const Procedure& p, std::int64_t now_ms) {
  if (trim_collapse(p.code).empty()) throw std::invalid_argument("the procedure has no code (mã thủ tục)");
  if (trim_collapse(p.code) != p.code) throw std::invalid_argument("the code '" + p.code + "' has surrounding spaces");
  if (trim_collapse(p.name).empty()) throw std::invalid_argument("procedure " + p.code + " has no name");
  const std::string key = procedure_version_key(p);
  const std::string hash = procedure_content_hash(p);

  const auto proc = tx.exec("SELECT current_version_id FROM procedures WHERE code = $1", {p.code});
  const bool new_procedure = proc.empty();
  if (new_procedure)
    tx.exec("INSERT INTO procedures (code, current_version_id, created_ms, updated_ms) VALUES ($1, NULL, $2, $2)",
            {p.code, now_ms});

  std::vector<Value> values = version_values(p, key, hash, now_ms);
  const auto existing =
      tx.exec("SELECT id, content_hash FROM procedure_versions WHERE procedure_code = $1 AND version_key = $2",
              {p.code, key});
  if (const Row* row = existing.first()) {
    const std::int64_t id = row->i64(0);
    const bool has_current = !proc.empty() && !proc.rows[0].is_null(0);
    if (!has_current) tx.exec("UPDATE procedures SET current_version_id = $1 WHERE code = $2", {id, p.code});
    if (row->str(1) == hash) return {UpsertResult::unchanged, id};
    std::string sql = "UPDATE procedure_versions SET ";
    std::string_view cols = kVersionColumns;
    int n = 0;
    while (!cols.empty()) {
      const auto comma = cols.find(',');
      std::string_view col = cols.substr(0, comma);
      while (col.starts_with(' ')) col.remove_prefix(1);
      if (n) sql += ", ";
      ++n;
      sql += std::string(col) + " = $" + std::to_string(n);
      cols = comma == std::string_view::npos ? std::string_view{} : cols.substr(comma + 1);
    }
    sql += " WHERE id = $" + std::to_string(n + 1);
    values.push_back(id);
    tx.exec(sql, values);
    delete_children(tx, id);
    insert_children(tx, id, p);
    tx.exec("UPDATE procedures SET updated_ms = $1 WHERE code = $2", {now_ms, p.code});
    return {UpsertResult::updated, id};
  }

  std::string sql = "INSERT INTO procedure_versions (procedure_code, " + std::string(kVersionColumns) + ") VALUES ($1";
  for (int i = 0; i < kVersionColumnCount; ++i) sql += ", $" + std::to_string(i + 2);
  sql += ") RETURNING id";
  values.insert(values.begin(), p.code);
  const std::int64_t id = tx.exec(sql, values).one().i64(0);
  insert_children(tx, id, p);
  tx.exec("UPDATE procedures SET current_version_id = $1, updated_ms = $2 WHERE code = $3", {id, now_ms, p.code});
  return {new_procedure ? UpsertResult::inserted : UpsertResult::new_version, id};
}

CatalogueImportCounts import_procedures(Db& db, const std::vector<Procedure>& procedures, std::int64_t now_ms,
                                        const CatalogueProgress& progress, std::size_t every) {
  return db.write([&](Connection& tx) {
    CatalogueImportCounts counts;  // fresh on every attempt: Db::write may retry a busy transaction
    for (std::size_t i = 0; i < procedures.size(); ++i) {
      const Procedure& p = procedures[i];
      UpsertOutcome o;
      try {
        o = upsert_procedure(tx, p, now_ms);
      } catch (const std::exception& e) {
        throw std::runtime_error("procedure #" + std::to_string(i + 1) + (p.code.empty() ? "" : " (" + p.code + ")") +
                                 ": " + e.what());
      }
      switch (o.result) {
        case UpsertResult::inserted: ++counts.inserted; break;
        case UpsertResult::new_version: ++counts.new_versions; break;
        case UpsertResult::updated: ++counts.updated; break;
        case UpsertResult::unchanged: ++counts.unchanged; break;
      }
      if (progress && every && ((i + 1) % every == 0)) progress(i + 1, procedures.size());
    }
    if (progress && (procedures.empty() || procedures.size() % (every ? every : 1) != 0))
      progress(procedures.size(), procedures.size());
    return counts;
  });
}

std::optional<ProcedureRecord> get_procedure(Connection& c, std::string_view code,
                                             const std::optional<std::string>& version_key) {
  const auto res =
      version_key
          ? c.exec(std::string(kSelectVersion) + " WHERE v.procedure_code = $1 AND v.version_key = $2",
                   {std::string(code), *version_key})
          : c.exec(std::string(kSelectVersion) + " WHERE v.procedure_code = $1 AND v.id = p.current_version_id",
                   {std::string(code)});
  if (const Row* r = res.first()) return to_record(c, *r);
  return std::nullopt;
}

bool procedure_exists(Connection& c, std::string_view code) {
  return !c.exec("SELECT 1 FROM procedures WHERE code = $1 AND current_version_id IS NOT NULL", {std::string(code)})
              .empty();
}

std::int64_t count_procedures(Connection& c) { return c.exec("SELECT COUNT(*) FROM procedures").one().i64(0); }

ProcedurePage search_procedures(Connection& c, const ProcedureQuery& q) {
  std::vector<Value> params;
  auto next = [&](Value v) {
    params.push_back(std::move(v));
    return "$" + std::to_string(params.size());
  };
  std::string where = " WHERE 1 = 1";
  std::string code_param;            // the query as a code
  std::string key;                   // the query as search words
  std::vector<std::string> words;

  if (q.q && !trim_collapse(*q.q).empty()) {
    const std::string raw = trim_collapse(*q.q);
    key = search_key(raw);
    for (std::size_t pos = 0; pos < key.size();) {
      const auto sp = key.find(' ', pos);
      words.push_back(key.substr(pos, sp == std::string::npos ? std::string::npos : sp - pos));
      pos = sp == std::string::npos ? key.size() : sp + 1;
    }
    code_param = next(raw);
    std::string match = "v.procedure_code = " + code_param;
    if (!words.empty()) {
      std::string expr;
      if (c.dialect() == Dialect::sqlite) {
        for (std::size_t i = 0; i < words.size(); ++i)
          expr += (i ? " \"" : "\"") + words[i] + (i + 1 == words.size() ? "\"*" : "\"");
        match += " OR v.id IN (SELECT rowid FROM procedure_search WHERE procedure_search MATCH " + next(expr) + ")";
      } else {
        for (std::size_t i = 0; i < words.size(); ++i)
          expr += (i ? " & " : "") + words[i] + (i + 1 == words.size() ? ":*" : "");
        match += " OR to_tsvector('simple', v.search_text) @@ to_tsquery('simple', " + next(expr) + ")";
      }
    }
    where += " AND (" + match + ")";
  }
  if (q.sector && !trim_collapse(*q.sector).empty())
    where += " AND v.sector_folded = " + next(domain::vn_fold(trim_collapse(*q.sector)));
  if (q.agency_id)
    where += " AND EXISTS (SELECT 1 FROM agency_services s WHERE s.procedure_code = v.procedure_code AND s.agency_id = " +
             next(*q.agency_id) + " AND s.active = 1)";
  if (q.level && !q.level->empty()) where += " AND v.levels LIKE " + next("%\"" + *q.level + "\"%");
  if (q.online_level && !q.online_level->empty()) where += " AND v.online_level = " + next(*q.online_level);

  // Joined by the procedure's primary key too (a current version always belongs to its procedure), so both
  // backends drive the search from the matching versions (code or full-text index) and seek each procedure,
  // instead of scanning every procedure to find its current version.
  const std::string from =
      " FROM procedure_versions v JOIN procedures p ON p.code = v.procedure_code AND p.current_version_id = v.id";
  ProcedurePage page;
  // The total comes with the page (COUNT(*) OVER (), computed over the matching rows before LIMIT), so the
  // full-text match runs once per search instead of once for the count and again for the page. Only a page
  // past the end, which has no row to carry it, counts separately (with the filter's parameters alone).
  const std::vector<Value> filter_params = params;

  // The tiers described in procedure_repo.h. The key holds only [a-z0-9 ], so LIKE needs no escaping.
  std::string order = " ORDER BY v.procedure_code";
  if (!words.empty()) {
    std::string in_name, in_text;
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string word = next("% " + words[i] + " %");
      in_name += (i ? " AND " : "") + std::string("(' ' || v.name_key || ' ') LIKE ") + word;
      in_text += (i ? " AND " : "") + std::string("(' ' || v.search_text || ' ') LIKE ") + word;
    }
    order = " ORDER BY CASE WHEN v.procedure_code = " + code_param + " THEN 0 WHEN v.name_key = " + next(key) +
            " THEN 1 WHEN v.name_key LIKE " + next(key + "%") + " THEN 2 WHEN (' ' || v.name_key) LIKE " +
            next("% " + key + "%") + " THEN 3 WHEN " + in_name + " THEN 4 WHEN " + in_text +
            " THEN 5 ELSE 6 END, LENGTH(v.name_key), v.procedure_code";
  }
  std::string sql =
      "SELECT v.procedure_code, v.name, v.sector, v.levels, v.procedure_type, v.online_level, v.decision_number, "
      "v.version_key, v.source, v.review_flags, COUNT(*) OVER ()" +
      from + where + order;
  sql += " LIMIT " + next(q.per_page);
  sql += " OFFSET " + next((q.page - 1) * q.per_page);
  const auto res = c.exec(sql, params);
  for (const auto& r : res.rows)
    page.items.push_back({r.str(0), r.str(1), r.str(2), parse_list(r.str(3)), r.str(4), r.str(5), r.str(6), r.str(7),
                          r.str(8), parse_list(r.str(9))});
  page.total = res.empty() ? c.exec("SELECT COUNT(*)" + from + where, filter_params).one().i64(0)
                           : res.rows.front().i64(10);
  return page;
}

// --- agency services ---------------------------------------------------------------------------------

bool AgencyService::same_settings(const AgencyService& o) const {
  return agency_id == o.agency_id && procedure_code == o.procedure_code && level == o.level &&
         workflow_key == o.workflow_key && eform_key == o.eform_key && promised_time_amount == o.promised_time_amount &&
         promised_time_unit == o.promised_time_unit && fee_account == o.fee_account && active == o.active;
}

std::vector<ServiceIssue> validate_agency_service(Connection& c, const AgencyService& s) {
  std::vector<ServiceIssue> issues;
  if (!known_level(s.level))
    issues.push_back({"level", "Cấp thực hiện phải là bo, tinh, xa, khac hoặc huyen.",
                      "The level must be bo, tinh, xa, khac or huyen."});
  if (s.promised_time_amount.has_value() != s.promised_time_unit.has_value())
    issues.push_back({"promised_time_unit", "Thời hạn cam kết cần cả số lượng và đơn vị.",
                      "A promised time needs both an amount and a unit."});
  if (s.promised_time_unit && (parse_code(kUnits, *s.promised_time_unit) == TimeUnit::unspecified))
    issues.push_back({"promised_time_unit",
                      "Đơn vị phải là working_days, working_hours, calendar_days, months hoặc years.",
                      "The unit must be working_days, working_hours, calendar_days, months or years."});
  if (s.promised_time_amount && !(*s.promised_time_amount > 0 && std::isfinite(*s.promised_time_amount)))
    issues.push_back({"promised_time_amount", "Thời hạn cam kết phải lớn hơn 0.", "The promised time must be above 0."});

  const auto rec = get_procedure(c, s.procedure_code);
  if (!rec) {
    issues.push_back({"procedure_code", "Không có thủ tục này trong danh mục.", "No such procedure in the catalogue."});
    return issues;
  }
  if (known_level(s.level) && !rec->procedure.levels.empty() &&
      std::find(rec->procedure.levels.begin(), rec->procedure.levels.end(), s.level) == rec->procedure.levels.end())
    issues.push_back({"level", "Thủ tục không được thực hiện ở cấp này theo danh mục.",
                      "The catalogue does not list this level for the procedure."});
  if (!issues.empty() || !s.promised_time_amount) return issues;

  std::optional<double> shortest;
  for (const auto& t : rec->procedure.times) {
    if (!t.amount || t.unit == TimeUnit::unspecified || *t.amount <= 0) continue;
    if (auto legal = in_unit(*t.amount, code_of(kUnits, t.unit), *s.promised_time_unit))
      shortest = shortest ? std::min(*shortest, *legal) : *legal;
  }
  if (!shortest) {
    issues.push_back({"promised_time_amount",
                      "Không kiểm tra được thời hạn cam kết: thời hạn giải quyết theo quy định chưa được xác định theo đơn "
                      "vị này (cần rà soát danh mục).",
                      "The promise cannot be checked: the legal processing time is not known in a comparable unit "
                      "(the catalogue entry needs review)."});
  } else if (*s.promised_time_amount > *shortest + 1e-9) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", *shortest);
    issues.push_back({"promised_time_amount",
                      std::string("Thời hạn cam kết vượt thời hạn giải quyết theo quy định (") + buf + " " +
                          *s.promised_time_unit + ").",
                      std::string("The promised time exceeds the legal processing time (") + buf + " " +
                          *s.promised_time_unit + ")."});
  }
  return issues;
}

namespace {
constexpr std::string_view kSelectService =
    "SELECT s.agency_id, s.procedure_code, s.level, s.workflow_key, s.eform_key, s.promised_time_amount, "
    "s.promised_time_unit, s.fee_account, s.active, s.updated_ms";

AgencyService to_service(const Row& r) {
  AgencyService s;
  s.agency_id = r.i64(0);
  s.procedure_code = r.str(1);
  s.level = r.str(2);
  s.workflow_key = r.opt_str(3);
  s.eform_key = r.opt_str(4);
  if (!r.is_null(5)) s.promised_time_amount = r.f64(5);
  s.promised_time_unit = r.opt_str(6);
  s.fee_account = r.opt_str(7);
  s.active = r.i64(8) != 0;
  s.updated_ms = r.i64(9);
  return s;
}
}  // namespace

bool set_agency_service(Connection& tx, const AgencyService& s) {
  const bool existed = get_agency_service(tx, s.agency_id, s.procedure_code).has_value();
  const std::vector<Value> values = {s.agency_id,
                                     s.procedure_code,
                                     s.level,
                                     opt(s.workflow_key),
                                     opt(s.eform_key),
                                     s.promised_time_amount ? Value(*s.promised_time_amount) : Value(nullptr),
                                     opt(s.promised_time_unit),
                                     opt(s.fee_account),
                                     flag(s.active),
                                     s.updated_ms};
  if (existed)
    tx.exec("UPDATE agency_services SET level = $3, workflow_key = $4, eform_key = $5, promised_time_amount = $6, "
            "promised_time_unit = $7, fee_account = $8, active = $9, updated_ms = $10 "
            "WHERE agency_id = $1 AND procedure_code = $2",
            values);
  else
    tx.exec("INSERT INTO agency_services (agency_id, procedure_code, level, workflow_key, eform_key, "
            "promised_time_amount, promised_time_unit, fee_account, active, updated_ms) "
            "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            values);
  return !existed;
}

std::optional<AgencyService> get_agency_service(Connection& c, std::int64_t agency_id, std::string_view code) {
  const auto res = c.exec(std::string(kSelectService) +
                              " FROM agency_services s WHERE s.agency_id = $1 AND s.procedure_code = $2",
                          {agency_id, std::string(code)});
  if (const Row* r = res.first()) return to_service(*r);
  return std::nullopt;
}

bool delete_agency_service(Connection& tx, std::int64_t agency_id, std::string_view code) {
  return tx.exec("DELETE FROM agency_services WHERE agency_id = $1 AND procedure_code = $2",
                 {agency_id, std::string(code)})
             .affected > 0;
}

AgencyServicePage list_agency_services(Connection& c, std::int64_t agency_id, std::int64_t page,
                                       std::int64_t per_page) {
  AgencyServicePage out;
  out.total = c.exec("SELECT COUNT(*) FROM agency_services WHERE agency_id = $1", {agency_id}).one().i64(0);
  const auto rows = c.exec(std::string(kSelectService) +
                               ", COALESCE(v.name, '') FROM agency_services s "
                               "JOIN procedures p ON p.code = s.procedure_code "
                               "LEFT JOIN procedure_versions v ON v.id = p.current_version_id "
                               "WHERE s.agency_id = $1 ORDER BY s.procedure_code LIMIT $2 OFFSET $3",
                           {agency_id, per_page, (page - 1) * per_page});
  for (const auto& r : rows.rows) out.items.push_back({to_service(r), r.str(10)});
  return out;
}

}  // namespace motcua::storage
