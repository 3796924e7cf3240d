// vn_fold (search key: lowercase, no diacritics, đ → d) and to_nfc over Vietnamese names and procedure titles,
// against an ASCII lowercase copy of the same bytes (the floor of any per-byte pass that allocates its output).
// Every name typed into a search box and every applicant name stored goes through vn_fold once.
#include <benchmark/benchmark.h>

#include <cctype>
#include <string>
#include <vector>

#include "domain/vn_fold.h"

namespace {

// Typical inputs: applicant names, place names and procedure titles, precomposed (NFC) as browsers send them.
const std::vector<std::string>& inputs() {
  static const std::vector<std::string> v = {
      "Nguyễn Thị Hằng",
      "Trần Đức Anh",
      "Phường Hoàn Kiếm, Thành phố Hà Nội",
      "Xã Đắk Lắk, huyện Ea Súp",
      "Đăng ký thường trú",
      "Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu",
      "Thủ tục đăng ký khai sinh có yếu tố nước ngoài tại Ủy ban nhân dân cấp xã",
      "dang ky tam tru",
  };
  return v;
}

std::int64_t total_bytes() {
  std::int64_t n = 0;
  for (const auto& s : inputs()) n += static_cast<std::int64_t>(s.size());
  return n;
}

void BM_Baseline_AsciiLowerCopy(benchmark::State& state) {
  for (auto _ : state) {
    for (const auto& s : inputs()) {
      std::string out;
      out.reserve(s.size());
      for (unsigned char c : s) out.push_back(static_cast<char>(std::tolower(c)));
      benchmark::DoNotOptimize(out);
    }
  }
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(inputs().size()));
  state.SetBytesProcessed(state.iterations() * total_bytes());
}

void BM_VnFold(benchmark::State& state) {
  for (auto _ : state)
    for (const auto& s : inputs()) benchmark::DoNotOptimize(motcua::domain::vn_fold(s));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(inputs().size()));
  state.SetBytesProcessed(state.iterations() * total_bytes());
}

void BM_ToNfc(benchmark::State& state) {
  for (auto _ : state)
    for (const auto& s : inputs()) benchmark::DoNotOptimize(motcua::domain::to_nfc(s));
  state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(inputs().size()));
  state.SetBytesProcessed(state.iterations() * total_bytes());
}

BENCHMARK(BM_Baseline_AsciiLowerCopy);
BENCHMARK(BM_VnFold);
BENCHMARK(BM_ToNfc);

}  // namespace
