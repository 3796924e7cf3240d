// JSON views of accounts shared by /api/auth and /api/users. The password hash never leaves storage.
#pragma once

#include <boost/json/object.hpp>
#include <boost/json/array.hpp>
#include <vector>

#include "api/auth.h"
#include "storage/audit_repo.h"
#include "storage/user_repo.h"

namespace motcua::api {

boost::json::object user_json(const storage::UserRecord& u);
boost::json::object grant_json(const storage::GrantRecord& g);
boost::json::array grants_json(const std::vector<storage::GrantRecord>& grants);

// The audit actor of a signed-in principal.
storage::AuditEntry audit_from(const Principal& p, const http::Request& req, std::string action, std::string target,
                               std::string summary, std::int64_t now_ms);
// The audit actor of an anonymous request (registration, reset, failed login).
storage::AuditEntry audit_anonymous(const http::Request& req, std::string action, std::string target,
                                    std::string summary, std::int64_t now_ms);

}  // namespace motcua::api
