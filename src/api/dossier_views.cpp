#include "api/dossier_views.h"

#include <boost/json.hpp>
#include <cstring>
#include <string_view>

#include "domain/calendar.h"

namespace motcua::api {

app::DossierActor dossier_actor(const Principal& p, const http::Request& req) {
  app::DossierActor a;
  a.user_id = p.user_id;
  a.full_name = p.full_name;
  a.request_id = req.request_id;
  for (const auto& g : p.grants) a.grants.push_back({g.role, g.agency_id, g.agency_path});
  return a;
}

namespace json = boost::json;

namespace {

json::value opt(const std::optional<std::string>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<std::int64_t>& v) { return v ? json::value(*v) : json::value(nullptr); }
json::value opt(const std::optional<int>& v) { return v ? json::value(*v) : json::value(nullptr); }

// Times go out twice: epoch ms for programs, Vietnam local time for people.
void put_time(json::object& o, std::string_view key, const std::optional<std::int64_t>& ms) {
  char name[64];  // key + suffix without a heap string per key (the keys are short literals)
  const std::size_t n = key.copy(name, sizeof name - 8);
  std::memcpy(name + n, "_ms", 3);
  o[std::string_view(name, n + 3)] = opt(ms);
  std::memcpy(name + n, "_local", 6);
  o[std::string_view(name, n + 6)] = ms ? json::value(domain::format_local_datetime(*ms)) : json::value(nullptr);
}

std::string status_name(const std::optional<int>& status) {
  if (!status) return "Nháp";
  auto s = domain::status_from_code(*status);
  return s ? std::string(domain::status_name_vi(*s)) : std::string();
}

}  // namespace

json::object dossier_json(const storage::DossierRecord& d) {
  json::object o{{"id", d.id},
                 {"code", opt(d.code)},
                 {"procedure_code", d.procedure_code},
                 {"procedure_version_id", opt(d.procedure_version_id)},
                 {"rule_set_id", opt(d.rule_set_id)},
                 {"agency_id", d.agency_id},
                 {"current_agency_id", d.current_agency_id},
                 {"workflow_key", d.workflow_key},
                 {"state", d.state},
                 {"status", opt(d.status)},
                 {"status_name", status_name(d.status)},
                 {"channel", d.channel},
                 {"delivery", d.delivery},
                 {"applicant_kind", d.applicant_kind},
                 {"applicant_name", d.applicant_name},
                 {"applicant_id_number", opt(d.applicant_id_number)},
                 {"applicant_phone", opt(d.applicant_phone)},
                 {"applicant_email", opt(d.applicant_email)},
                 {"applicant_address", opt(d.applicant_address)},
                 {"owner_user_id", opt(d.owner_user_id)},
                 {"submitted_by_role", opt(d.submitted_by_role)},
                 {"assignee_user_id", opt(d.assignee_user_id)},
                 {"timeliness", opt(d.timeliness)},
                 {"qr_token", d.qr_token},
                 {"version", d.version}};
  o["eform_data"] = json::parse(d.eform_data.empty() ? "{}" : d.eform_data);
  o["flags"] = json::object{{"payment_pending", d.flags.payment_pending},
                            {"waiting_for_citizen", d.flags.waiting_for_citizen},
                            {"open_consultations", d.flags.open_consultations},
                            {"apology_issued", d.flags.apology_issued},
                            {"supplement_used", d.flags.supplement_used}};
  put_time(o, "submitted_at", d.submitted_at_ms);
  put_time(o, "received_at", d.received_at_ms);
  put_time(o, "due_at", d.due_at_ms);
  put_time(o, "step_due_at", d.step_due_at_ms);
  put_time(o, "reception_deadline", d.reception_deadline_ms);
  put_time(o, "completed_at", d.completed_at_ms);
  put_time(o, "returned_at", d.returned_at_ms);
  return o;
}

json::object dossier_summary_json(const storage::DossierSummary& s) {
  json::object o{{"id", s.id},
                 {"code", opt(s.code)},
                 {"procedure_code", s.procedure_code},
                 {"procedure_name", s.procedure_name},
                 {"applicant_name", s.applicant_name},
                 {"state", s.state},
                 {"status", opt(s.status)},
                 {"status_name", status_name(s.status)},
                 {"current_agency_id", s.current_agency_id},
                 {"assignee_user_id", opt(s.assignee_user_id)},
                 {"reception_alert", opt(s.reception_alert)},
                 {"deadline", opt(s.deadline)}};
  put_time(o, "submitted_at", s.submitted_at_ms);
  put_time(o, "received_at", s.received_at_ms);
  put_time(o, "due_at", s.due_at_ms);
  put_time(o, "step_due_at", s.step_due_at_ms);
  put_time(o, "reception_deadline", s.reception_deadline_ms);
  return o;
}

json::object consultation_json(const storage::Consultation& c) {
  json::object o{{"id", c.id},
                 {"dossier_id", c.dossier_id},
                 {"from_agency_id", c.from_agency_id},
                 {"to_agency_id", c.to_agency_id},
                 {"question", c.question},
                 {"status", c.status},
                 {"answer", opt(c.answer)}};
  put_time(o, "due_at", std::optional<std::int64_t>(c.due_at_ms));
  put_time(o, "created", std::optional<std::int64_t>(c.created_ms));
  put_time(o, "answered", c.answered_ms);
  return o;
}

json::object full_view_json(const app::DossierService::FullView& v) {
  json::object o = dossier_json(v.dossier);
  o["procedure_name"] = v.procedure_name;
  json::array history;
  for (const auto& h : v.history) {
    json::object e{{"seq", h.seq},
                   {"actor_user_id", opt(h.actor_user_id)},
                   {"actor_name", h.actor_name},
                   {"actor_role", h.actor_role},
                   {"actor_agency_id", opt(h.actor_agency_id)},
                   {"action", h.action},
                   {"from_state", opt(h.from_state)},
                   {"to_state", h.to_state},
                   {"from_status", opt(h.from_status)},
                   {"to_status", opt(h.to_status)},
                   {"reason", opt(h.reason)},
                   {"clock_effect", h.clock_effect}};
    put_time(e, "at", std::optional<std::int64_t>(h.at_ms));
    put_time(e, "due_after", h.due_after_ms);
    // The step in words, as the workflow names it (the timeline the applicant reads).
    boost::system::error_code ec;
    const auto note = json::parse(h.note, ec);
    for (const char* k : {"history_vi", "history_en"}) {
      const json::value* t = !ec && note.is_object() ? note.as_object().if_contains(k) : nullptr;
      e[k] = t && t->is_string() ? *t : json::value(nullptr);
    }
    history.push_back(std::move(e));
  }
  o["history"] = std::move(history);
  json::array files;
  for (const auto& a : v.attachments)
    files.push_back({{"id", a.id},
                     {"component_key", a.component_key},
                     {"filename", a.filename},
                     {"content_type", a.content_type},
                     {"sha256", a.sha256},
                     {"size", a.size},
                     {"digitised", a.digitised},
                     {"page_count", a.page_count ? json::value(*a.page_count) : json::value(nullptr)},
                     {"at_ms", a.at_ms}});
  o["attachments"] = std::move(files);
  json::array consults;
  for (const auto& c : v.consultations) consults.push_back(consultation_json(c));
  o["consultations"] = std::move(consults);
  o["state_name_vi"] = v.state_name_vi;
  json::array actions;
  for (const auto& offer : v.actions) {
    json::object a{{"action", offer.action->key}, {"name_vi", offer.action->name_vi}, {"form", offer.action->form},
                   {"reason_required", offer.action->reason_required}, {"blocked", nullptr}};
    if (offer.blocked)
      a["blocked"] = {{"code", offer.blocked->failed ? domain::precondition_code(*offer.blocked->failed)
                                                     : std::string_view(offer.blocked->code)},
                      {"message_vi", offer.blocked->message_vi},
                      {"message_en", offer.blocked->message_en},
                      {"citation", offer.blocked->citation}};
    actions.push_back(std::move(a));
  }
  o["actions"] = std::move(actions);
  return o;
}

json::object public_tracking_json(const app::DossierService::PublicTracking& t) {
  json::object o{{"code", t.code},
                 {"procedure_code", t.procedure_code},
                 {"procedure_name", t.procedure_name},
                 {"applicant_name", t.applicant_name},
                 {"status", t.status},
                 {"status_name", t.status_name}};
  put_time(o, "submitted_at", t.submitted_at_ms);
  put_time(o, "received_at", t.received_at_ms);
  put_time(o, "due_at", t.due_at_ms);
  put_time(o, "result_at", t.result_at_ms);
  put_time(o, "returned_at", t.returned_at_ms);
  return o;
}

}  // namespace motcua::api
