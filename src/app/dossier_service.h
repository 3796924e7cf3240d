// Dịch vụ hồ sơ: the application service of the dossier lifecycle, one function per business action.
// Each action is ONE write transaction: load + authorise (the owner for citizen actions; for officials a
// role grant on the dossier's current agency or an ancestor) + workflow decide() + clock update + (on
// reception) pinning, code allocation and the receipt + the row update under the optimistic lock + one
// dossier_history row + one audit_log row + the applicant's notice in the outbox. Nothing is half done.
//
// Errors are http::ApiError: 404 unknown dossier, 403 no role for it, 422 invalid input (field errors),
// 409 a rule refusal (code = the failed precondition, e.g. "supplement_not_used", or the engine's code
// "not_allowed_in_state"), 409 "conflict" when another request changed the dossier first.
//
// Action keys this layer asks the workflow definition for (each must exist in the dossier's workflow):
//   submit, accept, request_supplement, resubmit, refuse, withdraw, transfer, assign, claim, propose,
//   approve, send_back, consult, answer_consultation, request_payment, record_payment, stop, complete,
//   apologise, return_result.
// Split by phase: dossier_service.cpp (core, drafts, reception), dossier_service_processing.cpp,
// dossier_service_tracking.cpp (queues, lookups).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/calendar.h"
#include "domain/dossier_clock.h"
#include "domain/eform_schema.h"
#include "domain/roles.h"
#include "domain/rule_set.h"
#include "domain/workflow.h"
#include "storage/audit_repo.h"
#include "storage/db.h"
#include "storage/dossier_repo.h"

namespace motcua::app {

// Who acts, as the session resolved it (api::Principal maps onto this one to one).
struct ActorGrant {
  domain::Role role = domain::Role::citizen;
  std::optional<std::int64_t> agency_id;
  std::string agency_path;  // "/1/7/"; empty for citizen
};
struct DossierActor {
  std::int64_t user_id = 0;
  std::string full_name;  // NguoiXuLy
  std::vector<ActorGrant> grants;
  std::string request_id;
};

struct DossierServiceDeps {
  storage::Db& db;
  // The workflow definition of a key (nullptr when unknown).
  std::function<const domain::WorkflowDefinition*(std::string_view key)> workflow;
  // Keys whose states the queues look at (usually every loaded definition).
  std::vector<std::string> workflow_keys;
  std::string default_workflow_key;
  // The working calendar of an agency (its office hours on the national calendar).
  // Takes the caller's connection: it runs inside the action's transaction, and a nested read would need
  // a second pooled connection (a deadlock when every one is busy).
  std::function<const domain::WorkingCalendar&(storage::Connection&, std::int64_t agency_id)> calendar;
  std::vector<domain::RuleSet> rule_sets;
  domain::ClockPolicy policy;
  std::string tracking_base_url;  // the QR token is appended: "<base><token>"
  std::function<std::int64_t()> now_ms;
  // Tests only: called inside the transaction at named points ("after_code_allocation") to force failures.
  std::function<void(std::string_view point)> fault_point;
  // The e-form schema a dossier's eform_data is checked against: the agency service's eform_key when it names
  // one, else the procedure code. nullptr = no schema for this procedure (not checked); empty = never checked.
  // Drafts are checked in draft mode (all but `required`), submissions in submit mode; problems are a 422
  // with fields "eform_data.<path>". May throw (e.g. ApiError 500 when a named eform_key has no schema).
  std::function<const domain::EformSchema*(std::string_view procedure_code, std::optional<std::string> eform_key)>
      eform;
  // Kết quả điện tử có ký số (NĐ 45/2020 Điều 14): signs the result the complete action just inserted, in
  // its transaction, for the issuing agency, and returns the result's verification code (app/agency_keys.h).
  // `who` carries the audit actor fields. Empty: results are recorded unsigned, without a code.
  std::function<std::string(storage::Connection&, std::int64_t result_id, std::int64_t agency_id,
                            const storage::AuditEntry& who)>
      sign_result;
};

struct DraftInput {
  std::string procedure_code;
  std::int64_t agency_id = 0;  // the receiving agency chosen by the applicant
  std::string applicant_kind = "citizen";  // citizen | organisation
  std::string applicant_name;
  std::optional<std::string> applicant_id_number;
  std::optional<std::string> applicant_phone;
  std::optional<std::string> applicant_email;
  std::optional<std::string> applicant_address;
  std::string delivery = "online";  // online | post | counter (hình thức nhận kết quả)
  std::string eform_data = "{}";
};

struct AttachmentInput {
  std::string component_key;
  std::string filename;
  std::string content_type;
  std::string sha256;  // of the blob already stored (storage/blob_store.h)
  std::int64_t size = 0;
  bool digitised = false;  // a paper component scanned at the counter (số hóa)
  std::optional<std::int64_t> page_count;  // counted from the file (docs/scanned_copy.h)
};

struct SubmitInput {
  std::string channel = "online";  // online | counter | postal | third_party
  std::optional<std::string> on_behalf_authorisation;  // required for third_party
  std::optional<std::int64_t> owner_user_id;  // counter/postal: the applicant's account, if any
  std::vector<AttachmentInput> attachments;
};

class DossierService {
 public:
  explicit DossierService(DossierServiceDeps deps) : deps_(std::move(deps)) {}

  // --- drafts and submission (nộp hồ sơ) ---
  // Creates (id empty) or replaces the owner's draft; returns its id.
  std::int64_t save_draft(const DossierActor& a, std::optional<std::int64_t> id, const DraftInput& in);
  // The owner submits the draft: online, or third_party with the authorisation text.
  storage::DossierRecord submit(const DossierActor& a, std::int64_t id, const SubmitInput& in);
  // A one-stop officer (counter) or postal staff (postal) enters and submits a dossier on the citizen's behalf.
  storage::DossierRecord submit_on_behalf(const DossierActor& a, const DraftInput& draft, const SubmitInput& in);
  std::int64_t add_attachment(const DossierActor& a, std::int64_t id, const AttachmentInput& in);
  std::vector<std::int64_t> add_attachments(const DossierActor& a, std::int64_t id,
                                            const std::vector<AttachmentInput>& files);

  // --- reception (tiếp nhận) ---
  storage::DossierRecord accept(const DossierActor& a, std::int64_t id, const std::string& note = "");
  storage::DossierRecord request_supplement(const DossierActor& a, std::int64_t id,
                                            const std::vector<storage::SupplementItem>& items);
  storage::DossierRecord resubmit(const DossierActor& a, std::int64_t id, const std::vector<AttachmentInput>& added);
  storage::DossierRecord refuse(const DossierActor& a, std::int64_t id, const std::string& reason);
  storage::DossierRecord withdraw(const DossierActor& a, std::int64_t id, const std::string& reason);

  // --- processing (xử lý) ---
  storage::DossierRecord transfer(const DossierActor& a, std::int64_t id, std::int64_t to_agency_id,
                                  const std::string& note = "");
  storage::DossierRecord assign(const DossierActor& a, std::int64_t id, std::int64_t assignee_user_id);
  // Picks the specialist of the current agency with the fewest open assigned dossiers (then lowest id).
  storage::DossierRecord assign_round_robin(const DossierActor& a, std::int64_t id);
  storage::DossierRecord claim(const DossierActor& a, std::int64_t id);
  storage::DossierRecord propose(const DossierActor& a, std::int64_t id, const std::string& note);
  storage::DossierRecord approve(const DossierActor& a, std::int64_t id, const std::string& note = "");
  storage::DossierRecord send_back(const DossierActor& a, std::int64_t id, const std::string& reason);
  // Opens a sub-case (xin ý kiến) to another agency with its own deadline; returns the consultation id.
  std::int64_t consult(const DossierActor& a, std::int64_t id, std::int64_t to_agency_id, const std::string& question,
                       std::int64_t due_at_ms);
  // An official of the consulted agency answers.
  storage::DossierRecord answer_consultation(const DossierActor& a, std::int64_t consultation_id,
                                             const std::string& answer);
  storage::DossierRecord request_payment(const DossierActor& a, std::int64_t id, std::int64_t amount_vnd,
                                         const std::string& description);
  // Counter payment (thu tại quầy) is enough to resume the clock.
  storage::DossierRecord record_payment(const DossierActor& a, std::int64_t id, std::int64_t amount_vnd);
  storage::DossierRecord stop(const DossierActor& a, std::int64_t id, const std::string& reason);
  struct ResultInput {
    std::string title;  // số, ký hiệu / tên giấy tờ kết quả
    std::optional<std::string> sha256;
  };
  storage::DossierRecord complete(const DossierActor& a, std::int64_t id, const ResultInput& result);
  storage::DossierRecord apologise(const DossierActor& a, std::int64_t id, std::int64_t new_due_at_ms,
                                   const std::string& reason);
  storage::DossierRecord return_result(const DossierActor& a, std::int64_t id, const std::string& note = "");

  // --- queues (hàng đợi công việc) and tracking (tra cứu) ---
  enum class Queue { to_receive, to_assign, to_appraise, to_approve, to_return, mine, due_soon, overdue };
  storage::DossierPage queue(const DossierActor& a, Queue q, std::int64_t page = 1, std::int64_t per_page = 50);
  std::vector<storage::Consultation> consultations_received(const DossierActor& a, bool open_only = true);

  struct PublicTracking {  // what anyone holding the code or the QR link sees
    std::string code;
    std::string procedure_code;
    std::string procedure_name;
    std::string applicant_name;  // masked (domain/masking.h)
    std::optional<std::int64_t> submitted_at_ms, received_at_ms, due_at_ms, result_at_ms, returned_at_ms;
    int status = 0;
    std::string status_name;
  };
  std::optional<PublicTracking> track_by_code(const std::string& code);
  std::optional<PublicTracking> track_by_token(const std::string& token);

  struct FullView {  // the owner and officials in scope
    storage::DossierRecord dossier;
    std::string procedure_name;
    std::vector<storage::HistoryEntry> history;
    std::vector<storage::Attachment> attachments;
    std::vector<storage::Consultation> consultations;
    // With with_actions: what the caller may do next, by the dossier's workflow (domain::offered_actions):
    // the console's buttons, each disabled with the rule's message when a state precondition fails.
    std::vector<domain::ActionOffer> actions;
    std::string state_name_vi;  // the workflow step's name, e.g. "Đang thẩm định"
  };
  FullView get(const DossierActor& a, std::int64_t id, bool with_actions = false);
  // The dossier if the actor may see it (owner, officials of its agencies, consulted agencies); 404 otherwise.
  storage::DossierRecord visible(const DossierActor& a, std::int64_t id);
  // Whom a leader may assign the dossier to: the active specialists of its current agency, least open work
  // first (the round-robin order). Leaders covering that agency only.
  struct Assignee {
    std::int64_t user_id = 0;
    std::string full_name;
    std::int64_t open_load = 0;
  };
  std::vector<Assignee> assignees(const DossierActor& a, std::int64_t id);
  // By CCCD or name: officials within their grants' scope; a citizen only among their own dossiers.
  storage::DossierPage search(const DossierActor& a, const std::optional<std::string>& id_number,
                              const std::optional<std::string>& name, std::int64_t page = 1, std::int64_t per_page = 50);
  storage::DossierPage my_dossiers(const DossierActor& a, std::int64_t page = 1, std::int64_t per_page = 50);

  // The core every action goes through (public for the HTTP layer's generic "perform action" route).
  struct ActionContext;
  using Effect = std::function<void(storage::Connection&, ActionContext&)>;
  storage::DossierRecord perform(const DossierActor& a, std::int64_t id, std::string_view action,
                                 const domain::ActionInput& input, const Effect& before = {}, const Effect& after = {});

 private:
  DossierServiceDeps deps_;
};

// What an Effect may read and change inside the action's transaction.
struct DossierService::ActionContext {
  storage::DossierRecord& dossier;  // being updated; an Effect may set fields
  const domain::Transition* transition = nullptr;  // null in `before`
  const DossierActor& actor;
  std::string actor_role;
  std::int64_t now = 0;
  std::string note_json = "{}";  // merged into the history row's note
};

}  // namespace motcua::app
