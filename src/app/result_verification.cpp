#include "app/result_verification.h"

namespace motcua::app {

std::string verify_url(std::string_view base_url, std::string_view verify_code) {
  std::string u(base_url);
  while (!u.empty() && u.back() == '/') u.pop_back();
  return u + "/verify/" + std::string(verify_code);
}

std::optional<ResultVerification> verify_result(storage::Db& db, std::string_view code,
                                                const std::optional<std::string>& uploaded_sha256) {
  if (!domain::is_verify_code(code)) return std::nullopt;
  return db.read([&](storage::Connection& c) -> std::optional<ResultVerification> {
    auto r = storage::load_result_by_verify_code(c, std::string(code));
    if (!r) return std::nullopt;
    ResultVerification v;
    domain::VerificationFacts facts;
    facts.has_file = r->sha256.has_value();
    if (r->key_id) {
      v.key = storage::find_key(c, *r->key_id);
      if (v.key) {
        facts.key_status = domain::parse_key_status(v.key->status);
        const auto pk = domain::base64_decode(v.key->public_key);
        const auto sig = r->signature ? domain::base64_decode(*r->signature) : std::nullopt;
        if (pk && sig && r->sha256 && r->signed_at_ms) {
          const domain::ResultStatement st{*r->verify_code, r->dossier_code.value_or(""), r->title, *r->sha256,
                                           r->issuer_code.value_or(""), *r->key_id, *r->signed_at_ms};
          facts.signature_ok = domain::verify_message(domain::result_message(st), *sig, *pk);
        }
      }
    }
    if (uploaded_sha256) {
      v.uploaded_sha256 = uploaded_sha256;
      v.upload_matches = r->sha256 && *r->sha256 == *uploaded_sha256;
      facts.upload_matches = v.upload_matches;
    }
    v.verdict = domain::judge_result(facts);
    v.result = std::move(*r);
    return v;
  });
}

}  // namespace motcua::app
