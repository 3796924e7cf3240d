// Work queues (hàng đợi) and tracking (tra cứu): the public projection by code or QR token, the full
// view for the owner and officials in scope, and the CCCD/name search for the same people only.
#include <map>
#include <set>

#include "app/dossier_service.h"
#include "app/dossier_service_internal.h"
#include "domain/masking.h"
#include "storage/tracking_repo.h"

namespace motcua::app {

using http::ApiError;
using storage::Connection;
using storage::DossierRecord;
using namespace dossier_detail;
using domain::Role;

namespace {

std::vector<int> statuses(std::initializer_list<domain::DossierStatus> l) {
  std::vector<int> out;
  for (auto s : l) out.push_back(static_cast<int>(s));
  return out;
}

}  // namespace

storage::DossierPage DossierService::queue(const DossierActor& a, Queue q, std::int64_t page, std::int64_t per_page) {
  using S = domain::DossierStatus;
  storage::QueueFilter f;
  f.page = page;
  f.per_page = per_page;
  // Workflow states from which an action is available, across every loaded definition.
  const auto states_with = [&](std::string_view action) {
    std::set<std::string> keys;
    std::vector<std::string> wf = deps_.workflow_keys;
    if (wf.empty()) wf.push_back(deps_.default_workflow_key);
    for (const auto& k : wf)
      if (const auto* def = deps_.workflow(k))
        for (const auto& st : def->states)
          for (const auto* act : def->actions_from(st.key))
            if (act->key == action) keys.insert(st.key);
    std::vector<std::string> out(keys.begin(), keys.end());
    if (out.empty()) out.push_back("\x01none");  // no state offers it: an empty queue, not every state
    return out;
  };
  const std::int64_t now = deps_.now_ms();
  switch (q) {
    case Queue::to_receive:
      f.agency_paths = scope_paths(a, {Role::one_stop_officer});
      f.statuses = statuses({S::submitted});
      break;
    case Queue::to_assign:
      f.agency_paths = scope_paths(a, {Role::leader});
      f.states = states_with("assign");
      f.unassigned_only = true;
      break;
    case Queue::to_appraise:
      f.agency_paths = scope_paths(a, {Role::specialist});
      // Mine to appraise, and the unassigned ones a specialist may claim (nhận xử lý).
      f.states = states_with("propose");
      for (auto& st : states_with("claim")) f.states.push_back(st);
      f.assignee_or_unassigned = a.user_id;
      break;
    case Queue::to_approve:
      f.agency_paths = scope_paths(a, {Role::leader});
      f.states = states_with("approve");
      break;
    case Queue::to_return:
      f.agency_paths = scope_paths(a, {Role::one_stop_officer});
      f.statuses = statuses({S::completed});
      break;
    case Queue::mine:
      f.agency_paths = scope_paths(a);
      f.assignee_user_id = a.user_id;
      f.statuses = statuses({S::received, S::processing, S::supplement_requested, S::awaiting_payment});
      break;
    case Queue::due_soon:
    case Queue::overdue: {
      f.agency_paths = scope_paths(a);
      f.statuses = statuses({S::received, S::processing});
      f.running_clock_only = true;  // a paused clock is neither overdue nor due soon (dossier_clock.h)
      if (q == Queue::overdue) {
        f.due_before_ms = now;
      } else {
        // due_within_one_working_day as an index range: [now, now + one working day of the actor's agency).
        std::optional<std::int64_t> agency;
        for (const auto& g : a.grants)
          if (g.agency_id && !agency) agency = g.agency_id;
        if (!agency) return {};
        const auto& cal = deps_.db.read([&](Connection& c) -> const domain::WorkingCalendar* { return &deps_.calendar(c, *agency); });
        f.due_not_before_ms = now;
        f.due_before_ms = cal->add_working_minutes(now, domain::working_minutes_per_day(*cal)) + 1;
      }
      break;
    }
  }
  return deps_.db.read([&](Connection& c) {
    auto page = storage::list_queue(c, f);
    // The 8-working-hour window (NĐ 45/2020 Điều 11): remind before it ends, flag it once passed.
    std::map<std::int64_t, const domain::WorkingCalendar*> calendars;  // a page is mostly one agency's
    for (auto& item : page.items) {
      auto& known = calendars[item.current_agency_id];
      if (!known) known = &deps_.calendar(c, item.current_agency_id);
      const auto& cal = *known;
      if (item.status == static_cast<int>(S::submitted) && item.submitted_at_ms)
        item.reception_alert = std::string(
            domain::reception_alert_code(domain::reception_alert(*item.submitted_at_ms, now, cal, deps_.policy)));
      // The deadline colour of the row: the clock as far as the predicates read it.
      domain::DossierClock clock;
      clock.due_at = item.due_at_ms;
      clock.completed_at = item.completed_at_ms;
      if (item.clock_paused_at_ms) clock.pauses.push_back({*item.clock_paused_at_ms, std::nullopt});
      if (domain::overdue(clock, now)) item.deadline = "overdue";
      else if (domain::due_within_one_working_day(clock, now, cal)) item.deadline = "due_soon";
    }
    return page;
  });
}

std::vector<storage::Consultation> DossierService::consultations_received(const DossierActor& a, bool open_only) {
  const auto paths = scope_paths(a);
  return deps_.db.read([&](Connection& c) { return storage::list_consultations_received(c, paths, open_only); });
}

namespace {

// One indexed read of the columns the public may see (storage/tracking_repo.h), not the whole row.
std::optional<DossierService::PublicTracking> public_view(std::optional<storage::PublicTrackingRow> d) {
  if (!d || !d->status) return std::nullopt;
  DossierService::PublicTracking t;
  t.code = std::move(d->code);
  t.procedure_code = std::move(d->procedure_code);
  t.procedure_name = std::move(d->procedure_name);
  t.applicant_name = domain::mask_applicant_name(d->applicant_name, d->applicant_kind);
  t.submitted_at_ms = d->submitted_at_ms;
  t.received_at_ms = d->received_at_ms;
  t.due_at_ms = d->due_at_ms;
  t.result_at_ms = d->completed_at_ms;
  t.returned_at_ms = d->returned_at_ms;
  t.status = *d->status;
  if (auto s = domain::status_from_code(t.status)) t.status_name = std::string(domain::status_name_vi(*s));
  return t;
}

}  // namespace

std::optional<DossierService::PublicTracking> DossierService::track_by_code(const std::string& code) {
  return public_view(deps_.db.read([&](Connection& c) { return storage::find_tracking_by_code(c, code); }));
}

std::optional<DossierService::PublicTracking> DossierService::track_by_token(const std::string& token) {
  // A token shorter than issued is refused before the lookup, so a prefix never matches anything.
  if (token.size() != 32) return std::nullopt;
  return public_view(deps_.db.read([&](Connection& c) { return storage::find_tracking_by_qr_token(c, token); }));
}

namespace {

// The dossier, if the actor may see it: its owner, officials of the receiving or the current agency (or
// above), and the agencies consulted on it. Otherwise 404, not 403: whether a dossier id exists is itself
// not public.
DossierRecord load_visible(Connection& c, const DossierActor& a, std::int64_t id) {
  auto d = storage::load_dossier(c, id);
  if (!d) throw not_found();
  bool allowed = d->owner_user_id == a.user_id;
  if (!allowed && d->status) {
    const auto paths = scope_paths(a);
    const std::string cur = agency_path_of(c, d->current_agency_id);
    const std::string rec = agency_path_of(c, d->agency_id);
    for (const auto& p : paths) allowed = allowed || cur.rfind(p, 0) == 0 || rec.rfind(p, 0) == 0;
    if (!allowed)
      for (const auto& con : storage::list_consultations(c, id)) {
        const std::string to = agency_path_of(c, con.to_agency_id);
        for (const auto& p : paths) allowed = allowed || to.rfind(p, 0) == 0;
      }
  }
  if (!allowed) throw not_found();
  return std::move(*d);
}

}  // namespace

DossierRecord DossierService::visible(const DossierActor& a, std::int64_t id) {
  return deps_.db.read([&](Connection& c) { return load_visible(c, a, id); });
}

DossierService::FullView DossierService::get(const DossierActor& a, std::int64_t id, bool with_actions) {
  return deps_.db.read([&](Connection& c) {
    const DossierRecord d = load_visible(c, a, id);
    FullView v{d, procedure_name(c, d), storage::list_history(c, id), storage::list_attachments(c, id),
               storage::list_consultations(c, id), {}, {}};
    if (const auto* def = deps_.workflow(d.workflow_key); def && d.state != "draft") {
      if (const auto* st = def->find_state(d.state)) v.state_name_vi = st->name_vi;
      if (with_actions) {
        const ActorFrame f = actor_frame(c, a, d);
        v.actions = domain::offered_actions(*def, f.snapshot, f.actor, deps_.calendar(c, d.current_agency_id),
                                            deps_.now_ms(), deps_.policy);
      }
    }
    return v;
  });
}

storage::DossierPage DossierService::search(const DossierActor& a, const std::optional<std::string>& id_number,
                                            const std::optional<std::string>& name, std::int64_t page,
                                            std::int64_t per_page) {
  storage::DossierSearch s;
  s.id_number = id_number;
  s.name = name;
  s.page = page;
  s.per_page = per_page;
  s.agency_paths = scope_paths(a);
  if (s.agency_paths.empty()) s.owner_user_id = a.user_id;  // a citizen searches only their own dossiers
  return deps_.db.read([&](Connection& c) { return storage::search_dossiers(c, s); });
}

storage::DossierPage DossierService::my_dossiers(const DossierActor& a, std::int64_t page, std::int64_t per_page) {
  return deps_.db.read([&](Connection& c) { return storage::list_owned(c, a.user_id, page, per_page); });
}

}  // namespace motcua::app
