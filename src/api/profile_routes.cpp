// The active province profile and the dated rule sets, public and read-only: the web UI shows the
// hotline, hosts, deadlines and rating scheme; integrators ask which rules applied on a day.
#include <boost/json.hpp>

#include <memory>

#include "api/routes.h"
#include "app/profiles.h"
#include "http/api_error.h"

namespace motcua::api {

namespace json = boost::json;

namespace {

// Loaded once when the routes are registered; `motcua serve` has already validated the profile, so an
// error here means the data files went missing, and the routes answer 503 rather than stop the server.
struct RulesData {
  std::vector<domain::RuleSet> rule_sets;
  std::optional<domain::Profile> profile;
  std::string rules_error;
  std::string profile_error;
};

std::shared_ptr<const RulesData> load(const app::Config& config) {
  auto d = std::make_shared<RulesData>();
  try {
    const std::string dir = app::rules_data_dir();
    try {
      d->rule_sets = app::load_rule_sets(dir);
    } catch (const std::exception& e) {
      d->rules_error = e.what();
    }
    if (!config.profile.empty()) {
      try {
        d->profile = app::load_profile(dir, config.profile);
      } catch (const std::exception& e) {
        d->profile_error = e.what();
      }
    }
  } catch (const std::exception& e) {
    d->rules_error = d->profile_error = e.what();
  }
  return d;
}

http::ApiError unavailable(const std::string& what_vi, const std::string& what_en) {
  return http::ApiError(503, "rules_data_unavailable", "Không đọc được dữ liệu " + what_vi + " trên máy chủ.",
                        "The server cannot read its " + what_en + " data.");
}

}  // namespace

void register_profile_routes(http::Router& r, AppContext& ctx) {
  auto data = load(ctx.config);

  r.get("/api/profile", [&ctx, data](http::Request&) {
    if (ctx.config.profile.empty()) return http::Response::json(200, json::object{{"configured", false}});
    if (!data->profile) throw unavailable("hồ sơ cấu hình tỉnh", "province profile");
    const auto today = app::vietnam_today(ctx.now_ms());
    json::object o = app::profile_json(*data->profile, domain::rule_set_in_force(data->rule_sets, today));
    o["configured"] = true;
    o["in_force"] = data->profile->in_force_on(today);
    return http::Response::json(200, o);
  });

  // ?date=YYYY-MM-DD (Vietnam local date; default today).
  r.get("/api/rules", [&ctx, data](http::Request& req) {
    domain::LocalDate date = app::vietnam_today(ctx.now_ms());
    if (auto d = req.query_param("date"); d && !d->empty()) {
      const auto parsed = domain::parse_iso_date(*d);
      if (!parsed)
        throw http::ApiError::validation({{"date", "Phải là một ngày có thật, dạng YYYY-MM-DD.",
                                           "Must be a real date written YYYY-MM-DD."}});
      date = *parsed;
    }
    if (!data->rules_error.empty()) throw unavailable("bộ quy tắc", "rule set");
    const auto* rules = domain::rule_set_in_force(data->rule_sets, date);
    if (!rules) throw http::ApiError::not_found("bộ quy tắc có hiệu lực vào ngày " + date.iso(),
                                                "rule set in force on " + date.iso());
    json::object o = app::rule_set_json(*rules);
    o["date"] = date.iso();
    return http::Response::json(200, o);
  });
}

}  // namespace motcua::api
