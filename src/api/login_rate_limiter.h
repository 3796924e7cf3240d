// Per-IP attempt limiter (giới hạn số lần thử) for login and reset requests: a fixed one-minute window
// in memory. It complements the per-account lockout, which alone would let one IP try many accounts.
#pragma once

#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace motcua::api {

class AttemptLimiter {
 public:
  AttemptLimiter(int max_per_window, std::int64_t window_ms) : max_(max_per_window), window_ms_(window_ms) {}

  // Counts one attempt from `key` at now_ms. Returns 0 when allowed, else the seconds until the
  // window ends (for Retry-After).
  int hit(const std::string& key, std::int64_t now_ms);

 private:
  struct Window {
    std::int64_t start_ms = 0;
    int count = 0;
  };
  int max_;
  std::int64_t window_ms_;
  std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
  std::int64_t last_sweep_ms_ = 0;
};

}  // namespace motcua::api
