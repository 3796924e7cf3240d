#include "api/verification_views.h"

#include <boost/json.hpp>

#include "domain/calendar.h"
#include "domain/form_template.h"
#include "domain/masking.h"

namespace motcua::api {

namespace json = boost::json;

namespace {

json::value opt_json(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
json::value opt_json(const std::optional<std::int64_t>& n) { return n ? json::value(*n) : json::value(nullptr); }

// "2026-11-23 09:15" → "09:15 ngày 23/11/2026" (Vietnam time, as a citizen reads a date on paper).
std::string vi_datetime(std::int64_t ms) {
  const std::string s = domain::format_local_datetime(ms);
  return s.substr(11, 5) + " ngày " + s.substr(8, 2) + "/" + s.substr(5, 2) + "/" + s.substr(0, 4);
}

std::string_view key_status_vi(const std::string& status) {
  if (status == "active") return "đang sử dụng";
  if (status == "retired") return "đã được thay thế (vẫn dùng để xác thực kết quả đã ký)";
  return "đã bị thu hồi";
}

std::string_view key_status_en(const std::string& status) {
  if (status == "active") return "in use";
  if (status == "retired") return "replaced (still verifies what it signed)";
  return "revoked";
}

// HTML needs the same five escapes as Pango markup.
std::string h(std::string_view s) { return domain::escape_markup(s); }

std::string row(std::string_view vi, std::string_view en, const std::string& value_html) {
  return "<dt>" + std::string(vi) + " <span class=en>/ " + std::string(en) + "</span></dt><dd>" + value_html + "</dd>\n";
}

const char* verdict_class(domain::Verdict v) {
  switch (v) {
    case domain::Verdict::valid: return "ok";
    case domain::Verdict::unsigned_result: return "warn";
    default: return "bad";
  }
}

constexpr const char* kStyle =
    "body{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;margin:0;padding:1rem;background:#f5f6f8;"
    "color:#1b1f24;line-height:1.45}main{max-width:40rem;margin:auto;background:#fff;padding:1rem 1.25rem;"
    "border-radius:8px}h1{font-size:1.25rem;margin:.2rem 0}.en{color:#5a6270;font-size:.9em}"
    ".verdict{padding:.8rem 1rem;border-radius:6px;margin:1rem 0;border-left:6px solid}"
    ".ok{background:#e8f6ec;border-color:#1f8a3b}.bad{background:#fdecec;border-color:#c62828}"
    ".warn{background:#fff6e0;border-color:#b7791f}dl{margin:0}dt{font-weight:600;margin-top:.6rem}"
    "dd{margin:0;word-break:break-all}code{font-size:.85em}form{margin-top:1.2rem;padding-top:1rem;"
    "border-top:1px solid #dde1e6}input,button{font-size:1rem;margin:.4rem 0;max-width:100%}"
    "button{padding:.5rem 1rem}.small{font-size:.85em;color:#5a6270}";

}  // namespace

json::object key_json(const storage::AgencyKeyRecord& k) {
  return {{"key_id", k.key_id},
          {"algorithm", k.algorithm},
          {"public_key", k.public_key},
          {"status", k.status},
          {"agency", json::object{{"id", k.agency_id}, {"code", opt_json(k.agency_code)}, {"name", k.agency_name}}},
          {"created_at_ms", k.created_ms},
          {"retired_at_ms", opt_json(k.retired_ms)},
          {"revoked_at_ms", opt_json(k.revoked_ms)},
          {"revoked_reason", opt_json(k.revoked_reason)}};
}

json::object published_keys_json(const std::vector<storage::AgencyKeyRecord>& keys, const std::string& base_url) {
  json::array items;
  for (const auto& k : keys) items.push_back(key_json(k));
  return {{"format", "motcua-keys-v1"},
          {"issuer", base_url},
          {"signed_message_format", domain::kResultMessageVersion},
          {"keys", std::move(items)}};
}

json::object result_json(const storage::ResultRecord& r, const std::string& base_url) {
  return {{"id", r.id},
          {"title", r.title},
          {"sha256", opt_json(r.sha256)},
          {"issued_at_ms", r.at_ms},
          {"issued_by", opt_json(r.issued_by)},
          {"verify_code", opt_json(r.verify_code)},
          {"verify_url", r.verify_code ? json::value(app::verify_url(base_url, *r.verify_code)) : json::value(nullptr)},
          {"agency_id", opt_json(r.agency_id)},
          {"agency_name", opt_json(r.agency_name)},
          {"signed", r.signature.has_value()},
          {"key_id", opt_json(r.key_id)},
          {"signed_at_ms", opt_json(r.signed_at_ms)}};
}

json::object verification_json(const app::ResultVerification& v, const std::string& base_url) {
  const auto& r = v.result;
  json::object o{
      {"verify_code", *r.verify_code},
      {"verify_url", app::verify_url(base_url, *r.verify_code)},
      {"verdict", domain::verdict_code(v.verdict)},
      {"valid", v.verdict == domain::Verdict::valid},
      {"message_vi", domain::verdict_text_vi(v.verdict)},
      {"message_en", domain::verdict_text_en(v.verdict)},
      {"result", json::object{{"title", r.title},
                              {"sha256", opt_json(r.sha256)},
                              {"issued_at_ms", r.at_ms},
                              {"issued_at", domain::format_local_datetime(r.at_ms) + " +07:00"}}},
      {"dossier", json::object{{"code", opt_json(r.dossier_code)},
                               {"procedure_code", r.procedure_code},
                               {"applicant_name", domain::mask_applicant_name(r.applicant_name, r.applicant_kind)}}},
      {"issuer", json::object{{"agency_id", opt_json(r.agency_id)},
                              {"agency_code", opt_json(r.issuer_code)},
                              {"agency_name", opt_json(r.agency_name)}}},
  };
  if (r.signature && r.key_id && r.signed_at_ms && r.sha256) {
    const domain::ResultStatement st{*r.verify_code, r.dossier_code.value_or(""), r.title, *r.sha256,
                                     r.issuer_code.value_or(""), *r.key_id, *r.signed_at_ms};
    o["signature"] = json::object{{"algorithm", "ed25519"},
                                  {"key_id", *r.key_id},
                                  {"key_status", v.key ? json::value(v.key->status) : json::value(nullptr)},
                                  {"key_revoked_at_ms", v.key ? opt_json(v.key->revoked_ms) : json::value(nullptr)},
                                  {"signed_at_ms", *r.signed_at_ms},
                                  {"value", *r.signature},
                                  {"signed_message", domain::result_message(st)},
                                  {"public_keys_url", base_url + "/.well-known/motcua-keys.json"}};
  } else {
    o["signature"] = nullptr;
  }
  if (v.uploaded_sha256)
    o["file"] = json::object{{"sha256", *v.uploaded_sha256}, {"matches", v.upload_matches.value_or(false)}};
  return o;
}

std::string verification_page(const app::ResultVerification* v, const std::string& code,
                              const std::optional<UploadedFile>& upload, const std::string& error_vi,
                              const std::string& error_en) {
  std::string b =
      "<!doctype html>\n<html lang=vi><head><meta charset=utf-8>"
      "<meta name=viewport content=\"width=device-width,initial-scale=1\">"
      "<title>Xác thực kết quả / Result verification</title><style>" +
      std::string(kStyle) +
      "</style></head><body><main>\n"
      "<h1>Xác thực kết quả giải quyết thủ tục hành chính</h1>"
      "<div class=en>Verification of an administrative-procedure result</div>\n";
  if (!v) {
    b += "<div class=\"verdict bad\"><strong>Không tìm thấy kết quả có mã xác thực này.</strong><br>"
         "<span class=en>No result has this verification code.</span></div>\n"
         "<p class=small>Hãy kiểm tra lại đường dẫn hoặc quét lại mã QR trên giấy tờ. "
         "<span class=en>Check the link, or scan the QR code on the paper again.</span></p>\n"
         "</main></body></html>\n";
    return b;
  }
  const auto& r = v->result;
  b += "<div class=\"verdict " + std::string(verdict_class(v->verdict)) + "\" id=verdict data-verdict=\"" +
       std::string(domain::verdict_code(v->verdict)) + "\"><strong>" + h(domain::verdict_text_vi(v->verdict)) +
       "</strong><br><span class=en>" + h(domain::verdict_text_en(v->verdict)) + "</span></div>\n<dl>\n";
  b += row("Tên giấy tờ kết quả", "Result", h(r.title));
  std::string agency = h(r.agency_name.value_or(""));
  if (r.issuer_code && !r.issuer_code->empty()) agency += " (" + h(*r.issuer_code) + ")";
  b += row("Cơ quan cấp", "Issuing agency", agency);
  b += row("Thời điểm cấp", "Issued", h(vi_datetime(r.at_ms)) + " <span class=en>(UTC+7)</span>");
  b += row("Mã số hồ sơ", "Dossier code", h(r.dossier_code.value_or("")));
  b += row("Người nộp hồ sơ", "Applicant", h(domain::mask_applicant_name(r.applicant_name, r.applicant_kind)));
  if (r.sha256) b += row("Mã băm SHA-256 của tệp", "SHA-256 of the file", "<code>" + h(*r.sha256) + "</code>");
  if (r.key_id)
    b += row("Khóa ký số", "Signing key",
             "<code>" + h(*r.key_id) + "</code> — " +
                 (v->key ? h(key_status_vi(v->key->status)) + " <span class=en>/ " +
                               h(key_status_en(v->key->status)) + "</span>"
                         : std::string("không rõ <span class=en>/ unknown</span>")));
  b += "</dl>\n";
  if (upload) {
    const bool match = v->upload_matches.value_or(false);
    b += "<div class=\"verdict " + std::string(match ? "ok" : "bad") + "\" id=file data-matches=\"" +
         (match ? "true" : "false") + "\"><strong>" +
         (match ? "Tệp «" + h(upload->filename) + "» trùng khớp với tệp kết quả đã cấp."
                : "Tệp «" + h(upload->filename) + "» KHÔNG khớp với tệp kết quả đã cấp.") +
         "</strong><br><span class=en>" +
         (match ? "The file matches the issued result." : "The file does NOT match the issued result.") +
         "</span><br><span class=small>SHA-256: <code>" + h(upload->sha256) + "</code></span></div>\n";
  }
  if (!error_vi.empty())
    b += "<div class=\"verdict bad\" id=error><strong>" + h(error_vi) + "</strong><br><span class=en>" + h(error_en) +
         "</span></div>\n";
  if (r.sha256)
    b += "<form method=post enctype=\"multipart/form-data\" action=\"/verify/" + h(code) +
         "\"><label>Đối chiếu một tệp với kết quả này <span class=en>/ Check a file against this result</span>"
         "<br><input type=file name=file required></label><br><button type=submit>Đối chiếu / Check</button>"
         "<p class=small>Tệp chỉ được tính mã băm để so sánh, không được lưu lại. "
         "<span class=en>The file is only hashed to compare; it is not stored.</span></p></form>\n";
  b += "<p class=small>Khóa công khai của các cơ quan <span class=en>/ Agencies' public keys</span>: "
       "<a href=\"/.well-known/motcua-keys.json\">/.well-known/motcua-keys.json</a></p>\n</main></body></html>\n";
  return b;
}

}  // namespace motcua::api
