// The portal's public statistics strip (Hà Nam Điều 5, Tuyên Quang Điều 9: the portal publishes how dossiers
// are handled): this month's received and resolved dossiers and the share resolved on time or early (QĐ 766
// classification stored at completion), and the procedures most used in the last twelve months. Counts only;
// nothing identifies a dossier or a person.
//
// The counts read a year of dossiers (millions of index entries in a province), so the answer is kept for
// stats.cache_seconds: one request computes it while the others get the previous answer, never a queue of
// identical scans at a peak.
#include <boost/json.hpp>

#include <climits>
#include <memory>
#include <mutex>

#include "api/routes.h"
#include "domain/calendar.h"
#include "domain/dossier_code.h"
#include "storage/stats_repo.h"

namespace motcua::api {

namespace json = boost::json;
using http::Request;
using http::Response;

namespace {

json::object public_counts(AppContext& ctx, std::int64_t now) {
  const auto local = domain::vietnam_local_time(now);
  // The month in Vietnam time: from the 1st at 00:00 (UTC+7), whatever the server's zone.
  const std::int64_t month_start = domain::local_to_epoch_ms({local.date.year, local.date.month, 1}, 0);
  const std::int64_t year_ago = now - 365LL * 86400 * 1000;
  return ctx.db.read([&](storage::Connection& c) {
    const auto n = storage::count_since(c, month_start);
    json::array top;
    for (const auto& t : storage::most_used_procedures(c, year_ago, 6))
      top.push_back({{"code", t.code}, {"name", t.name}, {"dossiers", t.dossiers}});
    return json::object{
        {"month", std::to_string(local.date.year) + "-" + (local.date.month < 10 ? "0" : "") + std::to_string(local.date.month)},
        {"received", n.received},
        {"resolved", n.resolved},
        {"resolved_on_time", n.resolved_on_time},
        {"on_time_rate", n.resolved ? json::value(static_cast<double>(n.resolved_on_time) / static_cast<double>(n.resolved))
                                    : json::value(nullptr)},
        {"most_used", std::move(top)}};
  });
}

struct CachedCounts {
  std::mutex compute;  // held while one request computes
  std::mutex guard;    // protects the two fields below
  std::int64_t at_ms = LLONG_MIN;
  json::object body;
};

}  // namespace

void register_stats_routes(http::Router& r, AppContext& ctx) {
  auto cache = std::make_shared<CachedCounts>();
  r.get("/api/stats/public", [&ctx, cache](Request&) {
    const auto now = ctx.now_ms();
    const std::int64_t max_age_ms = std::int64_t{ctx.config.stats_cache_seconds} * 1000;
    const auto cached = [&]() -> std::optional<json::object> {
      std::lock_guard g(cache->guard);
      if (cache->at_ms != LLONG_MIN && now - cache->at_ms < max_age_ms) return cache->body;
      return std::nullopt;
    };
    std::optional<json::object> body = cached();
    if (!body) {
      std::unique_lock computing(cache->compute, std::try_to_lock);
      if (!computing.owns_lock()) {
        std::lock_guard g(cache->guard);  // another request is computing: the previous answer, if any, will do
        if (cache->at_ms != LLONG_MIN && max_age_ms > 0) body = cache->body;
      }
      if (!body) {
        if (!computing.owns_lock()) computing.lock();
        body = cached();  // computed while we waited
        if (!body) {
          body = public_counts(ctx, now);
          std::lock_guard g(cache->guard);
          cache->at_ms = now;
          cache->body = *body;
        }
      }
    }
    auto res = Response::json(200, *body);
    res.with_header("Cache-Control", "public, max-age=60");  // a home-page read; a minute old is fine
    return res;
  });
}

}  // namespace motcua::api
