// The wired application: configuration, database, auth, router. One per process (or per test).
#pragma once

#include <memory>

#include "api/auth.h"
#include "api/context.h"
#include "app/config.h"
#include "app/lifecycle.h"
#include "http/metrics.h"
#include "http/router.h"
#include "storage/db.h"

namespace motcua::app {

class App {
 public:
  explicit App(Config config);

  Config config;
  std::unique_ptr<storage::Db> db;
  api::AppContext ctx;  // refers to auth, constructed right after it
  api::Auth auth;
  std::unique_ptr<Lifecycle> lifecycle;  // workflows, calendar, rule sets; ctx.dossiers points into it
  http::Metrics metrics;
  http::Router router;

 private:
  void register_routes();
};

std::int64_t wall_clock_ms();

}  // namespace motcua::app
