// Request counts and latency histograms by route, exposed at /metrics in Prometheus text format.
// Labelled by route pattern (not raw path) so cardinality stays bounded.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>
#include <tuple>

namespace motcua::http {

class Metrics {
 public:
  static constexpr std::array<double, 11> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                      0.1,   0.25,   0.5,   1.0,  2.5};
  void observe(std::string_view method, std::string_view route, int status, double seconds);
  void set_open_connections(std::int64_t n);
  std::string render() const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  // Transparent comparators: a request looks its series up by string_view and copies the labels only the
  // first time a (method, route, status) is seen.
  std::map<std::tuple<std::string, std::string, int>, std::uint64_t, std::less<>> requests_;
  std::map<std::tuple<std::string, std::string>, Histogram, std::less<>> latency_;
  std::int64_t open_connections_ = 0;
};

}  // namespace motcua::http
