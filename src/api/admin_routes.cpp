// What the administration screens read besides the CRUD routes: the workflow definitions as the server loaded
// them and a check of an edited definition with the same parser (nothing is stored: definitions are data
// files reviewed like code), and one calendar year with its days off and worked weekend days.
#include <boost/json.hpp>

#include "api/auth.h"
#include "api/routes.h"
#include "app/calendar_files.h"
#include "domain/calendar.h"
#include "domain/roles.h"
#include "domain/workflow.h"
#include "http/api_error.h"

namespace motcua::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using http::Response;
using domain::Role;

namespace {

json::array roles_json(const std::vector<Role>& roles) {
  json::array out;
  for (Role r : roles) out.push_back(json::value(domain::role_code(r)));
  return out;
}

json::object workflow_json(const domain::WorkflowDefinition& w) {
  json::array states, actions;
  for (const auto& s : w.states) {
    json::object o{{"key", s.key}, {"status", static_cast<int>(s.status)}, {"name_vi", s.name_vi}, {"terminal", s.terminal}};
    if (s.deadline)
      o["deadline"] = {{"kind", domain::step_deadline_kind_code(s.deadline->kind)},
                       {"value", s.deadline->value},
                       {"citation", s.deadline->citation}};
    states.push_back(std::move(o));
  }
  for (const auto& a : w.actions) {
    json::array from, pre;
    for (const auto& f : a.from) from.push_back(json::value(f));
    for (auto p : a.preconditions) pre.push_back(json::value(domain::precondition_code(p)));
    actions.push_back({{"key", a.key},
                       {"name_vi", a.name_vi},
                       {"from", std::move(from)},
                       {"to", a.to ? json::value(*a.to) : json::value(nullptr)},
                       {"roles", roles_json(a.roles)},
                       {"preconditions", std::move(pre)},
                       {"clock", domain::clock_effect_code(a.clock)},
                       {"reason_required", a.reason_required},
                       {"form", a.form},
                       {"citation", a.citation}});
  }
  return {{"key", w.key},       {"version", w.version},          {"name_vi", w.name_vi}, {"description", w.description},
          {"file", w.origin},   {"initial_state", w.initial_state}, {"states", std::move(states)},
          {"actions", std::move(actions)}};
}

void require_official(AppContext& ctx, const Request& req) {
  const auto p = ctx.auth.require(req);
  if (p.grants.empty() || p.has_role(Role::citizen)) throw ApiError::forbidden();
}

}  // namespace

void register_admin_routes(http::Router& r, AppContext& ctx) {
  r.get("/api/workflows", [&ctx](Request& req) {
    require_official(ctx, req);
    json::array items;
    if (ctx.workflows)
      for (const auto& w : *ctx.workflows) items.push_back(workflow_json(w));
    return Response::json(200, json::object{{"items", std::move(items)}});
  });
  // Validates a definition (the request body, as a file would hold it) without loading it: every problem,
  // each with its JSON path, in the parser's words.
  r.post("/api/workflows/check", [&ctx](Request& req) {
    ctx.auth.require_role(req, {Role::system_admin, Role::agency_admin});
    try {
      const auto w = domain::parse_workflow("(request)", req.body);
      return Response::json(200, json::object{{"valid", true}, {"problems", json::array{}}, {"workflow", workflow_json(w)}});
    } catch (const domain::WorkflowDefinitionError& e) {
      json::array problems;
      for (const auto& p : e.problems()) problems.push_back(json::value(p));
      return Response::json(200, json::object{{"valid", false}, {"problems", std::move(problems)}});
    }
  });
  // The working calendar is public: citizens count their own deadlines with it.
  r.get("/api/calendar/{year}", [&ctx](Request& req) {
    const auto& y = req.param("year");
    int year = 0;
    if (y.size() == 4 && std::all_of(y.begin(), y.end(), [](char c) { return c >= '0' && c <= '9'; })) year = std::stoi(y);
    if (!ctx.calendar || year < ctx.calendar->first_year() || year > ctx.calendar->last_year())
      throw ApiError::not_found("năm lịch", "Calendar year");
    return Response::json(200, app::calendar_year_json(*ctx.calendar, year));
  });
}

}  // namespace motcua::api
