#include "app/agency_keys.h"

#include <sodium.h>

#include <boost/json.hpp>
#include <iostream>

#include "domain/result_signature.h"
#include "http/api_error.h"
#include "storage/result_repo.h"

namespace motcua::app {

namespace json = boost::json;
using http::ApiError;

namespace {

void audit(storage::Connection& tx, const storage::AuditEntry& who, std::string action, std::string target,
           const json::object& summary, std::int64_t now) {
  storage::AuditEntry e = who;
  e.action = std::move(action);
  e.target = std::move(target);
  e.summary = json::serialize(summary);
  e.at_ms = now;
  storage::append_audit(tx, e);
}

ApiError agency_not_found() { return ApiError::not_found("cơ quan", "agency"); }

bool agency_exists(storage::Connection& c, std::int64_t id) {
  return !c.exec("SELECT 1 FROM agencies WHERE id = $1", {id}).empty();
}

// The operator needs the file's path and the cause (server log); the official needs to know that nothing
// was issued and whom to call.
[[noreturn]] void signing_unavailable(const std::string& detail) {
  std::cerr << "result signing failed: " << detail << "\n";
  throw ApiError(503, "signing_unavailable",
                 "Khóa ký số của cơ quan không dùng được (không tạo hoặc không đọc được tệp khóa), nên chưa có "
                 "thay đổi nào được ghi nhận; đề nghị báo quản trị hệ thống.",
                 "The agency's signing key is unusable (its key file cannot be written or read), so nothing was "
                 "recorded; please tell the system administrator.");
}

void check_reason(const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw ApiError::validation({{"reason", "Cần nêu lý do", "A reason is required"}});
  if (reason.size() > 500)
    throw ApiError::validation({{"reason", "Lý do dài quá 500 ký tự", "The reason is longer than 500 characters"}});
}

}  // namespace

KeyFiles configured_key_files(const Config& config) {
  return KeyFiles(config.effective_keys_dir(), parse_key_encryption_key(config.signing_key_encryption_key));
}

storage::AuditEntry cli_actor() {
  storage::AuditEntry e;
  e.actor_role = "system";
  e.request_id = "cli";
  return e;
}

storage::AgencyKeyRecord AgencyKeys::new_key_file(std::int64_t agency_id) {
  auto kp = domain::generate_signing_key();
  storage::AgencyKeyRecord k;
  k.agency_id = agency_id;
  k.key_id = domain::key_id_of(kp.public_key);
  k.public_key = domain::base64_encode(kp.public_key);
  k.status = "active";
  k.created_ms = now_ms_();
  try {
    files_.create(k.key_id, agency_id, kp.seed);
  } catch (const KeyFileError& e) {
    sodium_memzero(kp.seed.data(), kp.seed.size());
    signing_unavailable(e.what());
  }
  sodium_memzero(kp.seed.data(), kp.seed.size());
  return k;
}

storage::AgencyKeyRecord AgencyKeys::ensure_active(storage::Connection& tx, std::int64_t agency_id,
                                                   const storage::AuditEntry& who, const std::string& why) {
  if (auto k = storage::active_key(tx, agency_id)) return *k;
  if (!agency_exists(tx, agency_id)) throw agency_not_found();
  const auto fresh = new_key_file(agency_id);
  if (!storage::insert_active_key(tx, fresh)) {
    files_.remove(fresh.key_id);  // a concurrent transaction made the agency's key first: use that one
  } else {
    audit(tx, who, "agency_key.create", "agency_key:" + fresh.key_id,
          {{"agency_id", agency_id}, {"key_id", fresh.key_id}, {"status", "active"}, {"why", why}}, fresh.created_ms);
  }
  auto k = storage::active_key(tx, agency_id);
  if (!k) throw ApiError::conflict("conflict", "Khóa ký số vừa bị thay đổi, vui lòng thử lại",
                                   "The signing key changed meanwhile; please try again");
  return *k;
}

std::string AgencyKeys::sign_result(storage::Connection& tx, std::int64_t result_id, std::int64_t agency_id,
                                    const storage::AuditEntry& who) {
  const auto r = storage::load_result(tx, result_id);
  if (!r) throw std::logic_error("sign_result: no result " + std::to_string(result_id));
  storage::ResultSigning s;
  s.verify_code = domain::new_verify_code();
  s.agency_id = agency_id;
  const auto row = tx.exec("SELECT COALESCE(qcvn102_code, qd20_code, '') FROM agencies WHERE id = $1", {agency_id});
  if (row.empty()) throw agency_not_found();
  s.issuer_code = row.one().str(0);
  if (r->sha256) {
    const auto key = ensure_active(tx, agency_id, who, "first signing");
    std::string seed;
    try {
      seed = files_.load(key.key_id);
    } catch (const KeyFileError& e) {
      signing_unavailable(e.what());
    }
    const auto kp = domain::signing_key_from_seed(seed);
    if (domain::base64_encode(kp.public_key) != key.public_key) {
      sodium_memzero(seed.data(), seed.size());
      signing_unavailable("the file of key " + key.key_id + " holds another key than the published one");
    }
    const domain::ResultStatement st{s.verify_code, r->dossier_code.value_or(""), r->title, *r->sha256,
                                     s.issuer_code,  key.key_id,                  r->at_ms};
    s.signature = domain::base64_encode(domain::sign_message(domain::result_message(st), seed));
    sodium_memzero(seed.data(), seed.size());
    s.key_id = key.key_id;
    s.signed_at_ms = r->at_ms;
  }
  storage::set_result_signing(tx, result_id, s);
  return s.verify_code;
}

AgencyKeys::Rotation AgencyKeys::rotate(std::int64_t agency_id, const std::string& reason,
                                        const storage::AuditEntry& who) {
  check_reason(reason);
  if (!db_.read([&](storage::Connection& c) { return agency_exists(c, agency_id); })) throw agency_not_found();
  const auto fresh = new_key_file(agency_id);
  try {
    return db_.write([&](storage::Connection& tx) {
      Rotation out;
      out.retired = storage::active_key(tx, agency_id);
      const auto lost = [] {
        return ApiError::conflict("conflict", "Khóa ký số vừa được thay bởi yêu cầu khác",
                                  "The key was just rotated by another request");
      };
      if (out.retired) {
        if (!storage::retire_key(tx, out.retired->key_id, fresh.created_ms)) throw lost();
        out.retired = storage::find_key(tx, out.retired->key_id);
      }
      if (!storage::insert_active_key(tx, fresh)) throw lost();
      out.active = *storage::active_key(tx, agency_id);
      audit(tx, who, "agency_key.rotate", "agency:" + std::to_string(agency_id),
            {{"retired", out.retired ? json::value(out.retired->key_id) : json::value(nullptr)},
             {"active", out.active.key_id},
             {"reason", reason}},
            fresh.created_ms);
      return out;
    });
  } catch (...) {
    files_.remove(fresh.key_id);
    throw;
  }
}

storage::AgencyKeyRecord AgencyKeys::revoke(const std::string& key_id, const std::string& reason,
                                            const storage::AuditEntry& who) {
  check_reason(reason);
  return db_.write([&](storage::Connection& tx) {
    const auto k = storage::find_key(tx, key_id);
    if (!k) throw ApiError::not_found("khóa ký số", "signing key");
    if (k->status == "revoked")
      throw ApiError::conflict("key_already_revoked", "Khóa ký số này đã bị thu hồi", "This key is already revoked");
    const std::int64_t now = now_ms_();
    storage::revoke_key(tx, key_id, reason, now);
    audit(tx, who, "agency_key.revoke", "agency_key:" + key_id,
          {{"agency_id", k->agency_id}, {"from", k->status}, {"to", "revoked"}, {"reason", reason}}, now);
    return *storage::find_key(tx, key_id);
  });
}

std::vector<storage::AgencyKeyRecord> AgencyKeys::init_all(const storage::AuditEntry& who) {
  const auto ids = db_.read([](storage::Connection& c) { return storage::agencies_without_active_key(c); });
  std::vector<storage::AgencyKeyRecord> made;
  for (const auto id : ids)
    made.push_back(db_.write([&](storage::Connection& tx) { return ensure_active(tx, id, who, "keys init"); }));
  return made;
}

}  // namespace motcua::app
