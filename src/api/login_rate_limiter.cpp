#include "api/login_rate_limiter.h"

namespace motcua::api {

int AttemptLimiter::hit(const std::string& key, std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  // Forget finished windows now and then, so a scan from many addresses cannot grow the map forever.
  if (now_ms - last_sweep_ms_ > window_ms_) {
    for (auto it = windows_.begin(); it != windows_.end();)
      it = (now_ms - it->second.start_ms >= window_ms_) ? windows_.erase(it) : std::next(it);
    last_sweep_ms_ = now_ms;
  }
  auto& w = windows_[key];
  if (w.count == 0 || now_ms - w.start_ms >= window_ms_) w = Window{now_ms, 0};
  if (w.count >= max_) {
    auto left_ms = w.start_ms + window_ms_ - now_ms;
    return static_cast<int>((left_ms + 999) / 1000);
  }
  ++w.count;
  return 0;
}

}  // namespace motcua::api
