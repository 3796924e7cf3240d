#include "http/metrics.h"

#include <sstream>

namespace motcua::http {

namespace {
// Label values may contain '"' or '\' only in theory (route patterns are ours), but escape anyway.
std::string esc(const std::string& s) {
  std::string o;
  for (char c : s) {
    if (c == '"' || c == '\\') o += '\\';
    o += c;
  }
  return o;
}
}  // namespace

void Metrics::observe(std::string_view method, std::string_view route, int status, double seconds) {
  std::lock_guard lk(mu_);
  if (auto it = requests_.find(std::tuple{method, route, status}); it != requests_.end())
    ++it->second;
  else
    requests_.emplace(std::tuple{std::string(method), std::string(route), status}, 1);
  auto hit = latency_.find(std::tuple{method, route});
  if (hit == latency_.end()) hit = latency_.emplace(std::tuple{std::string(method), std::string(route)}, Histogram{}).first;
  auto& h = hit->second;
  for (std::size_t i = 0; i < kBuckets.size(); ++i)
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  ++h.count;
  h.sum += seconds;
}

void Metrics::set_open_connections(std::int64_t n) {
  std::lock_guard lk(mu_);
  open_connections_ = n;
}

std::string Metrics::render() const {
  std::lock_guard lk(mu_);
  std::ostringstream o;
  o << "# HELP motcua_http_requests_total HTTP requests by method, route and status.\n"
    << "# TYPE motcua_http_requests_total counter\n";
  for (const auto& [k, n] : requests_) {
    const auto& [m, r, s] = k;
    o << "motcua_http_requests_total{method=\"" << esc(m) << "\",route=\"" << esc(r) << "\",status=\"" << s
      << "\"} " << n << "\n";
  }
  o << "# HELP motcua_http_request_duration_seconds Request latency by method and route.\n"
    << "# TYPE motcua_http_request_duration_seconds histogram\n";
  for (const auto& [k, h] : latency_) {
    const auto& [m, r] = k;
    const std::string labels = "method=\"" + esc(m) + "\",route=\"" + esc(r) + "\"";
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      o << "motcua_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i] << "\"} "
        << h.buckets[i] << "\n";
    o << "motcua_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} " << h.count << "\n";
    o << "motcua_http_request_duration_seconds_sum{" << labels << "} " << h.sum << "\n";
    o << "motcua_http_request_duration_seconds_count{" << labels << "} " << h.count << "\n";
  }
  o << "# HELP motcua_http_open_connections Open client connections.\n"
    << "# TYPE motcua_http_open_connections gauge\n"
    << "motcua_http_open_connections " << open_connections_ << "\n";
  return o.str();
}

}  // namespace motcua::http
