// Quy trình xử lý hồ sơ (workflow) as validated data, per procedure and agency (lessons-from-peers:
// DIGIT BusinessService). A definition lists states (each mapped to a national status 1–10), actions
// (who may do what from where, under which named preconditions, with which clock effect) and step
// deadlines. The engine, decide(), is pure: it reads a snapshot of the dossier and answers with a refusal
// or the transition to store. Storage applies the transition (state, status, flags, clock, history row).
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "domain/calendar.h"
#include "domain/dossier.h"
#include "domain/dossier_clock.h"
#include "domain/roles.h"

namespace motcua::domain {

// ---- definitions --------------------------------------------------------------------------------------

// The closed set of preconditions, each implemented once in workflow.cpp (precondition_holds).
enum class Precondition {
  supplement_not_used,                  // NĐ 61/2018 Điều 15.3, 17.2: bổ sung một lần
  missing_items_listed,                 // TT 01/2018 Mẫu 02: every item with its reason
  apology_not_used,                     // NĐ 61/2018 Điều 19: hẹn lại không quá một lần
  at_least_one_working_day_before_due,  // NĐ 61/2018 Điều 19: chậm nhất 01 ngày trước ngày hết hạn
  new_due_after_current,                // the apology's new date is later than the current due
  no_open_consultations,                // an open sub-case (xin ý kiến, liên thông) blocks completion
  has_open_consultation,                // an answer needs an open consultation
  consulted_agency_given,               // whom the consultation goes to
  reason_given,                         // refusal, send-back, stop, withdrawal, apology: lý do
  payment_recorded,                     // nghĩa vụ tài chính done (no payment pending)
  within_scope,                         // the dossier belongs to the agency's competence (thẩm quyền)
  assignee_given,                       // assign names the handling officer
  result_given,                         // completion names the result document (kết quả)
  clock_started,                        // the processing clock runs (the dossier was received)
};
std::string_view precondition_code(Precondition p);
std::optional<Precondition> parse_precondition(std::string_view code);

// Flags a definition may set or clear (DossierFlags; open_consultations follows the sub-case count).
enum class DossierFlag { payment_pending, waiting_for_citizen, open_consultations, apology_issued, supplement_used };
std::string_view flag_code(DossierFlag f);
std::optional<DossierFlag> parse_flag(std::string_view code);
bool flag_value(const DossierFlags& flags, DossierFlag f);
void set_flag(DossierFlags& flags, DossierFlag f, bool value);

enum class SubCaseEffect { none, open, close };  // hồ sơ con: xin ý kiến / liên thông

struct WorkflowState {
  std::string key;
  DossierStatus status = DossierStatus::submitted;
  std::string name_vi;
  bool terminal = false;
  std::optional<StepDeadline> deadline;  // this step's own deadline, if any
};

struct WorkflowAction {
  std::string key;
  std::string name_vi;
  std::vector<std::string> from;  // empty: creates the dossier (submit) in the definition's initial state
  std::optional<std::string> to;  // nullopt: stays in the current state (consult, apologise, claim)
  std::vector<Role> roles;        // at least one
  std::vector<Precondition> preconditions;
  ClockEffect clock = ClockEffect::none;
  std::optional<PauseReason> pause_reason;  // required with ClockEffect::pause
  bool reason_required = false;             // implies Precondition::reason_given
  std::vector<DossierFlag> set_flags;
  std::vector<DossierFlag> clear_flags;
  SubCaseEffect sub_case = SubCaseEffect::none;
  // Notice to the applicant (notification_templates.h NoticeEvent): "status_changed", "reappointed", or
  // empty for internal steps (assign, claim, consult).
  std::string notification;
  std::string form;          // the form issued, e.g. "mau-02" (empty: none)
  std::string citation;      // legal basis of the action's rules
};

struct WorkflowDefinition {
  std::string origin;  // file name, for messages
  std::string key;     // "one-step"
  int version = 1;
  std::string name_vi;
  std::string description;
  std::string initial_state;
  std::vector<WorkflowState> states;
  std::vector<WorkflowAction> actions;

  const WorkflowState* find_state(std::string_view key) const;
  // Several entries may share a key when their from-states are disjoint (request_supplement at reception
  // and during processing): the one whose from-states hold `state` (empty: the creation action).
  const WorkflowAction* find_action(std::string_view key, std::string_view state) const;
  bool has_action(std::string_view key) const;
  // Actions available from a state (creation actions when state is empty), in definition order.
  std::vector<const WorkflowAction*> actions_from(std::string_view state) const;
};

// Every problem in a definition, each "<file>: <json path>: <message>"; nothing is loaded when there is one.
class WorkflowDefinitionError : public std::runtime_error {
 public:
  explicit WorkflowDefinitionError(std::vector<std::string> problems);
  const std::vector<std::string>& problems() const { return problems_; }

 private:
  std::vector<std::string> problems_;
};

// Parses and validates: unknown or missing keys, unknown roles, actions without roles, statuses outside
// 1–10, duplicate keys, actions naming unknown states, unknown preconditions / clock effects / flags /
// pause reasons, pause without a reason, states unreachable from the initial state, no creation action,
// no terminal state, step deadlines out of range.
WorkflowDefinition parse_workflow(std::string_view file_name, std::string_view json_text);

// ---- the engine ---------------------------------------------------------------------------------------

struct Actor {
  std::string user_id;
  std::vector<Role> roles;  // roles the actor holds for this dossier's agency (the caller resolves scope)
};

struct MissingItem {  // one line of Mẫu 02
  std::string name;   // thành phần hồ sơ
  std::string reason;
};

struct ActionInput {
  std::string reason;                    // lý do
  std::vector<MissingItem> missing_items;
  std::optional<std::int64_t> new_due_at;  // apology: thời gian hẹn trả kết quả lại
  std::string assignee;
  std::string consulted_agency;
  std::string result_reference;  // số, ký hiệu of the result document
  std::string note;
};

// What the preconditions need to know about the dossier.
struct DossierSnapshot {
  std::string state;  // empty before submission
  DossierFlags flags;
  std::optional<std::int64_t> due_at;  // legal due (DossierClock::due_at)
  int supplement_requests = 0;         // should agree with flags.supplement_used
  int apologies = 0;                   // should agree with flags.apology_issued
  int open_consultations = 0;
  bool within_scope = true;            // set by the caller from the agency's procedure catalogue
  bool clock_started = false;
};

struct Refusal {
  // "unknown_action" | "not_allowed_in_state" | "role_not_allowed" | "precondition_failed" | "invalid_definition"
  std::string code;
  std::string message_vi;
  std::string message_en;
  std::optional<Precondition> failed;  // with precondition_failed
  std::string citation;
};

struct Transition {
  std::string action;
  std::string from_state;  // empty on creation
  std::string to_state;
  DossierStatus status = DossierStatus::submitted;
  bool status_changed = false;
  ClockEffect clock = ClockEffect::none;
  std::optional<PauseReason> pause_reason;
  std::optional<std::int64_t> new_due_at;  // with ClockEffect::extend
  DossierFlags flags;                      // after the action
  std::vector<DossierFlag> flags_set;
  std::vector<DossierFlag> flags_cleared;
  int open_consultations = 0;  // after the action
  int supplement_requests = 0; // after the action
  int apologies = 0;           // after the action
  std::optional<StepDeadline> step_deadline;  // of the new state, for enter_step
  std::string notification;
  std::string form;
  std::string history_vi;  // the history entry text (Vietnamese, for the Phiếu kiểm soát / TienTrinh)
  std::string history_en;
  std::string reason;
  std::string citation;
};

using Decision = std::variant<Refusal, Transition>;
inline bool is_refusal(const Decision& d) { return std::holds_alternative<Refusal>(d); }

Decision decide(const WorkflowDefinition& def, const DossierSnapshot& dossier, std::string_view action,
                const Actor& actor, const ActionInput& input, const WorkingCalendar& cal, std::int64_t now,
                const ClockPolicy& policy = {});

// What the actor may do next (the officer console's buttons): the actions from the dossier's state whose
// roles the actor holds, each with the first state precondition that fails (e.g. the supplement already
// used), checked as decide() checks it. Preconditions on the action's input are left to decide().
struct ActionOffer {
  const WorkflowAction* action = nullptr;  // points into the definition
  std::optional<Refusal> blocked;
};
std::vector<ActionOffer> offered_actions(const WorkflowDefinition& def, const DossierSnapshot& dossier,
                                         const Actor& actor, const WorkingCalendar& cal, std::int64_t now,
                                         const ClockPolicy& policy = {});

}  // namespace motcua::domain
