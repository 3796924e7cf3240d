#include "domain/document_qr.h"

#include <charconv>

#include "domain/calendar.h"
#include "domain/vn_fold.h"

namespace motcua::domain {

std::string iso_local_minute(std::int64_t epoch_ms) {
  auto s = format_local_datetime(epoch_ms);  // "YYYY-MM-DD HH:MM"
  s[10] = 'T';
  return s + "+07:00";
}

namespace {
// The instant a moment's fields (set_moment) denote, or nullopt when the form data lacks it.
std::optional<std::int64_t> moment_ms(const FormData& d, const std::string& m) {
  int v[5];
  const char* parts[] = {".year", ".month", ".day", ".hour", ".minute"};
  for (int i = 0; i < 5; ++i) {
    const auto it = d.fields.find(m + parts[i]);
    if (it == d.fields.end()) return std::nullopt;
    const auto& s = it->second;
    if (std::from_chars(s.data(), s.data() + s.size(), v[i]).ec != std::errc()) return std::nullopt;
  }
  return local_to_epoch_ms({v[0], v[1], v[2]}, v[3] * 60 + v[4]);
}

std::string field(const FormData& d, const std::string& k) {
  const auto it = d.fields.find(k);
  return it == d.fields.end() ? "" : it->second;
}
}  // namespace

DocumentQr qr_for_form(const FormTemplate& t, const FormData& data) {
  DocumentQr q;
  q.dossier_code = field(data, "dossier.code");
  q.procedure_code = field(data, "dossier.procedure_code");
  q.applicant_id = field(data, "applicant.id_number");
  q.document_name = t.name;
  q.system_name = field(data, "system.name");
  q.issued_at_ms = moment_ms(data, "now").value_or(0);
  if (t.qr_due) q.due_at_ms = moment_ms(data, "due");
  q.url = field(data, "tracking.url");
  return q;
}

std::vector<std::pair<std::string, std::string>> qr_fields(const DocumentQr& q) {
  std::vector<std::pair<std::string, std::string>> f;
  if (!q.dossier_code.empty()) f.emplace_back("MaHoSo", q.dossier_code);  // none before reception
  f.emplace_back("MaTTHC", q.procedure_code);
  if (!q.applicant_id.empty()) f.emplace_back("MaDinhDanh", q.applicant_id);
  f.emplace_back("TenGiayTo", q.document_name);
  f.emplace_back("HeThong", q.system_name);
  f.emplace_back("ThoiGian", iso_local_minute(q.issued_at_ms));
  if (q.due_at_ms) f.emplace_back("NgayHenTra", iso_local_minute(*q.due_at_ms));
  if (!q.validity.empty()) f.emplace_back("HieuLuc", q.validity);
  if (!q.url.empty()) f.emplace_back("URL", q.url);
  for (auto& [k, v] : f) {
    v = to_nfc(v);
    for (auto& c : v)
      if (c == '\n' || c == '\r') c = ' ';  // one line per field, whatever the data holds
  }
  return f;
}

std::string qr_payload(const DocumentQr& q) {
  std::string out;
  for (const auto& [k, v] : qr_fields(q)) {
    if (!out.empty()) out += '\n';
    out += k + ": " + v;
  }
  return out;
}

}  // namespace motcua::domain
