#include "app/demo_agencies.h"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>

#include "storage/agency_repo.h"
#include "storage/audit_repo.h"

namespace motcua::app {

namespace {

// Real 2025 unit codes (data/units): Sơn La = 14, Phường Tô Hiệu = 03646, Xã Mai Sơn = 04105.
// DEMO DATA: the identifier codes, addresses, phones and e-mails below are made up for trying the system.
// H52 follows the alphabetical QCVN 102 province list (H56 = Thanh Hóa is confirmed; Sơn La = H52 is not).
// Communes sit directly under the province since 01/07/2025, so they get level-2 codes here.
struct DemoAgency {
  const char* kind;
  const char* name;
  const char* short_name;
  const char* qcvn102;
  const char* qd20;
  const char* unit_code;  // 2025 scheme; nullptr when the agency does not serve one unit
  const char* address;
  const char* phone;
  const char* email;
  const char* hotline;
};

constexpr DemoAgency kRoot{"ubnd_tinh", "UBND tỉnh Sơn La", "UBND tỉnh", "000.00.00.H52", "H52", "14",
                           "Trụ sở UBND tỉnh, phường Tô Hiệu, tỉnh Sơn La", "0212 3852 001",
                           "vpubnd@sonla.gov.vn", "1022"};
constexpr DemoAgency kSoTuPhap{"so_nganh", "Sở Tư pháp tỉnh Sơn La", "Sở Tư pháp", "000.00.12.H52", "H52.12",
                               nullptr, "Phường Tô Hiệu, tỉnh Sơn La", "0212 3852 012",
                               "stp@sonla.gov.vn", nullptr};
constexpr DemoAgency kTtPhvhcc{"trung_tam_phvhcc", "Trung tâm Phục vụ hành chính công tỉnh Sơn La",
                               "TTPVHCC tỉnh", "000.00.01.H52", "H52.01", nullptr,
                               "Phường Chiềng Cơi, tỉnh Sơn La", "0212 3852 101", "ttpvhcc@sonla.gov.vn", "1022"};
constexpr DemoAgency kXaA{"ubnd_xa", "UBND phường Tô Hiệu", "UBND P. Tô Hiệu", "000.00.61.H52", "H52.61", "03646",
                          "Phường Tô Hiệu, tỉnh Sơn La", "0212 3852 161", "tohieu@sonla.gov.vn", nullptr};
constexpr DemoAgency kXaAMotCua{"bo_phan_mot_cua", "Bộ phận một cửa phường Tô Hiệu", "Một cửa P. Tô Hiệu",
                                "000.01.61.H52", "H52.61.01", "03646", "Phường Tô Hiệu, tỉnh Sơn La",
                                "0212 3852 162", "motcua.tohieu@sonla.gov.vn", nullptr};
constexpr DemoAgency kXaB{"ubnd_xa", "UBND xã Mai Sơn", "UBND xã Mai Sơn", "000.00.62.H52", "H52.62", "04105",
                          "Xã Mai Sơn, tỉnh Sơn La", "0212 3843 162", "maison@sonla.gov.vn", nullptr};
constexpr DemoAgency kXaBMotCua{"bo_phan_mot_cua", "Bộ phận một cửa xã Mai Sơn", "Một cửa xã Mai Sơn",
                                "000.01.62.H52", "H52.62.01", "04105", "Xã Mai Sơn, tỉnh Sơn La", "0212 3843 163",
                                "motcua.maison@sonla.gov.vn", nullptr};

std::optional<std::string> opt(const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; }

std::int64_t ensure(storage::Connection& tx, const DemoAgency& d, std::optional<std::int64_t> parent,
                    std::int64_t now_ms) {
  if (auto existing = storage::find_agency_by_qcvn102(tx, d.qcvn102)) return existing->id;
  storage::AgencyFields f;
  f.parent_id = parent;
  f.kind = d.kind;
  f.name = d.name;
  f.short_name = opt(d.short_name);
  f.qcvn102_code = d.qcvn102;
  f.qd20_code = d.qd20;
  if (d.unit_code) {
    f.unit_scheme = "2025";
    f.unit_code = d.unit_code;
  }
  f.address = opt(d.address);
  f.phone = opt(d.phone);
  f.email = opt(d.email);
  f.hotline = opt(d.hotline);
  return create_agency_as_system(tx, f, "seed --demo", now_ms);
}

}  // namespace

std::int64_t create_agency_as_system(storage::Connection& tx, const storage::AgencyFields& f, const std::string& source,
                                     std::int64_t now_ms) {
  const std::int64_t id = storage::create_agency(tx, f, now_ms);
  storage::append_audit(tx, storage::AuditEntry{
                                .actor_id = std::nullopt,
                                .actor_role = "system",
                                .agency_id = std::nullopt,
                                .action = "agency.create",
                                .target = "agency:" + std::to_string(id),
                                .summary = boost::json::serialize(boost::json::object{
                                    {"new", {{"name", f.name}, {"kind", f.kind}, {"qcvn102_code", f.qcvn102_code.value_or("")}}},
                                    {"source", source}}),
                                .request_id = "",
                                .at_ms = now_ms,
                            });
  return id;
}

DemoAgencies seed_demo_agencies(storage::Connection& tx) {
  const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
  DemoAgencies a;
  a.root = ensure(tx, kRoot, std::nullopt, now);
  a.so_tu_phap = ensure(tx, kSoTuPhap, a.root, now);
  a.ttphvhcc = ensure(tx, kTtPhvhcc, a.root, now);
  a.xa_a = ensure(tx, kXaA, a.root, now);
  a.xa_a_mot_cua = ensure(tx, kXaAMotCua, a.xa_a, now);
  a.xa_b = ensure(tx, kXaB, a.root, now);
  a.xa_b_mot_cua = ensure(tx, kXaBMotCua, a.xa_b, now);
  return a;
}

}  // namespace motcua::app
