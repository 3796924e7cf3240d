// The portal's public statistics strip (Hà Nam Điều 5, Tuyên Quang Điều 9: the portal publishes how dossiers
// are handled): this month's received and resolved dossiers and the share resolved on time or early (QĐ 766
// classification stored at completion), and the procedures most used in the last twelve months. Counts only;
// nothing identifies a dossier or a person.
#include <boost/json.hpp>

#include "api/routes.h"
#include "domain/calendar.h"
#include "domain/dossier_code.h"

namespace motcua::api {

namespace json = boost::json;
using http::Request;
using http::Response;

void register_stats_routes(http::Router& r, AppContext& ctx) {
  r.get("/api/stats/public", [&ctx](Request&) {
    const auto now = ctx.now_ms();
    const auto local = domain::vietnam_local_time(now);
    // The month in Vietnam time: from the 1st at 00:00 (UTC+7), whatever the server's zone.
    const std::int64_t month_start = domain::local_to_epoch_ms({local.date.year, local.date.month, 1}, 0);
    const std::int64_t year_ago = now - 365LL * 86400 * 1000;
    auto body = ctx.db.read([&](storage::Connection& c) {
      const auto counts = c.exec(
          "SELECT (SELECT COUNT(*) FROM dossiers WHERE received_at_ms >= $1), "
          "(SELECT COUNT(*) FROM dossiers WHERE completed_at_ms >= $1), "
          "(SELECT COUNT(*) FROM dossiers WHERE completed_at_ms >= $1 AND timeliness IN ('early', 'on_time'))",
          {month_start});
      const auto& row = counts.rows.front();
      const std::int64_t received = row.i64(0), resolved = row.i64(1), on_time = row.i64(2);
      json::array top;
      for (const auto& t : c.exec("SELECT d.procedure_code, MIN(COALESCE(pv.name, '')), COUNT(*) AS n FROM dossiers d "
                                  "LEFT JOIN procedures p ON p.code = d.procedure_code "
                                  "LEFT JOIN procedure_versions pv ON pv.id = p.current_version_id "
                                  "WHERE d.submitted_at_ms >= $1 GROUP BY d.procedure_code "
                                  "ORDER BY n DESC, d.procedure_code LIMIT 6",
                                  {year_ago})
                               .rows)
        top.push_back({{"code", t.str(0)}, {"name", t.str(1)}, {"dossiers", t.i64(2)}});
      json::object o{{"month", std::to_string(local.date.year) + "-" + (local.date.month < 10 ? "0" : "") +
                                   std::to_string(local.date.month)},
                     {"received", received},
                     {"resolved", resolved},
                     {"resolved_on_time", on_time},
                     {"on_time_rate", resolved ? json::value(static_cast<double>(on_time) / static_cast<double>(resolved))
                                               : json::value(nullptr)},
                     {"most_used", std::move(top)}};
      return o;
    });
    auto res = Response::json(200, body);
    res.with_header("Cache-Control", "public, max-age=60");  // a home-page read; a minute old is fine
    return res;
  });
}

}  // namespace motcua::api
