// Core of the dossier service (perform) and the reception phase: drafts, submission on every channel,
// accept (pin + code + receipt + due date), supplement, refusal, withdrawal, resubmission.
#include "app/dossier_service.h"

#include "domain/transfer_rule.h"

#include <boost/json.hpp>

#include "app/dossier_service_internal.h"
#include "domain/dossier_code.h"
#include "domain/notification_templates.h"
#include "domain/pinning.h"
#include "domain/procedure.h"
#include "storage/audit_repo.h"
#include "storage/dossier_code_repo.h"
#include "storage/outbox_repo.h"

namespace motcua::app {

namespace json = boost::json;
using http::ApiError;
using http::FieldError;
using storage::Connection;
using storage::DossierRecord;
using domain::ClockEffect;

namespace dossier_detail {

ApiError not_found() { return ApiError::not_found("Không tìm thấy hồ sơ", "Dossier not found"); }

ApiError field_error(const std::string& field, const std::string& vi, const std::string& en) {
  return ApiError::validation({FieldError{field, vi, en}});
}

std::vector<std::string> scope_paths(const DossierActor& a, const std::vector<domain::Role>& roles) {
  std::vector<std::string> out;
  for (const auto& g : a.grants) {
    if (g.agency_path.empty() || !domain::is_official_role(g.role)) continue;
    bool wanted = roles.empty();
    for (auto r : roles) wanted = wanted || r == g.role;
    if (wanted || g.role == domain::Role::system_admin) out.push_back(g.agency_path);
  }
  return out;
}

bool covers(const DossierActor& a, domain::Role r, const std::string& agency_path) {
  if (agency_path.empty()) return false;
  for (const auto& g : a.grants)
    if (g.role == r && !g.agency_path.empty() && agency_path.rfind(g.agency_path, 0) == 0) return true;
  return false;
}

std::string agency_path_of(Connection& c, std::int64_t agency_id) {
  auto res = c.exec("SELECT path FROM agencies WHERE id = $1", {agency_id});
  return res.empty() ? std::string() : res.rows.front().str(0);
}

std::string procedure_name(Connection& c, const DossierRecord& d) {
  auto res = c.exec(
      "SELECT pv.name FROM procedures p JOIN procedure_versions pv ON pv.id = COALESCE($2, p.current_version_id) "
      "WHERE p.code = $1",
      {d.procedure_code, d.procedure_version_id ? storage::Value{*d.procedure_version_id} : storage::Value{nullptr}});
  return res.empty() ? d.procedure_code : res.rows.front().str(0);
}

void require_reason(const std::string& reason) {
  if (reason.find_first_not_of(" \t\r\n") == std::string::npos)
    throw field_error("reason", "Phải nêu rõ lý do", "A reason is required");
}

void check_attachment(const AttachmentInput& in, std::size_t i) {
  const std::string f = "attachments[" + std::to_string(i) + "]";
  if (in.component_key.empty() || in.filename.empty())
    throw field_error(f, "Thiếu thành phần hồ sơ hoặc tên tệp", "Component and file name are required");
  if (in.sha256.size() != 64)
    throw field_error(f + ".sha256", "Mã băm SHA-256 không hợp lệ", "Invalid SHA-256");
}

}  // namespace dossier_detail

using namespace dossier_detail;

namespace {

constexpr std::string_view kDraft = "draft";

// Refusal → ApiError: missing input is a 422 on the field, a missing role 403, the rest a 409.
ApiError refusal_error(const domain::Refusal& r) {
  if (r.code == "role_not_allowed") return ApiError(403, "forbidden", r.message_vi, r.message_en);
  if (r.failed) {
    using P = domain::Precondition;
    const char* field = nullptr;
    switch (*r.failed) {
      case P::reason_given: field = "reason"; break;
      case P::missing_items_listed: field = "items"; break;
      case P::assignee_given: field = "assignee_user_id"; break;
      case P::result_given: field = "result"; break;
      case P::consulted_agency_given: field = "to_agency_id"; break;
      default: break;
    }
    if (field) return ApiError::validation({FieldError{field, r.message_vi, r.message_en}});
    return ApiError(409, std::string(domain::precondition_code(*r.failed)), r.message_vi, r.message_en);
  }
  return ApiError(409, r.code, r.message_vi, r.message_en);
}

ApiError conflict_error() {
  return ApiError::conflict("conflict", "Hồ sơ vừa được người khác cập nhật, vui lòng tải lại",
                            "The dossier was changed by someone else; reload it");
}

void validate_draft(const DraftInput& in) {
  std::vector<FieldError> f;
  if (in.procedure_code.empty()) f.push_back({"procedure_code", "Chưa chọn thủ tục", "Procedure is required"});
  if (in.agency_id <= 0) f.push_back({"agency_id", "Chưa chọn cơ quan tiếp nhận", "Receiving agency is required"});
  if (in.applicant_name.find_first_not_of(" \t") == std::string::npos)
    f.push_back({"applicant_name", "Chưa nhập tên người nộp", "Applicant name is required"});
  if (!domain::parse_result_delivery(in.delivery))
    f.push_back({"delivery", "Hình thức nhận kết quả không hợp lệ", "Delivery must be online, post or counter"});
  if (in.applicant_kind != "citizen" && in.applicant_kind != "organisation")
    f.push_back({"applicant_kind", "Loại đối tượng không hợp lệ", "applicant_kind must be citizen or organisation"});
  boost::system::error_code ec;
  auto v = json::parse(in.eform_data, ec);
  if (ec || !v.is_object()) f.push_back({"eform_data", "Dữ liệu tờ khai không hợp lệ", "eform_data must be a JSON object"});
  if (!f.empty()) throw ApiError::validation(std::move(f));
}

void apply_draft(DossierRecord& d, const DraftInput& in) {
  d.procedure_code = in.procedure_code;
  d.agency_id = d.current_agency_id = in.agency_id;
  d.applicant_kind = in.applicant_kind;
  d.applicant_name = in.applicant_name;
  d.applicant_id_number = in.applicant_id_number;
  d.applicant_phone = in.applicant_phone;
  d.applicant_email = in.applicant_email;
  d.applicant_address = in.applicant_address;
  d.delivery = in.delivery;
  d.eform_data = in.eform_data;
}

void check_references(Connection& c, const DraftInput& in) {
  if (c.exec("SELECT 1 FROM procedures WHERE code = $1", {in.procedure_code}).empty())
    throw field_error("procedure_code", "Thủ tục không tồn tại", "Unknown procedure");
  if (c.exec("SELECT 1 FROM agencies WHERE id = $1 AND active = 1", {in.agency_id}).empty())
    throw field_error("agency_id", "Cơ quan tiếp nhận không tồn tại", "Unknown receiving agency");
}

std::optional<std::int64_t> version_for_draft(Connection& c, const std::string& code) {
  auto res = c.exec("SELECT current_version_id FROM procedures WHERE code = $1", {code});
  return res.empty() ? std::nullopt : res.rows.front().opt_i64(0);
}

// The e-form check (deps.eform): the schema the agency service's eform_key names, else the procedure code's;
// every problem is a field error "eform_data.<path>".
void check_eform(Connection& c, const DossierServiceDeps& deps, const std::string& procedure_code,
                 std::int64_t agency_id, const std::string& eform_data, domain::EformMode mode) {
  if (!deps.eform) return;
  std::optional<std::string> key;
  auto svc = c.exec("SELECT eform_key FROM agency_services WHERE agency_id = $1 AND procedure_code = $2 AND active = 1",
                    {agency_id, procedure_code});
  if (!svc.empty()) key = svc.rows.front().opt_str(0);
  const auto* schema = deps.eform(procedure_code, key);
  if (!schema) return;
  auto problems = schema->validate(eform_data, mode);
  if (problems.empty()) return;
  std::vector<FieldError> f;
  for (auto& p : problems)
    f.push_back({p.path.empty() ? "eform_data" : "eform_data." + p.path, std::move(p.message_vi), std::move(p.message_en)});
  throw ApiError::validation(std::move(f));
}

// The processing time of the pinned version for the dossier's channel: the channel's own line first, then
// an unspecified one; only lines parsed into an amount and a unit. The agency's promised time (≤ legal,
// checked when configured) wins when set, because that is what the receipt promises.
// The workflow the receiving agency configured for the procedure (agency_services.workflow_key), else the
// default template. A key naming no loaded workflow falls back too, so a stale setting never blocks intake.
std::string workflow_for(Connection& c, const DossierServiceDeps& deps, std::int64_t agency_id,
                         const std::string& procedure_code) {
  auto svc = c.exec(
      "SELECT workflow_key FROM agency_services WHERE agency_id = $1 AND procedure_code = $2 AND active = 1 "
      "AND workflow_key IS NOT NULL",
      {agency_id, procedure_code});
  if (!svc.empty()) {
    const std::string key = svc.rows.front().str(0);
    if (deps.workflow(key)) return key;
  }
  return deps.default_workflow_key;
}

std::optional<domain::ProcessingTime> allowance_for(Connection& c, const DossierRecord& d) {
  auto svc = c.exec(
      "SELECT promised_time_amount, promised_time_unit FROM agency_services WHERE agency_id = $1 AND "
      "procedure_code = $2 AND active = 1 AND promised_time_amount IS NOT NULL",
      {d.agency_id, d.procedure_code});
  const auto unit_of = [](const std::string& u) -> std::optional<domain::TimeUnit> {
    for (auto t : {domain::TimeUnit::working_days, domain::TimeUnit::working_hours, domain::TimeUnit::calendar_days,
                   domain::TimeUnit::months, domain::TimeUnit::years})
      if (domain::time_unit_code(t) == u) return t;
    return std::nullopt;
  };
  if (!svc.empty()) {
    if (auto u = unit_of(svc.rows.front().str(1))) {
      domain::ProcessingTime pt;
      pt.amount = svc.rows.front().f64(0);
      pt.unit = *u;
      pt.parsed = true;
      pt.raw = "agency promise";
      return pt;
    }
  }
  if (!d.procedure_version_id) return std::nullopt;
  const std::string want = d.channel == "online" ? "online" : d.channel == "postal" ? "postal" : "in_person";
  auto res = c.exec(
      "SELECT channel, amount, unit, raw FROM processing_times WHERE version_id = $1 AND parsed = 1 AND amount IS NOT "
      "NULL ORDER BY CASE WHEN channel = $2 THEN 0 WHEN channel = 'unspecified' THEN 1 ELSE 2 END, position",
      {*d.procedure_version_id, want});
  for (const auto& r : res.rows) {
    if (auto u = unit_of(r.str(2))) {
      domain::ProcessingTime pt;
      pt.amount = r.f64(1);
      pt.unit = *u;
      pt.parsed = true;
      pt.raw = r.str(3);
      return pt;
    }
  }
  return std::nullopt;
}

}  // namespace

ActorFrame dossier_detail::actor_frame(Connection& c, const DossierActor& a, const DossierRecord& d,
                                       std::optional<std::int64_t> scope_agency) {
  // Scope: the owner acts as citizen; an official through grants covering the agency concerned (the
  // consulted agency for an answer, else the dossier's current agency).
  const std::string scope_agency_path = agency_path_of(c, scope_agency.value_or(d.current_agency_id));
  ActorFrame f;
  f.actor.user_id = std::to_string(a.user_id);
  if (d.owner_user_id && *d.owner_user_id == a.user_id) f.actor.roles.push_back(domain::Role::citizen);
  for (auto r : domain::kAllRoles)
    if (r != domain::Role::citizen && covers(a, r, scope_agency_path)) f.actor.roles.push_back(r);
  domain::DossierSnapshot& snap = f.snapshot;
  snap.state = d.state;
  snap.flags = d.flags;
  snap.due_at = d.clock.due_at;
  snap.supplement_requests = static_cast<int>(storage::count_supplement_requests(c, d.id));
  snap.apologies = d.flags.apology_issued ? 1 : 0;
  snap.open_consultations = static_cast<int>(storage::count_open_consultations(c, d.id));
  snap.clock_started = d.clock.started();
  // Thẩm quyền: an agency that configured its services must offer this one; an unconfigured agency is
  // not second-guessed (its catalogue is not set up yet).
  snap.within_scope =
      c.exec("SELECT 1 FROM agency_services WHERE agency_id = $1", {d.current_agency_id}).empty() ||
      !c.exec("SELECT 1 FROM agency_services WHERE agency_id = $1 AND procedure_code = $2 AND active = 1",
              {d.current_agency_id, d.procedure_code})
           .empty();
  return f;
}

// ---- the core -------------------------------------------------------------------------------------------

DossierRecord DossierService::perform(const DossierActor& a, std::int64_t id, std::string_view action,
                                      const domain::ActionInput& input, const Effect& before, const Effect& after) {
  try {
    return deps_.db.write([&](Connection& tx) -> DossierRecord {
      const std::int64_t now = deps_.now_ms();
      auto loaded = storage::load_dossier(tx, id);
      if (!loaded || loaded->state == kDraft) throw not_found();
      DossierRecord d = std::move(*loaded);
      const DossierRecord old = d;
      const auto* def = deps_.workflow(d.workflow_key);
      if (!def) throw ApiError(500, "workflow_missing", "Thiếu quy trình " + d.workflow_key, "Unknown workflow " + d.workflow_key);

      std::optional<std::int64_t> scope_agency;  // an answer is given by the consulted agency
      if (action == "answer_consultation" && !input.consulted_agency.empty())
        scope_agency = std::stoll(input.consulted_agency);
      const ActorFrame f = actor_frame(tx, a, d, scope_agency);
      // Scope before anything about the dossier's workflow: an outsider learns nothing from the answer.
      if (f.actor.roles.empty()) throw ApiError::forbidden();
      if (!def->has_action(action)) throw ApiError(409, "unknown_action", "Quy trình không có thao tác này", "The workflow has no such action");
      const domain::Actor& actor = f.actor;
      const domain::DossierSnapshot& snap = f.snapshot;
      std::string role_used;
      const auto* act = def->find_action(action, d.state);
      if (act)
        for (auto r : act->roles)
        for (auto h : actor.roles)
          if (r == h && role_used.empty()) role_used = std::string(domain::role_code(r));
      if (role_used.empty()) role_used = std::string(domain::role_code(actor.roles.front()));
      const auto& cal = deps_.calendar(tx, d.current_agency_id);

      ActionContext ctx{d, nullptr, a, role_used, now, "{}"};
      if (before) before(tx, ctx);

      const domain::Decision decision = domain::decide(*def, snap, action, actor, input, cal, now, deps_.policy);
      if (const auto* r = std::get_if<domain::Refusal>(&decision)) throw refusal_error(*r);
      const auto& t = std::get<domain::Transition>(decision);
      ctx.transition = &t;

      // Reception: pin the procedure version and rule set, allocate the code, issue the receipt. Done when
      // the dossier first reaches "được tiếp nhận" or when its clock must start, whichever comes first.
      const bool starts_clock = t.clock == ClockEffect::start || t.clock == ClockEffect::restart;
      const domain::RuleSet* rule_set = nullptr;
      if ((t.status == domain::DossierStatus::received || starts_clock) && !d.rule_set_id) {
        const auto local = domain::vietnam_local_time(now);
        std::vector<domain::ProcedureVersionRef> versions;
        for (const auto& r : tx.exec("SELECT id, decision_effective, decision_date FROM procedure_versions WHERE "
                                     "procedure_code = $1",
                                     {d.procedure_code})
                                 .rows) {
          domain::ProcedureVersionRef v;
          v.id = r.i64(0);
          if (auto e = r.opt_str(1)) v.effective_date = domain::parse_iso_date(*e);
          if (auto e = r.opt_str(2)) v.decision_date = domain::parse_iso_date(*e);
          versions.push_back(v);
        }
        try {
          const auto pin = domain::pin_dossier(versions, deps_.rule_sets, local);
          d.procedure_version_id = pin.procedure_version_id;
          d.rule_set_id = pin.rule_set_id;
        } catch (const domain::PinningError& e) {
          throw ApiError(409, "not_pinnable", "Không có phiên bản thủ tục hoặc bộ quy tắc có hiệu lực: " + std::string(e.what()),
                         std::string("No procedure version or rule set in force: ") + e.what());
        }
      }
      if (d.rule_set_id) rule_set = domain::find_rule_set(deps_.rule_sets, *d.rule_set_id);
      if (t.status == domain::DossierStatus::received && !d.code) {
        if (!rule_set) throw ApiError(500, "rule_set_missing", "Thiếu bộ quy tắc", "Pinned rule set not loaded");
        const auto local = domain::vietnam_local_time(now);
        try {
          d.code = storage::allocate_dossier_code(tx, d.agency_id, local.date, rule_set->dossier_code.value);
        } catch (const domain::DossierCodeError& e) {
          throw ApiError(409, "code_unavailable", std::string("Không cấp được mã số hồ sơ: ") + e.what(),
                         std::string("Cannot allocate a dossier code: ") + e.what());
        }
        if (deps_.fault_point) deps_.fault_point("after_code_allocation");
        d.received_at_ms = now;
      }

      // The clock.
      const auto due_before = d.clock.due_at;
      try {
        if (starts_clock && !d.clock.started()) {
          auto pt = allowance_for(tx, d);
          if (!pt)
            throw ApiError(409, "processing_time_unknown",
                           "Chưa xác định được thời hạn giải quyết của thủ tục (phiên bản đã chốt)",
                           "The pinned procedure version has no usable processing time");
          d.clock.allowance = *pt;
        }
        switch (t.clock) {
          case ClockEffect::start: d.clock = domain::start_clock(d.clock, now, cal); break;
          case ClockEffect::restart: d.clock = domain::restart_clock(d.clock, now, cal); break;
          case ClockEffect::pause:
            d.clock = domain::pause_clock(d.clock, now, t.pause_reason.value_or(domain::PauseReason::citizen));
            break;
          case ClockEffect::resume: d.clock = domain::resume_clock(d.clock, now, cal); break;
          case ClockEffect::extend:
            d.clock = domain::extend_clock(d.clock, now, t.new_due_at.value_or(0), cal, deps_.policy);
            break;
          case ClockEffect::none: break;
        }
        if (t.to_state != t.from_state && d.clock.started() && !d.clock.paused())
          d.clock = domain::enter_step(d.clock, now, t.step_deadline, cal);
        if (t.status == domain::DossierStatus::completed && d.clock.started() && !d.clock.completed_at) {
          d.timeliness = std::string(domain::timeliness_code(domain::classify_completion(d.clock, now, cal, deps_.policy)));
          d.clock = domain::complete_clock(d.clock, now);
        }
        // A received dossier goes to the competent unit the same working day, or early the next one when
        // received after the cut-off (NĐ 61/2018 Điều 18): that is the reception step's own deadline.
        if (t.status == domain::DossierStatus::received && d.received_at_ms == now && rule_set) {
          domain::TransferRule rule;
          rule.cutoff_minute = rule_set->transfer_cutoff_minutes.value;
          d.clock.step_due_at = domain::transfer_deadline(now, cal, rule);
        }
      } catch (const domain::ClockError& e) {
        throw ApiError(409, "clock_refused", std::string("Không thực hiện được với thời hạn hiện tại: ") + e.what(),
                       e.what());
      }
      d.mirror_clock();

      d.state = t.to_state;
      d.status = static_cast<int>(t.status);
      d.flags = t.flags;
      d.flags.open_consultations = t.open_consultations > 0;
      if (t.status == domain::DossierStatus::returned && !d.returned_at_ms) d.returned_at_ms = now;
      if (after) after(tx, ctx);

      storage::update_dossier(tx, d, now);
      if (d.code && t.status == domain::DossierStatus::received && !old.code) {
        json::object receipt{{"code", *d.code},
                             {"procedure_code", d.procedure_code},
                             {"applicant_name", d.applicant_name},
                             {"received_at_ms", now},
                             {"due_at_ms", d.due_at_ms ? json::value(*d.due_at_ms) : json::value(nullptr)},
                             {"delivery", d.delivery},
                             {"form", t.form.empty() ? std::string("mau-01") : t.form}};
        storage::insert_receipt(tx, d.id, *d.code, now, json::serialize(receipt));
      }

      json::object note;
      {
        boost::system::error_code ec;
        auto extra = json::parse(ctx.note_json, ec);
        if (!ec && extra.is_object()) note = extra.as_object();
      }
      note["history_vi"] = t.history_vi;
      note["history_en"] = t.history_en;
      if (!t.form.empty()) note["form"] = t.form;
      if (!t.citation.empty()) note["citation"] = t.citation;
      if (!input.note.empty()) note["note"] = input.note;
      storage::HistoryEntry h;
      h.dossier_id = d.id;
      h.actor_user_id = a.user_id;
      h.actor_name = a.full_name;
      h.actor_role = role_used;
      h.actor_agency_id = old.current_agency_id;
      h.action = std::string(action);
      h.from_state = old.state;
      h.to_state = d.state;
      h.from_status = old.status;
      h.to_status = d.status;
      if (!t.reason.empty()) h.reason = t.reason;
      h.clock_effect = std::string(domain::clock_effect_code(t.clock));
      h.due_before_ms = due_before;
      h.due_after_ms = d.due_at_ms;
      h.step_due_after_ms = d.step_due_at_ms;
      h.note = json::serialize(note);
      h.at_ms = now;
      storage::append_history(tx, h);

      storage::AuditEntry audit;
      audit.actor_id = a.user_id;
      audit.actor_role = role_used;
      audit.agency_id = old.current_agency_id;
      audit.action = "dossier." + std::string(action);
      audit.target = "dossier:" + std::to_string(d.id);
      audit.summary = json::serialize(json::object{
          {"from", json::object{{"state", old.state}, {"status", old.status ? json::value(*old.status) : json::value(nullptr)}}},
          {"to", json::object{{"state", d.state}, {"status", *d.status}}},
          {"code", d.code ? json::value(*d.code) : json::value(nullptr)},
          {"history_seq", h.seq}});
      audit.request_id = a.request_id;
      audit.at_ms = now;
      storage::append_audit(tx, audit);

      // Thông báo: every status change, and the re-appointment (same status, new date).
      if (t.status_changed || t.notification == "reappointed" || t.clock == ClockEffect::extend) {
        domain::NoticeContext nc;
        nc.code = d.code.value_or("");
        nc.procedure_name = procedure_name(tx, d);
        nc.applicant_name = d.applicant_name;
        nc.due_at_ms = d.due_at_ms;
        nc.reason = t.reason;
        nc.tracking_url = deps_.tracking_base_url + d.qr_token;
        const auto event = t.status_changed ? domain::NoticeEvent::status_changed : domain::NoticeEvent::reappointed;
        const auto notice = domain::render_notice(event, t.status, nc);
        if (d.applicant_email && !d.applicant_email->empty())
          storage::enqueue_email(tx, *d.applicant_email, notice.subject, notice.body, now);
        else if (d.applicant_phone && !d.applicant_phone->empty())
          storage::enqueue_sms(tx, *d.applicant_phone, notice.subject, now);
      }
      return d;
    });
  } catch (const storage::DossierConflict&) {
    throw conflict_error();
  }
}

// ---- drafts and submission --------------------------------------------------------------------------------

std::int64_t DossierService::save_draft(const DossierActor& a, std::optional<std::int64_t> id, const DraftInput& in) {
  validate_draft(in);
  try {
    return deps_.db.write([&](Connection& tx) -> std::int64_t {
      check_references(tx, in);
      check_eform(tx, deps_, in.procedure_code, in.agency_id, in.eform_data, domain::EformMode::draft);
      const std::int64_t now = deps_.now_ms();
      if (!id) {
        DossierRecord d;
        apply_draft(d, in);
        d.workflow_key = workflow_for(tx, deps_, in.agency_id, in.procedure_code);
        d.state = std::string(kDraft);
        d.owner_user_id = a.user_id;
        d.procedure_version_id = version_for_draft(tx, in.procedure_code);
        return storage::insert_dossier(tx, d, now);
      }
      auto d = storage::load_dossier(tx, *id);
      // Only the owner sees or edits a draft; anyone else gets the same 404 as for a missing id.
      if (!d || d->owner_user_id != a.user_id) throw not_found();
      if (d->state != kDraft)
        throw ApiError::conflict("not_a_draft", "Hồ sơ đã nộp, không sửa được bản nháp", "The dossier is already submitted");
      apply_draft(*d, in);
      d->workflow_key = workflow_for(tx, deps_, in.agency_id, in.procedure_code);
      d->procedure_version_id = version_for_draft(tx, in.procedure_code);
      storage::update_dossier(tx, *d, now);
      return d->id;
    });
  } catch (const storage::DossierConflict&) {
    throw conflict_error();
  }
}

namespace {

// The creation step shared by submit and submit_on_behalf: decide("submit") from the empty state, then
// store state, status, reception window, history, audit and notice.
DossierRecord submit_row(Connection& tx, const DossierServiceDeps& deps, DossierRecord d, const DossierActor& a,
                         domain::Role role, const SubmitInput& in, bool insert) {
  const std::int64_t now = deps.now_ms();
  const auto* def = deps.workflow(d.workflow_key);
  if (!def) throw ApiError(500, "workflow_missing", "Thiếu quy trình", "Unknown workflow " + d.workflow_key);
  domain::DossierSnapshot snap;  // state "" = not yet submitted
  domain::Actor actor{std::to_string(a.user_id), {role}};
  const auto& cal = deps.calendar(tx, d.agency_id);
  const auto decision = domain::decide(*def, snap, "submit", actor, domain::ActionInput{}, cal, now, deps.policy);
  if (const auto* r = std::get_if<domain::Refusal>(&decision)) throw refusal_error(*r);
  const auto& t = std::get<domain::Transition>(decision);

  d.channel = in.channel;
  d.on_behalf_authorisation = in.on_behalf_authorisation;
  if (role != domain::Role::citizen) {
    d.submitted_by_user_id = a.user_id;
    d.submitted_by_role = std::string(domain::role_code(role));
  } else if (in.channel == "third_party") {
    d.submitted_by_user_id = a.user_id;
    d.submitted_by_role = "third_party";
  }
  d.state = t.to_state;
  d.status = static_cast<int>(t.status);
  d.flags = t.flags;
  d.submitted_at_ms = now;
  // NĐ 45/2020 Điều 11: 8 working hours to act on an online dossier; at the counter it is received at once.
  if (in.channel == "online" || in.channel == "third_party")
    d.reception_deadline_ms = domain::reception_deadline(now, cal, deps.policy);
  d.step_due_at_ms = d.reception_deadline_ms;
  if (insert) storage::insert_dossier(tx, d, now);
  else storage::update_dossier(tx, d, now);

  for (std::size_t i = 0; i < in.attachments.size(); ++i) {
    const auto& ai = in.attachments[i];
    check_attachment(ai, i);
    storage::Attachment att{0, d.id, ai.component_key, ai.filename, ai.content_type, ai.sha256, ai.size,
                            ai.digitised || in.channel == "counter" || in.channel == "postal", a.user_id, now};
    att.page_count = ai.page_count;
    storage::insert_attachment(tx, att);
  }

  storage::HistoryEntry h;
  h.dossier_id = d.id;
  h.actor_user_id = a.user_id;
  h.actor_name = a.full_name;
  h.actor_role = std::string(domain::role_code(role));
  h.actor_agency_id = role == domain::Role::citizen ? std::nullopt : std::optional<std::int64_t>(d.agency_id);
  h.action = "submit";
  h.from_state = std::string(kDraft);
  h.to_state = d.state;
  h.to_status = d.status;
  h.step_due_after_ms = d.step_due_at_ms;
  h.note = json::serialize(json::object{{"channel", d.channel}, {"history_vi", t.history_vi}, {"history_en", t.history_en}});
  h.at_ms = now;
  storage::append_history(tx, h);

  storage::AuditEntry audit{a.user_id, h.actor_role, h.actor_agency_id, "dossier.submit",
                            "dossier:" + std::to_string(d.id),
                            json::serialize(json::object{{"channel", d.channel}, {"status", *d.status}}), a.request_id, now};
  storage::append_audit(tx, audit);

  domain::NoticeContext nc;
  nc.procedure_name = procedure_name(tx, d);
  nc.applicant_name = d.applicant_name;
  nc.tracking_url = deps.tracking_base_url + d.qr_token;
  const auto notice = domain::render_notice(domain::NoticeEvent::status_changed, t.status, nc);
  if (d.applicant_email && !d.applicant_email->empty())
    storage::enqueue_email(tx, *d.applicant_email, notice.subject, notice.body, now);
  else if (d.applicant_phone && !d.applicant_phone->empty())
    storage::enqueue_sms(tx, *d.applicant_phone, notice.subject, now);
  return d;
}

}  // namespace

DossierRecord DossierService::submit(const DossierActor& a, std::int64_t id, const SubmitInput& in) {
  if (in.channel != "online" && in.channel != "third_party")
    throw field_error("channel", "Tài khoản công dân chỉ nộp trực tuyến hoặc theo ủy quyền",
                      "An applicant account submits online or as an authorised third party");
  if (in.channel == "third_party" &&
      (!in.on_behalf_authorisation || in.on_behalf_authorisation->find_first_not_of(" \t") == std::string::npos))
    throw field_error("on_behalf_authorisation", "Cần thông tin văn bản ủy quyền", "The authorisation is required");
  try {
    return deps_.db.write([&](Connection& tx) {
      auto d = storage::load_dossier(tx, id);
      if (!d || d->owner_user_id != a.user_id) throw not_found();
      if (d->state != kDraft)
        throw ApiError::conflict("not_a_draft", "Hồ sơ đã được nộp", "The dossier is already submitted");
      check_eform(tx, deps_, d->procedure_code, d->agency_id, d->eform_data, domain::EformMode::submit);
      return submit_row(tx, deps_, std::move(*d), a, domain::Role::citizen, in, false);
    });
  } catch (const storage::DossierConflict&) {
    throw conflict_error();
  }
}

DossierRecord DossierService::submit_on_behalf(const DossierActor& a, const DraftInput& draft, const SubmitInput& in) {
  validate_draft(draft);
  domain::Role role;
  if (in.channel == "counter") role = domain::Role::one_stop_officer;
  else if (in.channel == "postal") role = domain::Role::postal_staff;
  else
    throw field_error("channel", "Nộp thay chỉ qua quầy một cửa hoặc bưu chính",
                      "On-behalf submission is at the counter or by post");
  return deps_.db.write([&](Connection& tx) {
    check_references(tx, draft);
    if (!covers(a, role, agency_path_of(tx, draft.agency_id))) throw ApiError::forbidden();
    check_eform(tx, deps_, draft.procedure_code, draft.agency_id, draft.eform_data, domain::EformMode::submit);
    DossierRecord d;
    apply_draft(d, draft);
    d.workflow_key = workflow_for(tx, deps_, draft.agency_id, draft.procedure_code);
    d.owner_user_id = in.owner_user_id;
    d.procedure_version_id = version_for_draft(tx, draft.procedure_code);
    return submit_row(tx, deps_, std::move(d), a, role, in, true);
  });
}

std::int64_t DossierService::add_attachment(const DossierActor& a, std::int64_t id, const AttachmentInput& in) {
  return add_attachments(a, id, {in}).front();
}

// All files of one upload in one transaction: either every row is visible or none.
std::vector<std::int64_t> DossierService::add_attachments(const DossierActor& a, std::int64_t id,
                                                          const std::vector<AttachmentInput>& files) {
  for (std::size_t i = 0; i < files.size(); ++i) check_attachment(files[i], i);
  return deps_.db.write([&](Connection& tx) {
    auto d = storage::load_dossier(tx, id);
    if (!d) throw not_found();
    const bool owner = d->owner_user_id == a.user_id;
    const bool officer = covers(a, domain::Role::one_stop_officer, agency_path_of(tx, d->current_agency_id));
    if (!owner && !officer) throw not_found();
    // The applicant adds files while drafting or answering a supplement request; the counter while receiving.
    const bool open = d->state == kDraft || d->status == static_cast<int>(domain::DossierStatus::supplement_requested) ||
                      (officer && d->status == static_cast<int>(domain::DossierStatus::submitted));
    if (!open) throw ApiError::conflict("attachments_closed", "Không thể bổ sung tệp ở trạng thái này",
                                        "Files cannot be added in this status");
    std::vector<std::int64_t> ids;
    for (const auto& in : files) {
      storage::Attachment att{0, id, in.component_key, in.filename, in.content_type, in.sha256, in.size,
                              in.digitised, a.user_id, deps_.now_ms()};
      att.page_count = in.page_count;
      ids.push_back(storage::insert_attachment(tx, att));
    }
    return ids;
  });
}

// ---- reception --------------------------------------------------------------------------------------------

DossierRecord DossierService::accept(const DossierActor& a, std::int64_t id, const std::string& note) {
  domain::ActionInput in;
  in.note = note;
  return perform(a, id, "accept", in);
}

DossierRecord DossierService::request_supplement(const DossierActor& a, std::int64_t id,
                                                 const std::vector<storage::SupplementItem>& items) {
  // Mẫu 02: every missing or invalid item with its reason, all at once.
  std::vector<FieldError> errors;
  if (items.empty()) errors.push_back({"items", "Cần liệt kê thành phần cần bổ sung", "List the items to supplement"});
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (items[i].component.find_first_not_of(" \t") == std::string::npos)
      errors.push_back({"items[" + std::to_string(i) + "].component", "Thiếu tên thành phần", "Component is required"});
    if (items[i].reason.find_first_not_of(" \t") == std::string::npos)
      errors.push_back({"items[" + std::to_string(i) + "].reason", "Thiếu lý do", "Reason is required"});
  }
  if (!errors.empty()) throw ApiError::validation(std::move(errors));
  domain::ActionInput in;
  std::string listing;
  for (const auto& it : items) {
    in.missing_items.push_back({it.component, it.reason});
    listing += "- " + it.component + ": " + it.reason + "\n";
  }
  if (!listing.empty()) listing.pop_back();
  in.reason = listing;
  return perform(a, id, "request_supplement", in, {}, [&](Connection& tx, ActionContext& ctx) {
    storage::insert_supplement_request(tx, ctx.dossier.id, items, ctx.actor.user_id, ctx.now);
    json::array arr;
    for (const auto& it : items) arr.push_back(json::object{{"component", it.component}, {"reason", it.reason}});
    ctx.note_json = json::serialize(json::object{{"items", arr}});
  });
}

DossierRecord DossierService::resubmit(const DossierActor& a, std::int64_t id, const std::vector<AttachmentInput>& added) {
  for (std::size_t i = 0; i < added.size(); ++i) check_attachment(added[i], i);
  return perform(a, id, "resubmit", domain::ActionInput{}, {}, [&](Connection& tx, ActionContext& ctx) {
    storage::mark_supplement_resubmitted(tx, ctx.dossier.id, ctx.now);
    for (const auto& ai : added) {
      storage::Attachment att{0, ctx.dossier.id, ai.component_key, ai.filename, ai.content_type, ai.sha256, ai.size,
                              ai.digitised, a.user_id, ctx.now};
      att.page_count = ai.page_count;
      storage::insert_attachment(tx, att);
    }
  });
}


DossierRecord DossierService::refuse(const DossierActor& a, std::int64_t id, const std::string& reason) {
  require_reason(reason);  // Mẫu 03: a refusal always states its reasons, whatever the definition says
  domain::ActionInput in;
  in.reason = reason;
  return perform(a, id, "refuse", in);
}

DossierRecord DossierService::withdraw(const DossierActor& a, std::int64_t id, const std::string& reason) {
  domain::ActionInput in;
  in.reason = reason;
  return perform(a, id, "withdraw", in);
}

}  // namespace motcua::app
