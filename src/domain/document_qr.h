// The QR code printed at the top left of every paper the system gives an applicant (TT 01/2023/TT-VPCP,
// legal-rules.md §8.4): mã số hồ sơ, mã TTHC, mã định danh of the applicant, tên giấy tờ, the source system
// and the time of issue; plus the appointment (ngày hẹn trả) on a receipt or the validity on a result, and
// the public link (tracking or /verify/{code}). One "Key: value" line each, UTF-8, so a phone shows it
// readably and a machine splits it on the first ": ".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "domain/form_template.h"

namespace motcua::domain {

struct DocumentQr {
  std::string dossier_code;
  std::string procedure_code;
  std::string applicant_id;   // số định danh cá nhân / mã số doanh nghiệp ("" when the applicant gave none)
  std::string document_name;  // tên giấy tờ
  std::string system_name;    // the source information system
  std::int64_t issued_at_ms = 0;
  std::optional<std::int64_t> due_at_ms;  // receipts: ngày hẹn trả
  std::string validity;                   // results: thời hạn và phạm vi hiệu lực
  std::string url;                        // the public page it links to
};

// The payload lines in order; absent optional values are left out, never printed empty.
std::vector<std::pair<std::string, std::string>> qr_fields(const DocumentQr& q);
std::string qr_payload(const DocumentQr& q);

// The QR of a form filled with `data` (the same values the paper shows): code, procedure, applicant ID,
// the template's name, system.name, the `now` moment, the `due` moment when the template has qr_due, and
// tracking.url. Before reception there is no code yet: the QR then leads by its link alone.
DocumentQr qr_for_form(const FormTemplate& t, const FormData& data);

// "2026-11-23T09:15+07:00": ISO 8601 in Vietnam time, unambiguous for a machine reading the QR.
std::string iso_local_minute(std::int64_t epoch_ms);

}  // namespace motcua::domain
