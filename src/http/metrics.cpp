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

void Metrics::observe(const std::string& method, const std::string& route, int status, double seconds) {
  std::lock_guard lk(mu_);
  ++requests_[{method, route, status}];
  auto& h = latency_[{method, route}];
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
    const std::string labels = "method=\"" + esc(k.first) + "\",route=\"" + esc(k.second) + "\"";
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
