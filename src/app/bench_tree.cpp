#include "app/bench_tree.h"

#include <cstdio>
#include <map>
#include <set>
#include <stdexcept>

#include <boost/json.hpp>

#include "app/demo_agencies.h"
#include "storage/agency_repo.h"
#include "storage/audit_repo.h"
#include "storage/dossier_bulk.h"

namespace motcua::app {

namespace {

constexpr const char* kDemoRoot = "000.00.00.H52";  // src/app/demo_agencies.cpp
constexpr const char* kDemoA = "000.01.61.H52";
constexpr const char* kDemoB = "000.01.62.H52";
constexpr const char* kProvinceCentre = "000.00.01.H52";

// BENCH DATA: made-up identifier codes for communes the demo seed does not cover. The level-2 group "90" is
// outside the demo's range (01–62), and the first group numbers the commune in unit-code order:
// UBND 001.00.90.H52 / QĐ 20 H52.90.001, its one-stop unit 001.01.90.H52 / H52.90.001.01.
std::string code(const char* pattern, int index, const std::string& province) {
  char buf[48];
  std::snprintf(buf, sizeof buf, pattern, index, province.c_str());
  return buf;
}

}  // namespace

BenchTree ensure_bench_tree(storage::Connection& tx, std::int64_t now_ms) {
  const auto root = storage::find_agency_by_qcvn102(tx, kDemoRoot);
  if (!root || !root->fields.unit_code)
    throw std::runtime_error("chưa có cây cơ quan mẫu, hãy chạy 'motcua seed --demo' trước / "
                             "no demo agency tree: run 'motcua seed --demo' first");
  const std::string province_unit = *root->fields.unit_code;
  const std::string letter_group = std::string(kDemoRoot).substr(10);  // "H52"
  const auto communes = tx.exec(
      "SELECT code, name, kind FROM admin_units WHERE scheme = '2025' AND level = 'commune' AND parent_code = $1 "
      "ORDER BY code",
      {province_unit});
  if (communes.empty())
    throw std::runtime_error("chưa có danh mục đơn vị hành chính, hãy chạy 'motcua import units' trước / "
                             "no administrative units: run 'motcua import units' first");

  // The active agencies already serving each 2025 commune, by kind.
  std::map<std::string, std::int64_t> one_stop, ubnd;
  for (const auto& r : tx.exec("SELECT id, kind, unit_code FROM agencies WHERE unit_scheme = '2025' AND active = 1 "
                               "AND kind IN ('bo_phan_mot_cua', 'ubnd_xa') ORDER BY id")
                           .rows) {
    auto& m = r.str(1) == "bo_phan_mot_cua" ? one_stop : ubnd;
    m.emplace(r.str(2), r.i64(0));
  }

  BenchTree tree;
  int index = 0;
  for (const auto& c : communes.rows) {
    ++index;
    const std::string unit = c.str(0), name = c.str(1), kind = c.str(2);
    const std::string place = kind + " " + name;
    if (!one_stop.count(unit)) {
      // Found again by code when an earlier run created it under a unit code that has since changed.
      std::optional<std::int64_t> parent;
      if (auto it = ubnd.find(unit); it != ubnd.end()) parent = it->second;
      if (!parent) {
        const std::string q = code("%03d.00.90.%s", index, letter_group);
        if (auto existing = storage::find_agency_by_qcvn102(tx, q)) {
          parent = existing->id;
        } else {
          storage::AgencyFields f;
          f.parent_id = root->id;
          f.kind = "ubnd_xa";
          f.name = "UBND " + place;
          f.qcvn102_code = q;
          f.qd20_code = letter_group + "." + code("90.%03d", index, "");
          f.unit_scheme = "2025";
          f.unit_code = unit;
          f.address = place + ", tỉnh Sơn La";
          parent = create_agency_as_system(tx, f, "generate dossiers", now_ms);
          ++tree.created;
        }
      }
      const std::string q = code("%03d.01.90.%s", index, letter_group);
      if (auto existing = storage::find_agency_by_qcvn102(tx, q)) {
        one_stop[unit] = existing->id;
      } else {
        storage::AgencyFields f;
        f.parent_id = parent;
        f.kind = "bo_phan_mot_cua";
        f.name = "Bộ phận một cửa " + place;
        f.qcvn102_code = q;
        f.qd20_code = letter_group + "." + code("90.%03d.01", index, "");
        f.unit_scheme = "2025";
        f.unit_code = unit;
        f.address = place + ", tỉnh Sơn La";
        one_stop[unit] = create_agency_as_system(tx, f, "generate dossiers", now_ms);
        ++tree.created;
      }
    }
    const auto rec = storage::get_agency(tx, one_stop[unit]);
    BenchAgency a;
    a.id = rec->id;
    a.path = rec->path;
    a.identifiers = {rec->fields.name, rec->fields.qcvn102_code, rec->fields.qd20_code};
    a.place = place;
    a.demo_a = rec->fields.qcvn102_code == kDemoA;
    a.demo_b = rec->fields.qcvn102_code == kDemoB;
    tree.agencies.push_back(std::move(a));
  }
  if (const auto centre = storage::find_agency_by_qcvn102(tx, kProvinceCentre); centre && centre->fields.active) {
    BenchAgency a;
    a.id = centre->id;
    a.path = centre->path;
    a.identifiers = {centre->fields.name, centre->fields.qcvn102_code, centre->fields.qd20_code};
    a.place = "tỉnh Sơn La";
    a.province_centre = true;
    tree.agencies.push_back(std::move(a));
  }
  return tree;
}

int ensure_bench_services(storage::Connection& tx, const BenchTree& tree,
                          const std::function<std::string(const std::string&)>& workflow_for, std::int64_t now_ms) {
  std::vector<std::string> xa, tinh;
  for (const auto& r : tx.exec("SELECT p.code, v.levels FROM procedures p JOIN procedure_versions v ON v.id = "
                               "p.current_version_id ORDER BY p.code")
                           .rows) {
    const std::string levels = r.str(1);
    if (levels.find("\"xa\"") != std::string::npos) xa.push_back(r.str(0));
    if (levels.find("\"tinh\"") != std::string::npos) tinh.push_back(r.str(0));
  }
  if (xa.empty())
    throw std::runtime_error("chưa có danh mục thủ tục, hãy chạy 'motcua import catalogue' trước / "
                             "no procedure catalogue: run 'motcua import catalogue' first");
  // Only the missing pairs, in bulk: an existing row (configured by an administrator, or by an earlier run)
  // keeps its workflow, level and state.
  std::set<std::pair<std::int64_t, std::string>> existing;
  for (const auto& r : tx.exec("SELECT agency_id, procedure_code FROM agency_services").rows)
    existing.emplace(r.i64(0), r.str(1));
  std::vector<storage::Value> rows;
  for (const auto& a : tree.agencies)
    for (const auto& code : a.province_centre ? tinh : xa)
      if (!existing.count({a.id, code}))
        rows.insert(rows.end(), {a.id, code, std::string(a.province_centre ? "tinh" : "xa"), workflow_for(code), now_ms});
  storage::insert_many(tx, "INSERT INTO agency_services (agency_id, procedure_code, level, workflow_key, updated_ms)", 5,
                       rows);
  return static_cast<int>(rows.size() / 5);
}

}  // namespace motcua::app
