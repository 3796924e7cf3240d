// Workflow definitions and the engine. Every legal-limit test names its article in the test name or the
// comment above it (legal-rules §2 for NĐ 61/2018, §4 for NĐ 45/2020, §6.3 for QĐ 766). Dates are real
// 2026 dates from data/calendar/2026.json, so Tết (Mon 16/02 – Fri 20/02/2026) matters.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/data_dir.h"
#include "calendar_fixture.h"
#include "domain/calendar.h"
#include "domain/dossier_clock.h"
#include "domain/workflow.h"

namespace motcua::domain {
namespace {

namespace fs = std::filesystem;
using namespace testing;

WorkflowDefinition shipped(const std::string& name) {
  const auto dir = app::find_data_dir("workflows");
  if (!dir) throw std::runtime_error("data/workflows not found; set MOTCUA_SOURCE_DIR");
  const fs::path p = fs::path(*dir) / "workflows" / (name + ".json");
  return parse_workflow(p.filename().string(), slurp(p));
}

const WorkflowDefinition& one_step() {
  static const WorkflowDefinition d = shipped("one-step");
  return d;
}
const WorkflowDefinition& appraisal() {
  static const WorkflowDefinition d = shipped("appraisal-approval");
  return d;
}
const WorkflowDefinition& inter_agency() {
  static const WorkflowDefinition d = shipped("inter-agency");
  return d;
}

Actor as(Role r) { return Actor{"u-" + std::string(role_code(r)), {r}}; }
const Actor kCitizen = as(Role::citizen);
const Actor kOfficer = as(Role::one_stop_officer);
const Actor kSpecialist = as(Role::specialist);
const Actor kLeader = as(Role::leader);
const Actor kPostal = as(Role::postal_staff);

ActionInput with_reason(std::string r) {
  ActionInput in;
  in.reason = std::move(r);
  return in;
}
ActionInput with_items() {
  ActionInput in;
  in.missing_items = {{"Tờ khai đăng ký", "thiếu chữ ký"}, {"Bản sao giấy khai sinh", "chưa chứng thực"}};
  return in;
}

// A dossier as storage would hold it: the snapshot, the clock and the history, updated from transitions.
struct Dossier {
  DossierSnapshot snap;
  DossierClock clock;
  std::vector<std::string> history;
  DossierStatus status = DossierStatus::submitted;
};

Dossier new_dossier(double days = 5) {
  Dossier d;
  d.clock.allowance.amount = days;
  d.clock.allowance.unit = TimeUnit::working_days;
  d.clock.allowance.parsed = true;
  return d;
}

std::string describe(const Decision& dec) {
  if (const auto* r = std::get_if<Refusal>(&dec)) return r->code + ": " + r->message_en;
  return "transition";
}

// What the storage layer does with a transition: state, status, flags, counters, clock, history.
void apply(Dossier& d, const Transition& t, std::int64_t now) {
  d.snap.state = t.to_state;
  d.snap.flags = t.flags;
  d.snap.open_consultations = t.open_consultations;
  d.snap.supplement_requests = t.supplement_requests;
  d.snap.apologies = t.apologies;
  d.status = t.status;
  switch (t.clock) {
    case ClockEffect::none: break;
    case ClockEffect::start: d.clock = start_clock(d.clock, now, cal()); break;
    case ClockEffect::pause: d.clock = pause_clock(d.clock, now, *t.pause_reason); break;
    case ClockEffect::resume: d.clock = resume_clock(d.clock, now, cal()); break;
    case ClockEffect::restart: d.clock = restart_clock(d.clock, now, cal()); break;
    case ClockEffect::extend: d.clock = extend_clock(d.clock, now, *t.new_due_at, cal()); break;
  }
  if (t.to_state != t.from_state && d.clock.started()) d.clock = enter_step(d.clock, now, t.step_deadline, cal());
  if (t.status == DossierStatus::completed && !d.clock.completed_at) d.clock = complete_clock(d.clock, now);
  d.snap.due_at = d.clock.due_at;
  d.snap.clock_started = d.clock.started();
  d.history.push_back(t.history_vi);
}

Decision try_act(const WorkflowDefinition& def, Dossier& d, const char* action, const Actor& who, const char* when,
                 const ActionInput& in = {}) {
  const Decision dec = decide(def, d.snap, action, who, in, cal(), at(when));
  if (const auto* t = std::get_if<Transition>(&dec)) apply(d, *t, at(when));
  return dec;
}

// Performs an action that must succeed.
void act(const WorkflowDefinition& def, Dossier& d, const char* action, const Actor& who, const char* when,
         const ActionInput& in = {}) {
  const Decision dec = try_act(def, d, action, who, when, in);
  ASSERT_FALSE(is_refusal(dec)) << action << " at " << when << " in state " << d.snap.state << ": " << describe(dec);
}

const Refusal& refusal(const Decision& d) { return std::get<Refusal>(d); }

// ---- the shipped templates ----------------------------------------------------------------------------

TEST(WorkflowTemplates, AllThreeLoadAndMapEveryStateToNationalStatus1To10) {
  for (const auto* def : {&one_step(), &appraisal(), &inter_agency()}) {
    SCOPED_TRACE(def->key);
    EXPECT_EQ(def->initial_state, "submitted");
    for (const auto& s : def->states) {
      EXPECT_GE(static_cast<int>(s.status), 1);
      EXPECT_LE(static_cast<int>(s.status), 10);
    }
    for (const auto& a : def->actions) {
      EXPECT_FALSE(a.roles.empty()) << a.key;
      EXPECT_FALSE(a.citation.empty()) << a.key << ": every action carries its legal basis";
    }
    for (const auto& s : def->states) {
      if (s.deadline) {
        EXPECT_FALSE(s.deadline->citation.empty()) << s.key;
      }
    }
  }
}

TEST(WorkflowTemplates, OneStepWalkFromSubmitToReturn) {
  // Counter dossier received Fri 13/02/2026 14:00, before Tết; 5 working days → Fri 27/02 17:00.
  Dossier d = new_dossier(5);
  act(one_step(), d, "submit", kOfficer, "2026-02-13 13:50");
  EXPECT_EQ(d.status, DossierStatus::submitted);
  act(one_step(), d, "accept", kOfficer, "2026-02-13 14:00");
  EXPECT_EQ(d.status, DossierStatus::received);
  EXPECT_EQ(fmt(*d.clock.due_at), "2026-02-27 17:00");
  act(one_step(), d, "transfer", kOfficer, "2026-02-13 16:00");
  EXPECT_EQ(d.status, DossierStatus::processing);
  EXPECT_EQ(fmt(*d.clock.step_due_at), "2026-02-27 17:00");  // share 1.0, capped at the overall due
  ActionInput result;
  result.result_reference = "123/GP-UBND";
  act(one_step(), d, "complete", kSpecialist, "2026-02-25 10:00", result);
  EXPECT_EQ(d.status, DossierStatus::completed);
  EXPECT_EQ(classify_completion(d.clock, *d.clock.completed_at, cal()), Timeliness::early);
  act(one_step(), d, "return_result", kOfficer, "2026-02-26 09:00");
  EXPECT_EQ(d.status, DossierStatus::returned);
  EXPECT_TRUE(one_step().actions_from(d.snap.state).empty());
  EXPECT_EQ(d.history.size(), 5u);
  EXPECT_NE(d.history[3].find("kết quả: 123/GP-UBND"), std::string::npos) << d.history[3];
}

TEST(WorkflowTemplates, AppraisalApprovalWalkWithPaymentFromSubmitToReturn) {
  Dossier d = new_dossier(10);
  act(appraisal(), d, "submit", kCitizen, "2026-03-02 08:00");
  act(appraisal(), d, "accept", kOfficer, "2026-03-02 09:00");
  act(appraisal(), d, "transfer", kOfficer, "2026-03-02 10:00");
  ActionInput assign;
  assign.assignee = "Nguyễn Văn A";
  act(appraisal(), d, "assign", kLeader, "2026-03-02 14:00", assign);
  EXPECT_EQ(d.snap.state, "appraisal");
  EXPECT_EQ(d.status, DossierStatus::processing);
  act(appraisal(), d, "propose", kSpecialist, "2026-03-05 10:00");
  act(appraisal(), d, "send_back", kLeader, "2026-03-06 10:00", with_reason("Thiếu ý kiến thẩm định về diện tích"));
  EXPECT_EQ(d.snap.state, "appraisal");
  act(appraisal(), d, "propose", kSpecialist, "2026-03-09 10:00");
  act(appraisal(), d, "approve", kLeader, "2026-03-10 10:00");
  act(appraisal(), d, "request_payment", kSpecialist, "2026-03-10 11:00");
  EXPECT_EQ(d.status, DossierStatus::awaiting_payment);
  EXPECT_TRUE(d.snap.flags.payment_pending);
  act(appraisal(), d, "record_payment", kOfficer, "2026-03-11 11:00");
  EXPECT_FALSE(d.snap.flags.payment_pending);
  ActionInput result;
  result.result_reference = "45/QĐ-UBND";
  act(appraisal(), d, "complete", kLeader, "2026-03-12 09:00", result);
  act(appraisal(), d, "return_result", kPostal, "2026-03-12 15:00");
  EXPECT_EQ(d.status, DossierStatus::returned);
}

TEST(WorkflowTemplates, InterAgencyWalkWithTwoConsultationsFromSubmitToReturn) {
  Dossier d = new_dossier(15);
  act(inter_agency(), d, "submit", kPostal, "2026-03-02 08:00");
  act(inter_agency(), d, "accept", kOfficer, "2026-03-02 09:00");
  act(inter_agency(), d, "transfer", kOfficer, "2026-03-02 10:00");
  act(inter_agency(), d, "claim", kSpecialist, "2026-03-02 11:00");
  ActionInput tax, env;
  tax.consulted_agency = "Chi cục Thuế";
  env.consulted_agency = "Sở Nông nghiệp và Môi trường";
  act(inter_agency(), d, "consult", kSpecialist, "2026-03-03 09:00", tax);
  act(inter_agency(), d, "consult", kSpecialist, "2026-03-03 09:05", env);
  EXPECT_EQ(d.snap.open_consultations, 2);
  EXPECT_TRUE(d.snap.flags.open_consultations);
  EXPECT_EQ(d.snap.state, "appraisal");  // a flag, not a state
  act(inter_agency(), d, "answer_consultation", kSpecialist, "2026-03-06 09:00");
  EXPECT_TRUE(d.snap.flags.open_consultations);
  act(inter_agency(), d, "answer_consultation", kSpecialist, "2026-03-09 09:00");
  EXPECT_FALSE(d.snap.flags.open_consultations);
  act(inter_agency(), d, "propose", kSpecialist, "2026-03-10 09:00");
  act(inter_agency(), d, "approve", kLeader, "2026-03-11 09:00");
  ActionInput result;
  result.result_reference = "77/GCN";
  act(inter_agency(), d, "complete", kLeader, "2026-03-12 09:00", result);
  act(inter_agency(), d, "return_result", kOfficer, "2026-03-13 09:00");
  EXPECT_EQ(d.status, DossierStatus::returned);
}

TEST(WorkflowEngine, UnknownActionWrongStateAndWrongRoleAreRefusedWithMessages) {
  Dossier d = new_dossier();
  auto r1 = decide(one_step(), d.snap, "fly", kOfficer, {}, cal(), at("2026-03-02 09:00"));
  EXPECT_EQ(refusal(r1).code, "unknown_action");
  auto r2 = decide(one_step(), d.snap, "accept", kOfficer, {}, cal(), at("2026-03-02 09:00"));
  EXPECT_EQ(refusal(r2).code, "not_allowed_in_state");
  act(one_step(), d, "submit", kCitizen, "2026-03-02 08:00");
  auto r3 = decide(one_step(), d.snap, "accept", kCitizen, {}, cal(), at("2026-03-02 09:00"));
  EXPECT_EQ(refusal(r3).code, "role_not_allowed");
  EXPECT_NE(refusal(r3).message_vi.find("Cán bộ một cửa"), std::string::npos) << refusal(r3).message_vi;
}

TEST(WorkflowEngine, AcceptOutsideCompetenceIsRefusedNd61Dieu14And17) {
  Dossier d = new_dossier();
  act(one_step(), d, "submit", kCitizen, "2026-03-02 08:00");
  d.snap.within_scope = false;
  const auto r = decide(one_step(), d.snap, "accept", kOfficer, {}, cal(), at("2026-03-02 09:00"));
  EXPECT_EQ(refusal(r).failed, Precondition::within_scope);
  act(one_step(), d, "refuse", kOfficer, "2026-03-02 09:05", with_reason("Không thuộc thẩm quyền; đề nghị nộp tại UBND xã"));
  EXPECT_EQ(d.status, DossierStatus::not_received);
}

// ---- legal limits -------------------------------------------------------------------------------------

// NĐ 61/2018 Điều 15.3 and 17.2 (hướng dẫn bổ sung một lần), TT 01/2018 Mẫu 02: a second request is refused,
// at reception and later during appraisal (Điều 19, legal-rules §2.3 item 3); QĐ 766 counts a second as late.
TEST(WorkflowLegalLimits, SupplementAtMostOnceNd61Dieu15_3Dieu17_2Mau02) {
  Dossier d = new_dossier();
  act(appraisal(), d, "submit", kCitizen, "2026-03-02 08:00");
  act(appraisal(), d, "request_supplement", kOfficer, "2026-03-02 10:00", with_items());
  EXPECT_EQ(d.status, DossierStatus::supplement_requested);
  EXPECT_FALSE(d.clock.started()) << "the clock does not start while the dossier is incomplete at reception";
  EXPECT_NE(d.history.back().find("Tờ khai đăng ký (thiếu chữ ký)"), std::string::npos) << d.history.back();
  act(appraisal(), d, "resubmit", kCitizen, "2026-03-04 08:00");
  EXPECT_EQ(d.status, DossierStatus::submitted);
  const auto again = try_act(appraisal(), d, "request_supplement", kOfficer, "2026-03-04 10:00", with_items());
  ASSERT_TRUE(is_refusal(again));
  EXPECT_EQ(refusal(again).failed, Precondition::supplement_not_used);
  EXPECT_NE(refusal(again).citation.find("Điều 15.3"), std::string::npos);
  // Also during appraisal.
  act(appraisal(), d, "accept", kOfficer, "2026-03-04 10:30");
  act(appraisal(), d, "transfer", kOfficer, "2026-03-04 11:00");
  act(appraisal(), d, "claim", kSpecialist, "2026-03-04 14:00");
  const auto later = try_act(appraisal(), d, "request_supplement", kSpecialist, "2026-03-05 10:00", with_items());
  EXPECT_EQ(refusal(later).failed, Precondition::supplement_not_used);
}

// The console offers what decide() would allow: the role's actions from the state, and an action whose
// state rule already failed (NĐ 61/2018 Điều 15.3: bổ sung một lần) shown blocked with that rule's message.
TEST(WorkflowOffers, OfficerSeesReceptionActionsAndTheUsedSupplementBlockedNd61Dieu15_3) {
  Dossier d = new_dossier();
  act(appraisal(), d, "submit", kCitizen, "2026-03-02 08:00");
  auto keys = [](const std::vector<ActionOffer>& offers) {
    std::vector<std::string> out;
    for (const auto& o : offers) out.push_back(o.action->key + (o.blocked ? "!" : ""));
    return out;
  };
  const auto officer = offered_actions(appraisal(), d.snap, kOfficer, cal(), at("2026-03-02 09:00"));
  EXPECT_EQ(keys(officer), (std::vector<std::string>{"accept", "request_supplement", "refuse", "withdraw"}))
      << "withdraw: the officer records a withdrawal handed in at the counter";
  EXPECT_TRUE(offered_actions(appraisal(), d.snap, kSpecialist, cal(), at("2026-03-02 09:00")).empty())
      << "a specialist has nothing to do before reception";
  const auto citizen = keys(offered_actions(appraisal(), d.snap, kCitizen, cal(), at("2026-03-02 09:00")));
  EXPECT_NE(std::find(citizen.begin(), citizen.end(), "withdraw"), citizen.end());

  act(appraisal(), d, "request_supplement", kOfficer, "2026-03-02 10:00", with_items());
  act(appraisal(), d, "resubmit", kCitizen, "2026-03-04 08:00");
  const auto again = offered_actions(appraisal(), d.snap, kOfficer, cal(), at("2026-03-04 09:00"));
  const auto it = std::find_if(again.begin(), again.end(),
                               [](const ActionOffer& o) { return o.action->key == "request_supplement"; });
  ASSERT_NE(it, again.end());
  ASSERT_TRUE(it->blocked.has_value());
  EXPECT_EQ(it->blocked->failed, Precondition::supplement_not_used);
  // The offer is what decide() answers: the same refusal when tried.
  const auto tried = try_act(appraisal(), d, "request_supplement", kOfficer, "2026-03-04 09:00", with_items());
  EXPECT_EQ(refusal(tried).message_vi, it->blocked->message_vi);
}

// TT 01/2018 Mẫu 02 (table of items + lý do) and NĐ 61/2018 Điều 17.1.a: every missing item with its reason.
TEST(WorkflowLegalLimits, SupplementMustListEveryItemWithReasonMau02) {
  Dossier d = new_dossier();
  act(one_step(), d, "submit", kCitizen, "2026-03-02 08:00");
  auto none = try_act(one_step(), d, "request_supplement", kOfficer, "2026-03-02 10:00");
  EXPECT_EQ(refusal(none).failed, Precondition::missing_items_listed);
  ActionInput partial = with_items();
  partial.missing_items[1].reason = "  ";
  auto bad = try_act(one_step(), d, "request_supplement", kOfficer, "2026-03-02 10:00", partial);
  EXPECT_EQ(refusal(bad).failed, Precondition::missing_items_listed);
}

// NĐ 61/2018 Điều 19 (legal-rules §2.3 item 3, §3.4) [C]: a supplement during appraisal pauses the clock and
// the legal count restarts from the resubmission.
TEST(WorkflowLegalLimits, SupplementDuringAppraisalRestartsTheClockNd61Dieu19) {
  Dossier d = new_dossier(5);
  act(appraisal(), d, "submit", kOfficer, "2026-02-13 13:55");
  act(appraisal(), d, "accept", kOfficer, "2026-02-13 14:00");
  EXPECT_EQ(fmt(*d.clock.due_at), "2026-02-27 17:00");
  act(appraisal(), d, "transfer", kOfficer, "2026-02-13 14:30");
  act(appraisal(), d, "claim", kSpecialist, "2026-02-23 08:00");
  act(appraisal(), d, "request_supplement", kSpecialist, "2026-02-24 09:00", with_items());
  EXPECT_TRUE(d.clock.paused());
  EXPECT_TRUE(d.snap.flags.waiting_for_citizen);
  act(appraisal(), d, "resubmit", kCitizen, "2026-03-03 09:00");
  EXPECT_FALSE(d.snap.flags.waiting_for_citizen);
  EXPECT_EQ(d.clock.restarts, 1);
  EXPECT_EQ(fmt(*d.clock.due_at), "2026-03-10 17:00");         // 5 working days from Tue 03/03
  EXPECT_EQ(fmt(*d.clock.metric_due_at), "2026-02-27 17:00");  // QĐ 766 keeps the appointment
}

// NĐ 61/2018 Điều 17.1.b, TT 01/2018 Mẫu 03 (lý do từ chối): refusal needs a reason; so do stop (Điều 19,
// legal-rules §2.3 item 7) and withdrawal.
TEST(WorkflowLegalLimits, RefusalNeedsReasonNd61Dieu17_1bMau03) {
  Dossier d = new_dossier();
  act(one_step(), d, "submit", kCitizen, "2026-03-02 08:00");
  for (const char* reason : {"", "   "}) {
    const auto r = decide(one_step(), d.snap, "refuse", kOfficer, with_reason(reason), cal(), at("2026-03-02 09:00"));
    ASSERT_TRUE(is_refusal(r));
    EXPECT_EQ(refusal(r).failed, Precondition::reason_given);
    EXPECT_NE(refusal(r).citation.find("Mẫu 03"), std::string::npos);
    EXPECT_EQ(refusal(r).message_vi, "Phải nêu rõ lý do.");
  }
  act(one_step(), d, "accept", kOfficer, "2026-03-02 09:00");
  act(one_step(), d, "transfer", kOfficer, "2026-03-02 09:30");
  EXPECT_EQ(refusal(decide(one_step(), d.snap, "stop", kLeader, {}, cal(), at("2026-03-03 09:00"))).failed,
            Precondition::reason_given);
  act(one_step(), d, "stop", kLeader, "2026-03-03 09:00", with_reason("Không đủ điều kiện cấp phép"));
  EXPECT_EQ(d.status, DossierStatus::stopped);
}

// NĐ 61/2018 Điều 19 (legal-rules §2.3 item 8: "chậm nhất 01 ngày trước ngày hết hạn", hẹn lại không quá
// một lần) + TT 01/2018 Mẫu 04. Due Mon 02/03/2026 17:00 → the last moment is Fri 27/02 17:00.
TEST(WorkflowLegalLimits, ApologyOnceAndAtLeastOneWorkingDayBeforeDueNd61Dieu19Mau04) {
  Dossier d = new_dossier(5);
  act(one_step(), d, "submit", kOfficer, "2026-02-13 15:25");
  act(one_step(), d, "accept", kOfficer, "2026-02-13 15:30");  // after 15:00: counted from Mon 23/02
  EXPECT_EQ(fmt(*d.clock.due_at), "2026-03-02 17:00");
  act(one_step(), d, "transfer", kOfficer, "2026-02-23 08:00");

  ActionInput in = with_reason("Chờ kết quả đo đạc thực địa");
  in.new_due_at = at("2026-03-06 17:00");
  // Too late: on the due day itself.
  auto late = decide(one_step(), d.snap, "apologise", kLeader, in, cal(), at("2026-03-02 08:00"));
  EXPECT_EQ(refusal(late).failed, Precondition::at_least_one_working_day_before_due);
  EXPECT_NE(refusal(late).message_vi.find("2026-02-27 17:00"), std::string::npos) << refusal(late).message_vi;
  // Saturday 28/02 is not a working day either: still too late.
  EXPECT_TRUE(is_refusal(decide(one_step(), d.snap, "apologise", kLeader, in, cal(), at("2026-02-28 09:00"))));
  // Without a reason, or with a date not after the due: refused.
  ActionInput no_reason = in;
  no_reason.reason.clear();
  EXPECT_EQ(refusal(decide(one_step(), d.snap, "apologise", kLeader, no_reason, cal(), at("2026-02-27 16:00"))).failed,
            Precondition::reason_given);
  ActionInput same = in;
  same.new_due_at = at("2026-03-02 17:00");
  EXPECT_EQ(refusal(decide(one_step(), d.snap, "apologise", kLeader, same, cal(), at("2026-02-27 16:00"))).failed,
            Precondition::new_due_after_current);
  // Only the head of the agency signs Mẫu 04.
  EXPECT_EQ(refusal(decide(one_step(), d.snap, "apologise", kSpecialist, in, cal(), at("2026-02-27 16:00"))).code,
            "role_not_allowed");
  // In time: Fri 27/02 16:00.
  const auto ok = try_act(one_step(), d, "apologise", kLeader, "2026-02-27 16:00", in);
  ASSERT_FALSE(is_refusal(ok)) << describe(ok);
  const auto& t = std::get<Transition>(ok);
  EXPECT_FALSE(t.status_changed);
  EXPECT_EQ(t.notification, "reappointed");
  EXPECT_EQ(t.form, "mau-04");
  EXPECT_EQ(fmt(*d.clock.due_at), "2026-03-06 17:00");
  EXPECT_EQ(fmt(*d.clock.original_due_at), "2026-03-02 17:00");
  // A second apology, even in time, is refused.
  ActionInput again = in;
  again.new_due_at = at("2026-03-13 17:00");
  auto second = decide(one_step(), d.snap, "apologise", kLeader, again, cal(), at("2026-03-02 09:00"));
  EXPECT_EQ(refusal(second).failed, Precondition::apology_not_used);
}

// NĐ 61/2018 Điều 19 (legal-rules §2.3 item 8) across Tết 2026: due Mon 23/02 → the working day before is
// Fri 13/02 (16/02–20/02 Tết, weekends around), so an apology on Sun 22/02 is too late.
TEST(WorkflowLegalLimits, ApologyBeforeTetCountsWorkingDaysNd61Dieu19) {
  DossierSnapshot s;
  s.state = "processing";
  s.clock_started = true;
  s.due_at = at("2026-02-23 17:00");
  ActionInput in = with_reason("Chờ ý kiến cơ quan thuế");
  in.new_due_at = at("2026-02-27 17:00");
  EXPECT_FALSE(is_refusal(decide(one_step(), s, "apologise", kLeader, in, cal(), at("2026-02-13 17:00"))));
  EXPECT_TRUE(is_refusal(decide(one_step(), s, "apologise", kLeader, in, cal(), at("2026-02-13 17:01"))));
  EXPECT_TRUE(is_refusal(decide(one_step(), s, "apologise", kLeader, in, cal(), at("2026-02-22 10:00"))));
}

// NĐ 61/2018 Điều 19 (lấy ý kiến, liên thông: legal-rules §2.3 items 4–6) and lessons-from-peers I.1.5: the
// main case cannot close while a sub-case is open.
TEST(WorkflowLegalLimits, OpenSubCaseBlocksCompletionNd61Dieu19LienThong) {
  Dossier d = new_dossier(15);
  act(inter_agency(), d, "submit", kCitizen, "2026-03-02 08:00");
  act(inter_agency(), d, "accept", kOfficer, "2026-03-02 09:00");
  act(inter_agency(), d, "transfer", kOfficer, "2026-03-02 10:00");
  act(inter_agency(), d, "claim", kSpecialist, "2026-03-02 11:00");
  EXPECT_EQ(refusal(try_act(inter_agency(), d, "consult", kSpecialist, "2026-03-03 09:00")).failed,
            Precondition::consulted_agency_given);
  ActionInput tax;
  tax.consulted_agency = "Chi cục Thuế";
  act(inter_agency(), d, "consult", kSpecialist, "2026-03-03 09:00", tax);
  const auto propose = try_act(inter_agency(), d, "propose", kSpecialist, "2026-03-04 09:00");
  EXPECT_EQ(refusal(propose).failed, Precondition::no_open_consultations);
  EXPECT_NE(refusal(propose).citation.find("Điều 19"), std::string::npos);
  // Completion itself is guarded too (a dossier that reached "approved" with a sub-case still open).
  DossierSnapshot s = d.snap;
  s.state = "approved";
  ActionInput result;
  result.result_reference = "1/QĐ";
  const auto complete = decide(inter_agency(), s, "complete", kLeader, result, cal(), at("2026-03-05 09:00"));
  EXPECT_EQ(refusal(complete).failed, Precondition::no_open_consultations);
  act(inter_agency(), d, "answer_consultation", kSpecialist, "2026-03-05 09:00");
  EXPECT_EQ(refusal(try_act(inter_agency(), d, "answer_consultation", kSpecialist, "2026-03-05 10:00")).failed,
            Precondition::has_open_consultation);
  act(inter_agency(), d, "propose", kSpecialist, "2026-03-05 11:00");
}

// TrangThaiHoSo 6 (legal-rules §7.2), NĐ 61/2018 Điều 22: the clock pauses until the payment is recorded and
// completion needs the payment.
TEST(WorkflowLegalLimits, PaymentPausesClockAndBlocksCompletionStatus6) {
  Dossier d = new_dossier(5);
  act(one_step(), d, "submit", kOfficer, "2026-02-13 13:55");
  act(one_step(), d, "accept", kOfficer, "2026-02-13 14:00");
  act(one_step(), d, "transfer", kOfficer, "2026-02-13 14:30");
  act(one_step(), d, "request_payment", kSpecialist, "2026-02-26 10:00");
  EXPECT_EQ(d.status, DossierStatus::awaiting_payment);
  EXPECT_TRUE(d.clock.paused());
  EXPECT_FALSE(overdue(d.clock, at("2026-03-02 09:00"))) << "a paused clock is never overdue";
  DossierSnapshot s = d.snap;
  s.state = "processing";  // even if the state were processing, the flag blocks completion
  ActionInput result;
  result.result_reference = "9/GP";
  EXPECT_EQ(refusal(decide(one_step(), s, "complete", kSpecialist, result, cal(), at("2026-02-27 09:00"))).failed,
            Precondition::payment_recorded);
  act(one_step(), d, "record_payment", kOfficer, "2026-03-02 10:00");
  // Paused 26/02 10:00 → 02/03 10:00 = 300 + 450 + 150 = 900 working minutes = 2 working days.
  EXPECT_EQ(fmt(*d.clock.due_at), "2026-03-03 17:00");
  EXPECT_EQ(fmt(*d.clock.metric_due_at), "2026-03-03 17:00");
  act(one_step(), d, "complete", kSpecialist, "2026-03-03 16:00", result);
  EXPECT_EQ(classify_completion(d.clock, *d.clock.completed_at, cal()), Timeliness::on_time);
}

// ---- broken definitions, one per rule -----------------------------------------------------------------

const char* kMinimal = R"({
  "key": "t", "version": 1, "name_vi": "Thử", "initial_state": "a",
  "states": [
    {"key": "a", "status": 1, "name_vi": "A"},
    {"key": "b", "status": 10, "name_vi": "B", "terminal": true}
  ],
  "actions": [
    {"key": "submit", "name_vi": "Nộp", "from": [], "roles": ["citizen"], "clock": "none"},
    {"key": "finish", "name_vi": "Xong", "from": ["a"], "to": "b", "roles": ["one_stop_officer"], "clock": "none"}
  ]
})";

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  if (pos == std::string::npos) throw std::runtime_error("test fixture: no " + from);
  return s.replace(pos, from.size(), to);
}

std::vector<std::string> problems_of(const std::string& json) {
  try {
    parse_workflow("broken.json", json);
  } catch (const WorkflowDefinitionError& e) {
    return e.problems();
  }
  return {};
}

::testing::AssertionResult has_problem(const std::vector<std::string>& problems, const std::string& needle) {
  for (const auto& p : problems)
    if (p.find(needle) != std::string::npos) return ::testing::AssertionSuccess();
  std::string all;
  for (const auto& p : problems) all += "\n  " + p;
  return ::testing::AssertionFailure() << "no problem containing \"" << needle << "\" in:" << all;
}

TEST(WorkflowDefinitionCheck, MinimalDefinitionLoads) {
  const auto d = parse_workflow("ok.json", kMinimal);
  EXPECT_EQ(d.states.size(), 2u);
  EXPECT_EQ(d.find_action("finish", "a")->to, "b");
}

TEST(WorkflowDefinitionCheck, UnreachableStateRejected) {
  const auto p = problems_of(replace(kMinimal, R"({"key": "b", "status": 10, "name_vi": "B", "terminal": true})",
                                     R"({"key": "b", "status": 10, "name_vi": "B", "terminal": true},
                                        {"key": "orphan", "status": 8, "name_vi": "O", "terminal": true})"));
  EXPECT_TRUE(has_problem(p, "broken.json: $.states[2]: state \"orphan\" is unreachable from the initial state \"a\""));
}

TEST(WorkflowDefinitionCheck, ActionWithoutRoleRejected) {
  const auto p = problems_of(replace(kMinimal, R"("roles": ["one_stop_officer"])", R"("roles": [])"));
  EXPECT_TRUE(has_problem(p, "broken.json: $.actions[1].roles: action \"finish\" has no role"));
}

TEST(WorkflowDefinitionCheck, StatusOutside1To10Rejected) {
  for (const char* bad : {"11", "0", "-3"}) {
    const auto p = problems_of(replace(kMinimal, R"("status": 10)", std::string("\"status\": ") + bad));
    EXPECT_TRUE(has_problem(p, std::string("broken.json: $.states[1].status: status ") + bad +
                                   " is outside the national status codes 1–10"));
  }
  EXPECT_TRUE(has_problem(problems_of(replace(kMinimal, R"("status": 10)", R"("status": "10")")),
                          "$.states[1].status: must be an integer national status code 1–10"));
}

TEST(WorkflowDefinitionCheck, UnknownRoleRejected) {
  EXPECT_TRUE(has_problem(problems_of(replace(kMinimal, R"(["citizen"])", R"(["citizen", "mayor"])")),
                          "$.actions[0].roles[1]: unknown role \"mayor\""));
}

TEST(WorkflowDefinitionCheck, UnknownKeyRejected) {
  EXPECT_TRUE(has_problem(problems_of(replace(kMinimal, R"("clock": "none"})", R"("clock": "none", "colour": "red"})")),
                          "$.actions[0].colour: unknown key \"colour\""));
}

TEST(WorkflowDefinitionCheck, UnknownStateInActionRejected) {
  const auto p = problems_of(replace(kMinimal, R"("to": "b")", R"("to": "done")"));
  EXPECT_TRUE(has_problem(p, "$.actions[1].to: action \"finish\" names unknown state \"done\""));
  EXPECT_TRUE(has_problem(problems_of(replace(kMinimal, R"("from": ["a"])", R"("from": ["z"])")),
                          "$.actions[1].from[0]: action \"finish\" names unknown state \"z\""));
}

TEST(WorkflowDefinitionCheck, UnknownPreconditionRejected) {
  EXPECT_TRUE(has_problem(
      problems_of(replace(kMinimal, R"("to": "b",)", R"("to": "b", "preconditions": ["moon_is_full"],)")),
      "$.actions[1].preconditions[0]: unknown precondition \"moon_is_full\""));
}

TEST(WorkflowDefinitionCheck, UnknownClockEffectRejected) {
  EXPECT_TRUE(has_problem(problems_of(replace(kMinimal, R"("to": "b", "roles": ["one_stop_officer"], "clock": "none")",
                                              R"("to": "b", "roles": ["one_stop_officer"], "clock": "freeze")")),
                          "$.actions[1].clock: unknown clock effect \"freeze\""));
}

TEST(WorkflowDefinitionCheck, PauseWithoutReasonRejected) {
  EXPECT_TRUE(has_problem(problems_of(replace(kMinimal, R"("to": "b", "roles": ["one_stop_officer"], "clock": "none")",
                                              R"("to": "b", "roles": ["one_stop_officer"], "clock": "pause")")),
                          "$.actions[1].clock: a pause needs \"pause_reason\""));
}

TEST(WorkflowDefinitionCheck, DeadEndAndMissingTerminalRejected) {
  const auto p = problems_of(replace(kMinimal, R"("terminal": true)", R"("terminal": false)"));
  EXPECT_TRUE(has_problem(p, "state \"b\" is not terminal but no action leaves it"));
  EXPECT_TRUE(has_problem(p, "$.states: no terminal state"));
}

TEST(WorkflowDefinitionCheck, AllProblemsListedAndNothingLoaded) {
  std::string j = replace(kMinimal, R"("roles": ["one_stop_officer"])", R"("roles": [])");
  j = replace(j, R"("status": 10)", R"("status": 12)");
  j = replace(j, R"("name_vi": "Thử",)", R"("name_vi": "Thử", "owner": "x",)");
  const auto p = problems_of(j);
  EXPECT_EQ(p.size(), 3u);
  EXPECT_TRUE(has_problem(p, "$.owner: unknown key"));
  try {
    parse_workflow("broken.json", j);
    FAIL();
  } catch (const WorkflowDefinitionError& e) {
    EXPECT_NE(std::string(e.what()).find("(and 2 more)"), std::string::npos) << e.what();
  }
  EXPECT_TRUE(has_problem(problems_of("{not json"), "broken.json: not valid JSON"));
}

}  // namespace
}  // namespace motcua::domain
