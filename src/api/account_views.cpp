#include "api/account_views.h"

namespace motcua::api {

namespace json = boost::json;

namespace {
json::value opt(const std::optional<std::string>& s) { return s ? json::value(*s) : json::value(nullptr); }
}  // namespace

json::object user_json(const storage::UserRecord& u) {
  return json::object{
      {"id", u.id},
      {"username", u.username},
      {"account_type", u.account_type},
      {"full_name", u.full_name},
      {"email", opt(u.email)},
      {"phone", opt(u.phone)},
      {"id_number", opt(u.id_number)},
      {"tax_code", opt(u.tax_code)},
      {"organisation_name", opt(u.organisation_name)},
      {"must_change_password", u.must_change_password},
      {"active", u.active},
      {"locked_until_ms", u.locked_until_ms ? json::value(*u.locked_until_ms) : json::value(nullptr)},
      {"created_ms", u.created_ms},
      {"updated_ms", u.updated_ms},
  };
}

json::object grant_json(const storage::GrantRecord& g) {
  json::object o{{"id", g.id}, {"role", g.role}};
  if (auto r = domain::parse_role(g.role)) o["role_name_vi"] = std::string(domain::role_name_vi(*r));
  o["agency_id"] = g.agency_id ? json::value(*g.agency_id) : json::value(nullptr);
  o["agency_name"] = g.agency_id ? json::value(g.agency_name) : json::value(nullptr);
  return o;
}

json::array grants_json(const std::vector<storage::GrantRecord>& grants) {
  json::array a;
  for (const auto& g : grants) a.push_back(grant_json(g));
  return a;
}

storage::AuditEntry audit_from(const Principal& p, const http::Request& req, std::string action, std::string target,
                               std::string summary, std::int64_t now_ms) {
  storage::AuditEntry e;
  e.actor_id = p.user_id;
  e.actor_role = p.primary_role();
  e.agency_id = p.primary_agency();
  e.action = std::move(action);
  e.target = std::move(target);
  e.summary = std::move(summary);
  e.request_id = req.request_id;
  e.at_ms = now_ms;
  return e;
}

storage::AuditEntry audit_anonymous(const http::Request& req, std::string action, std::string target,
                                    std::string summary, std::int64_t now_ms) {
  storage::AuditEntry e;
  e.actor_role = "anonymous";
  e.action = std::move(action);
  e.target = std::move(target);
  e.summary = std::move(summary);
  e.request_id = req.request_id;
  e.at_ms = now_ms;
  return e;
}

}  // namespace motcua::api
