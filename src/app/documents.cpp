#include "app/documents.h"

#include <algorithm>

#include "app/dossier_service_internal.h"
#include "docs/form_pdf.h"
#include "domain/calendar.h"
#include "domain/document_qr.h"
#include "domain/form_vocabulary.h"
#include "domain/lunar.h"
#include "storage/agency_repo.h"
#include "storage/document_repo.h"
#include "storage/audit_repo.h"
#include "storage/result_repo.h"
#include "storage/user_repo.h"
#include "app/result_verification.h"
#include "domain/file_type.h"
#include "domain/vn_fold.h"
#include "docs/scanned_copy.h"

namespace motcua::app {

using http::ApiError;
using storage::Connection;

namespace {

constexpr std::int64_t kMaxBookRows = 5000;

ApiError form_not_found(std::string_view id) {
  return ApiError(404, "form_not_found", "Không có mẫu giấy tờ \"" + std::string(id) + "\" trong bộ mẫu của hồ sơ",
                  "No form \"" + std::string(id) + "\" in the dossier's form set");
}

bool is_official(const DossierActor& a) {
  return std::any_of(a.grants.begin(), a.grants.end(), [](const ActorGrant& g) { return g.role != domain::Role::citizen; });
}

// Who prints internal papers: the officials who handle or supervise dossiers (not postal staff).
const std::vector<domain::Role> kInternalRoles{domain::Role::one_stop_officer, domain::Role::specialist,
                                              domain::Role::leader,           domain::Role::tthc_controller,
                                              domain::Role::provincial_monitor, domain::Role::agency_admin,
                                              domain::Role::system_admin};

// An official of those roles whose grants cover the agency (or an ancestor of it).
bool official_over(Connection& c, const DossierActor& a, std::int64_t agency_id) {
  const auto path = dossier_detail::agency_path_of(c, agency_id);
  if (path.empty()) return false;
  for (const auto& p : dossier_detail::scope_paths(a, kInternalRoles))
    if (path.rfind(p, 0) == 0) return true;
  return false;
}

std::string file_name(std::string_view form_id, const std::string& code) {
  std::string safe;
  for (char ch : code) safe += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.') ? ch : '_';
  return std::string(form_id) + (safe.empty() ? "" : "-" + safe) + ".pdf";
}

}  // namespace

RenderedDocument render_form(const domain::FormTemplate& t, const domain::FormData& data) {
  const auto q = domain::qr_for_form(t, data);
  RenderedDocument out;
  out.qr_payload = q.dossier_code.empty() && q.url.empty() ? "" : domain::qr_payload(q);
  docs::FormRenderStats stats;
  out.pdf = docs::render_form_pdf(domain::fill_form(t, data), out.qr_payload, &stats);
  out.pages = stats.pages;
  out.filename = file_name(t.id, q.dossier_code);
  return out;
}

std::string DocumentService::form_set_of(const storage::DossierRecord& d) const {
  // The set pinned at reception; a dossier not yet received prints with the set in force today.
  const domain::RuleSet* rs = d.rule_set_id ? domain::find_rule_set(deps_.rule_sets, *d.rule_set_id) : nullptr;
  if (!rs) {
    const auto day = domain::civil_from_days(domain::local_day(deps_.now_ms()));
    rs = domain::rule_set_in_force(deps_.rule_sets, domain::LocalDate{day.year, day.month, day.day});
  }
  return rs ? rs->form_set.value : "tt03-2025";
}

DocumentListing DocumentService::list(const DossierActor& a, std::int64_t dossier_id) {
  const auto v = deps_.dossiers.get(a, dossier_id);
  DocumentListing out;
  out.form_set = form_set_of(v.dossier);
  deps_.db.read([&](Connection& c) {
    const bool official = is_official(a);
    for (const auto* t : deps_.forms.of_set(out.form_set)) {
      if (t->book || (t->officials_only && !official)) continue;
      const auto data = dossier_data(c, v, t->id);
      out.items.push_back({t->id, t->name, t->applies_when.empty() || data.has(t->applies_when), t->officials_only});
    }
    return 0;
  });
  return out;
}

RenderedDocument DocumentService::render(const DossierActor& a, std::int64_t dossier_id, std::string_view form_id) {
  const auto v = deps_.dossiers.get(a, dossier_id);  // 404 unless visible to the actor
  const auto set = form_set_of(v.dossier);
  const auto* t = deps_.forms.find(set, form_id);
  if (!t || t->book) throw form_not_found(form_id);
  return deps_.db.read([&](Connection& c) {
    if (t->officials_only && !(official_over(c, a, v.dossier.current_agency_id) || official_over(c, a, v.dossier.agency_id)))
      throw ApiError(403, "forbidden", "Giấy tờ nội bộ chỉ cán bộ có thẩm quyền được in",
                     "Internal papers are printed by officials in scope only");
    const auto data = dossier_data(c, v, form_id);
    if (!t->applies_when.empty() && !data.has(t->applies_when))
      throw ApiError(409, "form_not_applicable",
                     "Hồ sơ chưa có nội dung để lập \"" + t->name + "\"",
                     "The dossier has nothing to put on \"" + std::string(form_id) + "\" yet");
    auto out = render_form(*t, data);
    return out;
  });
}

RenderedDocument DocumentService::stamped_attachment(const DossierActor& a, std::int64_t dossier_id,
                                                    std::int64_t attachment_id) {
  const auto v = deps_.dossiers.get(a, dossier_id);
  const auto it = std::find_if(v.attachments.begin(), v.attachments.end(),
                               [&](const storage::Attachment& x) { return x.id == attachment_id; });
  if (it == v.attachments.end()) throw ApiError::not_found("thành phần hồ sơ", "Attachment");
  if (!it->digitised)
    throw ApiError(409, "not_digitised", "Tệp do người nộp tải lên, không phải bản số hóa tại Bộ phận Một cửa",
                   "The applicant uploaded this file; it is not a scan made at the one-stop unit");
  if (!deps_.blobs) throw ApiError(503, "unavailable", "Kho tệp chưa sẵn sàng", "File store not available");
  auto in = deps_.blobs->open(it->sha256);
  if (!in) throw ApiError(410, "file_missing", "Tệp của thành phần hồ sơ không còn trong kho", "The stored file is missing");
  const std::string bytes((std::istreambuf_iterator<char>(*in)), std::istreambuf_iterator<char>());
  const std::string who = deps_.db.read([&](Connection& c) {
    const auto u = it->uploaded_by ? storage::find_user(c, *it->uploaded_by) : std::nullopt;
    return u ? u->full_name : std::string();
  });
  char pages[16];
  std::snprintf(pages, sizeof pages, "%02lld", static_cast<long long>(it->page_count.value_or(0)));
  const std::vector<std::string> stamp{
      "<b>BẢN SỐ HÓA</b> (TT 01/2023/TT-VPCP Điều 8)",
      "Người số hóa: <b>" + domain::escape_markup(who) + "</b>",
      "Thời điểm: " + domain::format_local_datetime(it->at_ms).substr(11) + ", " + domain::date_dmy(it->at_ms),
      "Hồ sơ: " + domain::escape_markup(v.dossier.code.value_or("(chưa tiếp nhận)")) + "; thành phần: " +
          domain::escape_markup(it->component_key),
      std::string("Số trang: ") + pages + "; SHA-256: " + it->sha256.substr(0, 16) + "…"};
  RenderedDocument out;
  try {
    out.pdf = docs::stamped_copy_pdf(bytes, it->content_type, stamp, "Bản số hóa: " + it->filename);
  } catch (const std::runtime_error& e) {
    throw ApiError(409, "not_printable", "Không lập được bản in của tệp này", e.what());
  }
  out.pages = static_cast<int>(it->page_count.value_or(1));
  out.filename = "ban-so-hoa-" + std::to_string(it->id) + ".pdf";
  return out;
}

RenderedDocument DocumentService::paper_copy(const DossierActor& a, std::int64_t dossier_id, std::int64_t result_id) {
  const auto v = deps_.dossiers.get(a, dossier_id);
  const auto now = deps_.now_ms();
  struct Found {
    storage::ResultRecord result;
    domain::FormData data;
  };
  const auto found = deps_.db.read([&](Connection& c) {
    if (!(official_over(c, a, v.dossier.current_agency_id) || official_over(c, a, v.dossier.agency_id)))
      throw ApiError(403, "forbidden", "Chỉ cán bộ có thẩm quyền được chuyển đổi kết quả ra giấy",
                     "Only officials in scope convert a result to paper");
    for (auto& r : storage::list_results(c, dossier_id))
      if (r.id == result_id) return Found{std::move(r), dossier_data(c, v, "")};
    throw ApiError::not_found("kết quả", "Result");
  });
  const auto& r = found.result;
  if (!r.sha256 || !r.verify_code)
    throw ApiError(409, "no_electronic_result", "Kết quả không có văn bản điện tử để chuyển đổi",
                   "The result has no electronic document to convert");
  const auto check = verify_result(deps_.db, *r.verify_code);
  if (!check || check->verdict != domain::Verdict::valid)
    throw ApiError(409, "result_not_valid",
                   "Kết quả điện tử không còn hợp lệ: " +
                       std::string(check ? domain::verdict_text_vi(check->verdict) : "không xác thực được"),
                   "The e-result does not verify: " +
                       std::string(check ? domain::verdict_text_en(check->verdict) : "cannot be verified"));
  if (!deps_.blobs) throw ApiError(503, "unavailable", "Kho tệp chưa sẵn sàng", "File store not available");
  auto in = deps_.blobs->open(*r.sha256);
  if (!in) throw ApiError(410, "file_missing", "Tệp kết quả không còn trong kho", "The result file is missing");
  const std::string bytes((std::istreambuf_iterator<char>(*in)), std::istreambuf_iterator<char>());

  const auto url = verify_url(deps_.public_base_url, *r.verify_code);
  domain::DocumentQr q;
  q.dossier_code = v.dossier.code.value_or("");
  q.procedure_code = v.dossier.procedure_code;
  q.applicant_id = v.dossier.applicant_id_number.value_or("");
  q.document_name = r.title;
  q.system_name = found.data.fields.at("system.name");
  q.issued_at_ms = r.signed_at_ms.value_or(r.at_ms);
  q.url = url;
  auto esc = [](const std::string& s) { return domain::escape_markup(domain::to_nfc(s)); };
  const std::string when = domain::format_local_datetime(now).substr(11) + ", " + domain::date_dmy(now);
  const std::string issued = domain::date_dmy(r.signed_at_ms.value_or(r.at_ms));
  const std::vector<std::string> mark{"<b>BẢN CHUYỂN ĐỔI TỪ VĂN BẢN ĐIỆN TỬ</b>",
                                      "Người chuyển đổi: <b>" + esc(a.full_name) + "</b>", "Thời điểm: " + when,
                                      "Đối chiếu: " + esc(url)};
  const std::vector<std::string> block{
      "Tên giấy tờ: <b>" + esc(r.title) + "</b>",
      "Mã hồ sơ: " + esc(v.dossier.code.value_or("")) + "; thủ tục: " + esc(v.procedure_name) + " (" +
          esc(v.dossier.procedure_code) + ")",
      "Cá nhân, tổ chức: " + esc(v.dossier.applicant_name),
      "Cơ quan ban hành: " + esc(r.agency_name.value_or(r.issuer_code.value_or(""))) + "; ngày ký: " + issued,
      "Mã xác thực: <b>" + esc(*r.verify_code) + "</b>; khóa ký: " + esc(r.key_id.value_or("")),
      "SHA-256 của văn bản điện tử: <tt>" + *r.sha256 + "</tt>",
      "Kết quả xác thực khi chuyển đổi: <b>" + std::string(domain::verdict_text_vi(check->verdict)) + "</b>",
      "Chuyển đổi bởi: " + esc(a.full_name) + ", lúc " + when,
      "Đối chiếu bản giấy này với văn bản điện tử: quét mã QR hoặc truy cập " + esc(url) +
          " và tải tệp lên để so khớp."};
  RenderedDocument out;
  // The result's type is sniffed from its bytes (the results table keeps only the hash).
  const auto content_type = std::string(domain::file_type_mime(domain::sniff_file_type(bytes)));
  auto lines = block;
  if (!docs::has_pages(content_type))
    lines.push_back("<i>Văn bản điện tử không ở dạng PDF hoặc ảnh nên không in lại được nội dung; đối chiếu bằng mã QR.</i>");
  out.pdf = docs::paper_copy_pdf(bytes, content_type, domain::qr_payload(q), mark, lines, "Bản chuyển đổi: " + r.title);
  out.filename = "ban-giay-ket-qua-" + std::to_string(r.id) + ".pdf";
  out.qr_payload = domain::qr_payload(q);
  deps_.db.write([&](Connection& tx) {
    storage::AuditEntry e;
    e.actor_id = a.user_id;
    e.actor_role = "official";
    e.agency_id = v.dossier.current_agency_id;
    e.action = "result.paper_copy";
    e.target = "result:" + std::to_string(r.id);
    e.summary = "{\"dossier_id\":" + std::to_string(dossier_id) + ",\"verify_code\":\"" + *r.verify_code + "\"}";
    e.request_id = a.request_id;
    e.at_ms = now;
    storage::append_audit(tx, e);
    return 0;
  });
  return out;
}

namespace {
std::string read_blob(storage::BlobStore* blobs, const std::string& sha256) {
  if (!blobs) throw ApiError(503, "unavailable", "Kho tệp chưa sẵn sàng", "File store not available");
  auto in = blobs->open(sha256);
  if (!in) throw ApiError(410, "file_missing", "Tệp không còn trong kho", "The stored file is missing");
  return std::string((std::istreambuf_iterator<char>(*in)), std::istreambuf_iterator<char>());
}
}  // namespace

StoredFile DocumentService::attachment_file(const DossierActor& a, std::int64_t dossier_id, std::int64_t attachment_id) {
  const auto v = deps_.dossiers.get(a, dossier_id);
  for (const auto& at : v.attachments)
    if (at.id == attachment_id) return {read_blob(deps_.blobs, at.sha256), at.filename, at.content_type};
  throw ApiError::not_found("thành phần hồ sơ", "Attachment");
}

StoredFile DocumentService::result_file(const DossierActor& a, std::int64_t dossier_id, std::int64_t result_id) {
  deps_.dossiers.visible(a, dossier_id);  // 404 unless the actor sees the dossier
  const auto results = deps_.db.read([&](Connection& c) { return storage::list_results(c, dossier_id); });
  for (const auto& r : results) {
    if (r.id != result_id) continue;
    if (!r.sha256) throw ApiError(409, "no_electronic_result", "Kết quả không có văn bản điện tử", "The result has no electronic file");
    auto bytes = read_blob(deps_.blobs, *r.sha256);
    const auto type = std::string(domain::file_type_mime(domain::sniff_file_type(bytes)));
    const auto ext = type == "application/pdf" ? ".pdf" : type == "image/png" ? ".png" : type == "image/jpeg" ? ".jpg" : "";
    return {std::move(bytes), "ket-qua-" + std::to_string(r.id) + ext, type};
  }
  throw ApiError::not_found("kết quả", "Result");
}

RenderedDocument DocumentService::book(const DossierActor& a, std::int64_t agency_id, const domain::LocalDate& from,
                                       const domain::LocalDate& to) {
  if (to < from)
    throw ApiError::validation({{"to", "Ngày kết thúc phải sau ngày bắt đầu", "The end date must not precede the start"}});
  const auto* rs = domain::rule_set_in_force(deps_.rule_sets, to);
  const std::string set = rs ? rs->form_set.value : "tt03-2025";
  const domain::FormTemplate* t = nullptr;
  for (const auto* f : deps_.forms.of_set(set))
    if (f->book) t = f;
  if (!t) throw form_not_found("so-theo-doi");
  return deps_.db.read([&](Connection& c) {
    const auto agency = storage::get_agency(c, agency_id);
    if (!agency) throw ApiError(404, "not_found", "Không tìm thấy cơ quan", "Agency not found");
    if (!official_over(c, a, agency_id))
      throw ApiError(403, "forbidden", "Chỉ cán bộ của cơ quan được in sổ theo dõi hồ sơ",
                     "Only officials of the agency print its tracking book");
    const auto from_ms = domain::local_to_epoch_ms({from.year, from.month, from.day}, 0);
    const auto to_ms = domain::local_to_epoch_ms({to.year, to.month, to.day}, 0) + domain::kMsPerDay;
    // Numbering runs from 01 through the year (TT 01/2018 Điều 10): the first row continues the year's count.
    const auto year_start = domain::local_to_epoch_ms({from.year, 1, 1}, 0);
    const auto before = storage::count_received(c, agency_id, year_start, from_ms);
    const auto rows = storage::list_book(c, agency_id, from_ms, to_ms, kMaxBookRows + 1);
    if (rows.size() > static_cast<std::size_t>(kMaxBookRows))
      throw ApiError::validation({{"from", "Khoảng thời gian quá dài (hơn 5.000 hồ sơ); hãy in từng tháng",
                                   "Too long a range (over 5,000 dossiers); print month by month"}});
    domain::FormData f;
    f.fields["agency.parent_name"] = agency->fields.parent_id ? [&] {
      const auto p = storage::get_agency(c, *agency->fields.parent_id);
      return p ? p->fields.name : std::string();
    }()
                                                              : std::string();
    f.fields["book.agency_name"] = agency->fields.name;
    f.fields["book.number"] = std::to_string(from.year) + (to.year != from.year ? "–" + std::to_string(to.year) : "");
    f.fields["book.period"] = "từ ngày " + domain::date_dmy(from_ms) + " đến ngày " + domain::date_dmy(to_ms - 1);
    domain::set_moment(f, "now", deps_.now_ms());
    domain::set_moment(f, "book.from", from_ms);
    domain::set_moment(f, "book.to", to_ms - 1);
    auto& list = f.lists["book_rows"];
    std::int64_t seq = before;
    std::int64_t year = from.year;
    for (const auto& r : rows) {
      const auto y = domain::civil_from_days(domain::local_day(r.received_at_ms)).year;
      if (y != year) {  // a range across New Year starts the new year's numbering at 01
        year = y;
        seq = 0;
      }
      auto opt_date = [](const std::optional<std::int64_t>& ms) { return ms ? domain::date_dmy(*ms) : std::string(); };
      std::string contact = r.applicant_address.value_or("");
      if (r.applicant_phone && !r.applicant_phone->empty()) contact += (contact.empty() ? "" : "; ") + *r.applicant_phone;
      std::string note;
      if (r.status == 3) note = "Từ chối tiếp nhận";
      else if (r.status == 7) note = "Rút hồ sơ";
      else if (r.status == 8) note = "Dừng giải quyết";
      else if (r.timeliness == "late") note = "Quá hạn";
      char idx[24];
      std::snprintf(idx, sizeof idx, "%02lld", static_cast<long long>(++seq));
      list.push_back({{"index", idx},
                      {"code", r.code},
                      {"procedure", r.procedure_name},
                      {"sets", "01"},
                      {"applicant", r.applicant_name},
                      {"contact", contact},
                      {"handling_agency", r.handling_agency_name},
                      {"received", domain::date_dmy(r.received_at_ms)},
                      {"due", opt_date(r.due_at_ms)},
                      {"transferred", opt_date(r.transferred_at_ms)},
                      {"result_received", opt_date(r.completed_at_ms)},
                      {"returned", opt_date(r.returned_at_ms)},
                      {"note", note}});
    }
    auto out = render_form(*t, f);
    out.filename = "so-theo-doi-" + (agency->fields.qcvn102_code ? *agency->fields.qcvn102_code : std::to_string(agency_id)) +
                   "-" + from.iso() + "-" + to.iso() + ".pdf";
    return out;
  });
}

}  // namespace motcua::app
