// Giấy tờ in từ hệ thống: the forms of the dossier's pinned rule set (TT 01/2018 Mẫu 01–06 or TT 03/2025
// Mẫu 01–07) filled from what the lifecycle stored — the receipt, the supplement request, the refusal, the
// apology, the stop, the history for the control sheet — and the Sổ theo dõi hồ sơ of a receiving unit for a
// date range. Who may print is who may see the dossier (DossierService::get), except the internal papers
// (control sheet, book), which are for officials only.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "app/dossier_service.h"
#include "app/form_templates.h"
#include "domain/dossier_code.h"
#include "domain/form_template.h"
#include "domain/rule_set.h"
#include "storage/blob_store.h"
#include "storage/db.h"

namespace motcua::app {

struct DocumentDeps {
  storage::Db& db;
  DossierService& dossiers;
  const FormTemplates& forms;
  std::vector<domain::RuleSet> rule_sets;
  std::string public_base_url;  // for the tracking link in the QR
  std::function<std::int64_t()> now_ms;
  storage::BlobStore* blobs = nullptr;  // the stored components, for the stamped copies of scans
};

struct RenderedDocument {
  std::string pdf;
  std::string filename;  // "mau-01-<code>.pdf"
  std::string qr_payload;
  int pages = 0;
};

struct StoredFile {  // a component or a result file as it was uploaded
  std::string bytes;
  std::string filename;
  std::string content_type;  // sniffed from the bytes when stored
};

struct DocumentListing {
  std::string form_set;
  struct Item {
    std::string id;
    std::string name;
    bool available = false;  // the dossier has what the form needs (e.g. a refusal for Mẫu 03)
    bool officials_only = false;
  };
  std::vector<Item> items;
};

class DocumentService {
 public:
  explicit DocumentService(DocumentDeps deps) : deps_(std::move(deps)) {}

  DocumentListing list(const DossierActor& a, std::int64_t dossier_id);
  // 404 unknown dossier or form id (or not visible), 409 "form_not_applicable" when the dossier lacks what
  // the form records (no refusal → no Mẫu 03), 403 for a citizen asking for an internal paper.
  RenderedDocument render(const DossierActor& a, std::int64_t dossier_id, std::string_view form_id);
  // The book of receiving agency `agency_id` for [from, to] (inclusive local dates); the form set is the
  // one in force on `to` unless given. Officials whose grants cover the agency; at most 5,000 rows (422 asks
  // for a shorter range).
  RenderedDocument book(const DossierActor& a, std::int64_t agency_id, const domain::LocalDate& from,
                        const domain::LocalDate& to);

  // A digitised component (số hóa) as a printable PDF with the TT 01/2023 Điều 8 mark at the top left of
  // page 1: who digitised it, when, its page count and hash. 409 "not_digitised" for a file the applicant
  // uploaded themselves; 404 unless the attachment belongs to a dossier the actor sees.
  RenderedDocument stamped_attachment(const DossierActor& a, std::int64_t dossier_id, std::int64_t attachment_id);

  // Chuyển đổi kết quả điện tử ra giấy (NĐ 45/2020 Điều 18): the signed e-result's pages with the QR to its
  // verification page, then the verification block and the converter's signature space. Officials in scope
  // only; 409 "no_electronic_result" when the result has no file, "result_not_valid" when it does not verify
  // now (revoked key, altered record). The conversion is written to the audit trail.
  RenderedDocument paper_copy(const DossierActor& a, std::int64_t dossier_id, std::int64_t result_id);

  // The files themselves, for whoever sees the dossier (the owner, officials in scope): a component (viewed
  // inline at the desk) and an issued result (downloaded by the applicant). 404 unless it belongs to the dossier.
  StoredFile attachment_file(const DossierActor& a, std::int64_t dossier_id, std::int64_t attachment_id);
  StoredFile result_file(const DossierActor& a, std::int64_t dossier_id, std::int64_t result_id);

  // The data a dossier's form is filled with (exposed for tests and the benchmark).
  domain::FormData dossier_data(storage::Connection& c, const DossierService::FullView& v, std::string_view form_id);

 private:
  std::string form_set_of(const storage::DossierRecord& d) const;
  DocumentDeps deps_;
};

// A template filled with `data` as a PDF, with its QR (domain/document_qr.h) when there is a code or a link.
RenderedDocument render_form(const domain::FormTemplate& t, const domain::FormData& data);

// "05 ngày làm việc", "08 giờ làm việc", "30 ngày", "03 tháng": the legal time as the receipt states it.
std::string processing_time_words(const domain::ProcessingTime& t);

}  // namespace motcua::app
