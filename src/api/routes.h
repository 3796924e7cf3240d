// One registration function per resource; main wires them into the router in this order.
#pragma once

#include "api/context.h"
#include "http/metrics.h"
#include "http/router.h"

namespace motcua::api {

void register_auth_routes(http::Router& r, AppContext& ctx);    // /api/auth/*  (login, logout, register, reset, me, password)
void register_user_routes(http::Router& r, AppContext& ctx);    // /api/users*  (officials, role grants)
void register_unit_routes(http::Router& r, AppContext& ctx);    // /api/units*  (administrative units, legacy → 2025)
void register_agency_routes(http::Router& r, AppContext& ctx);  // /api/agencies*
void register_procedure_routes(http::Router& r, AppContext& ctx);  // /api/procedures*, /api/agencies/{id}/services*
void register_audit_routes(http::Router& r, AppContext& ctx);   // /api/audit*
// /api/dossiers*, /api/intake, /api/queues/*, /api/consultations*, /api/tracking/*
void register_dossier_routes(http::Router& r, AppContext& ctx);
// /api/dossiers/{id}/documents*, /api/agencies/{id}/tracking-book.pdf (printed forms, PDF)
void register_document_routes(http::Router& r, AppContext& ctx);
// /verify/{code} (HTML, the QR target), /api/verify/{code}, /.well-known/motcua-keys.json,
// /api/dossiers/{id}/results (signed e-results and their public verification)
void register_verification_routes(http::Router& r, AppContext& ctx);
// /api/agencies/{id}/keys/rotate, /api/keys/{key_id}/revoke (the agencies' signing keys)
void register_key_routes(http::Router& r, AppContext& ctx);
// /, /thu-tuc*, /tra-cuu*, /assets/{file}: the built web UI (MOTCUA_WEB_DIR)
void register_web_routes(http::Router& r, AppContext& ctx);
void register_profile_routes(http::Router& r, AppContext& ctx); // /api/profile, /api/rules
void register_admin_routes(http::Router& r, AppContext& ctx);   // /api/workflows*, /api/calendar/{year}
void register_stats_routes(http::Router& r, AppContext& ctx);   // /api/stats/public
// Appends an "access.denied" audit row when a logged-in user's state-changing request is refused (403).
void audit_denied_changes(http::Router& r, AppContext& ctx);
// /healthz, /readyz, /metrics, /api/openapi.json
void register_system_routes(http::Router& r, AppContext& ctx, const http::Metrics& metrics);

}  // namespace motcua::api
