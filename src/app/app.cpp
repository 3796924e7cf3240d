#include "app/app.h"

#include <chrono>

#include "api/routes.h"

namespace motcua::app {

std::int64_t wall_clock_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

App::App(Config c)
    : config(std::move(c)),
      db(storage::Db::open(config.effective_db_url(), storage::DbOptions{.pool_size = config.worker_threads})),
      ctx{*db, config, auth, wall_clock_ms},
      auth(ctx),
      lifecycle(std::make_unique<Lifecycle>(*db, config, ctx.now_ms)) {
  ctx.dossiers = &lifecycle->service();
  ctx.blobs = &lifecycle->blobs();
  ctx.documents = &lifecycle->documents();
  ctx.eform_text = [l = lifecycle.get()](std::string_view key) { return l->eform_text(key); };
  ctx.eform_schema = [l = lifecycle.get()](std::string_view key) { return l->eform_schema(key); };
  ctx.keys = &lifecycle->keys();
  ctx.workflows = &lifecycle->workflows();
  ctx.calendar = &lifecycle->calendar_data();
  register_routes();
}

void App::register_routes() {
  api::audit_denied_changes(router, ctx);
  api::register_system_routes(router, ctx, metrics);
  api::register_auth_routes(router, ctx);
  api::register_user_routes(router, ctx);
  api::register_unit_routes(router, ctx);
  api::register_agency_routes(router, ctx);
  api::register_procedure_routes(router, ctx);
  api::register_dossier_routes(router, ctx);
  api::register_document_routes(router, ctx);
  api::register_verification_routes(router, ctx);
  api::register_key_routes(router, ctx);
  api::register_audit_routes(router, ctx);
  api::register_profile_routes(router, ctx);
  api::register_admin_routes(router, ctx);
  api::register_stats_routes(router, ctx);
  api::register_web_routes(router, ctx);
}

}  // namespace motcua::app
