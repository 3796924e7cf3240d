// Helpers shared by the dossier_service*.cpp files (not part of the service's interface).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/dossier_service.h"
#include "http/api_error.h"

namespace motcua::app::dossier_detail {

http::ApiError not_found();
http::ApiError field_error(const std::string& field, const std::string& vi, const std::string& en);
// Paths of the actor's grants of the given roles (any official role when `roles` is empty).
std::vector<std::string> scope_paths(const DossierActor& a, const std::vector<domain::Role>& roles = {});
bool covers(const DossierActor& a, domain::Role r, const std::string& agency_path);
std::string agency_path_of(storage::Connection& c, std::int64_t agency_id);  // "" when unknown
std::string procedure_name(storage::Connection& c, const storage::DossierRecord& d);
void require_reason(const std::string& reason);  // 422 on "reason" when blank
void check_attachment(const AttachmentInput& in, std::size_t index);

// The actor's roles on a dossier and what the workflow's preconditions read of it, as one action or the
// offer of the next ones sees them. scope_agency: the agency whose grants count (default: the current one).
struct ActorFrame {
  domain::Actor actor;
  domain::DossierSnapshot snapshot;
};
ActorFrame actor_frame(storage::Connection& c, const DossierActor& a, const storage::DossierRecord& d,
                       std::optional<std::int64_t> scope_agency = std::nullopt);

}  // namespace motcua::app::dossier_detail
