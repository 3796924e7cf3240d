// JSON views of dossiers (hồ sơ): one place that decides what each audience sees.
#pragma once

#include <boost/json/object.hpp>

#include "api/auth.h"
#include "app/dossier_service.h"
#include "http/http.h"

namespace motcua::api {

// The session's principal as the dossier and document services see it.
app::DossierActor dossier_actor(const Principal& p, const http::Request& req);

boost::json::object dossier_json(const storage::DossierRecord& d);  // owner and officials in scope
boost::json::object dossier_summary_json(const storage::DossierSummary& s);
boost::json::object full_view_json(const app::DossierService::FullView& v);
boost::json::object public_tracking_json(const app::DossierService::PublicTracking& t);  // anyone
boost::json::object consultation_json(const storage::Consultation& c);

}  // namespace motcua::api
