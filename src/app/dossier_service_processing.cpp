// Processing phase (xử lý): transfer, assignment, appraisal and approval, consultation sub-cases,
// financial obligation, stop, completion with the result, apology with a new date, return.
#include <boost/json.hpp>

#include "app/dossier_service.h"
#include "app/dossier_service_internal.h"

namespace motcua::app {

namespace json = boost::json;
using http::ApiError;
using storage::Connection;
using storage::DossierRecord;
using namespace dossier_detail;

namespace {

// The user holds an official grant on the agency or one of its ancestors (so can handle its dossiers).
bool official_covers(Connection& c, std::int64_t user_id, const std::string& agency_path) {
  return !c.exec("SELECT 1 FROM role_grants g JOIN agencies ag ON ag.id = g.agency_id JOIN users u ON u.id = g.user_id "
                 "WHERE g.user_id = $1 AND u.active = 1 AND g.role <> 'citizen' AND $2 LIKE ag.path || '%'",
                 {user_id, agency_path})
              .empty();
}

}  // namespace

DossierRecord DossierService::transfer(const DossierActor& a, std::int64_t id, std::int64_t to_agency_id,
                                       const std::string& note) {
  domain::ActionInput in;
  in.note = note;
  return perform(a, id, "transfer", in, [&](Connection& tx, ActionContext& ctx) {
    // The same agency is allowed: at a commune the one-stop section hands over to its own specialists.
    if (tx.exec("SELECT 1 FROM agencies WHERE id = $1 AND active = 1", {to_agency_id}).empty())
      throw field_error("to_agency_id", "Cơ quan nhận không tồn tại", "Unknown agency");
  }, [&](Connection&, ActionContext& ctx) {
    ctx.note_json = json::serialize(json::object{{"from_agency_id", ctx.dossier.current_agency_id}, {"to_agency_id", to_agency_id}});
    if (to_agency_id != ctx.dossier.current_agency_id) ctx.dossier.assignee_user_id.reset();  // they assign their own
    ctx.dossier.current_agency_id = to_agency_id;
  });
}

DossierRecord DossierService::assign(const DossierActor& a, std::int64_t id, std::int64_t assignee_user_id) {
  domain::ActionInput in;
  in.assignee = std::to_string(assignee_user_id);
  return perform(a, id, "assign", in, [&](Connection& tx, ActionContext& ctx) {
    if (!official_covers(tx, assignee_user_id, agency_path_of(tx, ctx.dossier.current_agency_id)))
      throw field_error("assignee_user_id", "Cán bộ không thuộc cơ quan đang xử lý hồ sơ",
                        "The officer has no role at the dossier's agency");
  }, [&](Connection&, ActionContext& ctx) {
    ctx.note_json = json::serialize(json::object{{"assignee_user_id", assignee_user_id}});
    ctx.dossier.assignee_user_id = assignee_user_id;
  });
}

namespace {

// The active specialists whose grant covers the agency (at it or above, as the assign check reads scope),
// least open work first: the round-robin order (nhận việc luân phiên).
std::vector<DossierService::Assignee> specialists_at(Connection& c, std::int64_t agency_id) {
  std::vector<DossierService::Assignee> out;
  const std::string path = agency_path_of(c, agency_id);
  for (const auto& r : c.exec("SELECT g.user_id, MIN(u.full_name), (SELECT COUNT(*) FROM dossiers x WHERE "
                              "x.assignee_user_id = g.user_id AND x.status IN (2, 4, 5, 6)) AS open_load "
                              "FROM role_grants g JOIN users u ON u.id = g.user_id JOIN agencies ga ON ga.id = g.agency_id "
                              "WHERE g.role = 'specialist' AND u.active = 1 AND substr($1, 1, length(ga.path)) = ga.path "
                              "GROUP BY g.user_id ORDER BY open_load, g.user_id",
                              {path})
                           .rows)
    out.push_back({r.i64(0), r.str(1), r.i64(2)});
  return out;
}

}  // namespace

std::vector<DossierService::Assignee> DossierService::assignees(const DossierActor& a, std::int64_t id) {
  const DossierRecord d = visible(a, id);  // 404 for those who may not see it
  return deps_.db.read([&](Connection& c) {
    if (!covers(a, domain::Role::leader, agency_path_of(c, d.current_agency_id))) throw ApiError::forbidden();
    return specialists_at(c, d.current_agency_id);
  });
}

DossierRecord DossierService::assign_round_robin(const DossierActor& a, std::int64_t id) {
  // Read first (outside the action's transaction): a stale pick only means a slightly uneven load.
  const auto pick = deps_.db.read([&](Connection& c) -> std::optional<std::int64_t> {
    auto d = storage::load_dossier(c, id);
    if (!d) throw not_found();
    const auto all = specialists_at(c, d->current_agency_id);
    if (all.empty()) return std::nullopt;
    return all.front().user_id;
  });
  if (!pick)
    throw ApiError::conflict("no_specialist", "Cơ quan chưa có chuyên viên để phân công",
                             "The agency has no specialist to assign");
  return assign(a, id, *pick);
}

DossierRecord DossierService::claim(const DossierActor& a, std::int64_t id) {
  domain::ActionInput in;
  in.assignee = std::to_string(a.user_id);
  return perform(a, id, "claim", in, [&](Connection&, ActionContext& ctx) {
    if (ctx.dossier.assignee_user_id && *ctx.dossier.assignee_user_id != a.user_id)
      throw ApiError::conflict("already_claimed", "Hồ sơ đã có cán bộ nhận xử lý", "Someone already holds this dossier");
  }, [&](Connection&, ActionContext& ctx) {
    // The optimistic version check in update_dossier makes two simultaneous claims end with one winner.
    ctx.dossier.assignee_user_id = a.user_id;
  });
}

DossierRecord DossierService::propose(const DossierActor& a, std::int64_t id, const std::string& note) {
  domain::ActionInput in;
  in.note = note;
  return perform(a, id, "propose", in);
}

DossierRecord DossierService::approve(const DossierActor& a, std::int64_t id, const std::string& note) {
  domain::ActionInput in;
  in.note = note;
  return perform(a, id, "approve", in);
}

DossierRecord DossierService::send_back(const DossierActor& a, std::int64_t id, const std::string& reason) {
  require_reason(reason);
  domain::ActionInput in;
  in.reason = reason;
  return perform(a, id, "send_back", in);
}

std::int64_t DossierService::consult(const DossierActor& a, std::int64_t id, std::int64_t to_agency_id,
                                     const std::string& question, std::int64_t due_at_ms) {
  if (question.find_first_not_of(" \t\r\n") == std::string::npos)
    throw field_error("question", "Cần nêu nội dung xin ý kiến", "The question is required");
  if (due_at_ms <= deps_.now_ms())
    throw field_error("due_at_ms", "Thời hạn trả lời phải ở tương lai", "The answer deadline must be in the future");
  domain::ActionInput in;
  in.consulted_agency = std::to_string(to_agency_id);
  in.note = question;
  std::int64_t consultation_id = 0;
  perform(a, id, "consult", in, [&](Connection& tx, ActionContext& ctx) {
    if (to_agency_id == ctx.dossier.current_agency_id ||
        tx.exec("SELECT 1 FROM agencies WHERE id = $1 AND active = 1", {to_agency_id}).empty())
      throw field_error("to_agency_id", "Cơ quan được xin ý kiến không hợp lệ", "Invalid consulted agency");
  }, [&](Connection& tx, ActionContext& ctx) {
    storage::Consultation c;
    c.dossier_id = ctx.dossier.id;
    c.from_agency_id = ctx.dossier.current_agency_id;
    c.to_agency_id = to_agency_id;
    c.question = question;
    c.due_at_ms = due_at_ms;
    c.asked_by = a.user_id;
    c.created_ms = ctx.now;
    consultation_id = storage::insert_consultation(tx, c);
    ctx.note_json = json::serialize(json::object{
        {"consultation_id", consultation_id}, {"to_agency_id", to_agency_id}, {"due_at_ms", due_at_ms}});
  });
  return consultation_id;
}

DossierRecord DossierService::answer_consultation(const DossierActor& a, std::int64_t consultation_id,
                                                  const std::string& answer) {
  if (answer.find_first_not_of(" \t\r\n") == std::string::npos)
    throw field_error("answer", "Cần nội dung trả lời", "The answer is required");
  const auto c = deps_.db.read([&](Connection& conn) { return storage::load_consultation(conn, consultation_id); });
  if (!c) throw ApiError::not_found("Không tìm thấy yêu cầu xin ý kiến", "Consultation not found");
  domain::ActionInput in;
  in.consulted_agency = std::to_string(c->to_agency_id);
  in.note = answer;
  return perform(a, c->dossier_id, "answer_consultation", in, {}, [&](Connection& tx, ActionContext& ctx) {
    if (!storage::answer_consultation(tx, consultation_id, answer, a.user_id, ctx.now))
      throw ApiError::conflict("consultation_closed", "Yêu cầu xin ý kiến đã được trả lời", "Already answered");
    // Other sub-cases may still be open: the flag follows the real count, not the engine's guess.
    ctx.dossier.flags.open_consultations = storage::count_open_consultations(tx, ctx.dossier.id) > 0;
    ctx.note_json = json::serialize(json::object{{"consultation_id", consultation_id}});
  });
}

DossierRecord DossierService::request_payment(const DossierActor& a, std::int64_t id, std::int64_t amount_vnd,
                                              const std::string& description) {
  if (amount_vnd <= 0) throw field_error("amount_vnd", "Số tiền phải lớn hơn 0", "The amount must be positive");
  domain::ActionInput in;
  in.reason = description.empty() ? "Nộp phí, lệ phí: " + std::to_string(amount_vnd) + " đồng" : description;
  return perform(a, id, "request_payment", in, {}, [&](Connection&, ActionContext& ctx) {
    ctx.note_json = json::serialize(json::object{{"amount_vnd", amount_vnd}});
  });
}

DossierRecord DossierService::record_payment(const DossierActor& a, std::int64_t id, std::int64_t amount_vnd) {
  if (amount_vnd <= 0) throw field_error("amount_vnd", "Số tiền phải lớn hơn 0", "The amount must be positive");
  domain::ActionInput in;
  return perform(a, id, "record_payment", in, {}, [&](Connection& tx, ActionContext& ctx) {
    const auto pid = storage::insert_payment(tx, ctx.dossier.id, amount_vnd, "counter", a.user_id, ctx.now);
    ctx.dossier.flags.payment_pending = false;
    ctx.note_json = json::serialize(json::object{{"payment_id", pid}, {"amount_vnd", amount_vnd}, {"method", "counter"}});
  });
}

DossierRecord DossierService::stop(const DossierActor& a, std::int64_t id, const std::string& reason) {
  require_reason(reason);
  domain::ActionInput in;
  in.reason = reason;
  return perform(a, id, "stop", in);
}

DossierRecord DossierService::complete(const DossierActor& a, std::int64_t id, const ResultInput& result) {
  if (result.title.find_first_not_of(" \t") == std::string::npos)
    throw field_error("result.title", "Cần tên/số hiệu giấy tờ kết quả", "The result title is required");
  if (result.sha256 && result.sha256->size() != 64)
    throw field_error("result.sha256", "Mã băm SHA-256 không hợp lệ", "Invalid SHA-256");
  domain::ActionInput in;
  in.result_reference = result.title;
  return perform(a, id, "complete", in, {}, [&](Connection& tx, ActionContext& ctx) {
    const auto rid = storage::insert_result(tx, ctx.dossier.id, result.title, result.sha256, a.user_id, ctx.now);
    json::object note{{"result_id", rid}, {"title", result.title}};
    // The issuing agency is where the dossier is when it is completed.
    if (deps_.sign_result) {
      storage::AuditEntry who;
      who.actor_id = a.user_id;
      who.actor_role = ctx.actor_role;
      who.agency_id = ctx.dossier.current_agency_id;
      who.request_id = a.request_id;
      note["verify_code"] = deps_.sign_result(tx, rid, ctx.dossier.current_agency_id, who);
    }
    ctx.note_json = json::serialize(note);
  });
}

DossierRecord DossierService::apologise(const DossierActor& a, std::int64_t id, std::int64_t new_due_at_ms,
                                        const std::string& reason) {
  require_reason(reason);
  domain::ActionInput in;
  in.reason = reason;
  in.new_due_at = new_due_at_ms;
  return perform(a, id, "apologise", in, {}, [&](Connection&, ActionContext& ctx) {
    ctx.dossier.flags.apology_issued = true;
    ctx.note_json = json::serialize(json::object{{"form", "mau-04"}, {"new_due_at_ms", new_due_at_ms}});
  });
}

DossierRecord DossierService::return_result(const DossierActor& a, std::int64_t id, const std::string& note) {
  domain::ActionInput in;
  in.note = note;
  return perform(a, id, "return_result", in);
}

}  // namespace motcua::app
