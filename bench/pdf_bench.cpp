// Rendering the printed forms (src/docs): time per page of the receipt (Mẫu 01, 2 liên with QR), a one-page
// notice (Mẫu 03) and a 200-row tracking book (A4), against a baseline measured in the same run: an A5 PDF with
// one line of text (the fixed cost of a cairo PDF surface, font embedding and compression). The `per_page`
// column is seconds per page (inverted rate); compare it with the baseline's.
#include <benchmark/benchmark.h>

#include "app/documents.h"
#include "app/form_templates.h"
#include "app/data_dir.h"
#include "app/data_files.h"
#include "docs/pdf_canvas.h"
#include "docs/qr_code.h"
#include "domain/form_vocabulary.h"

namespace {

using namespace motcua;

const app::FormTemplates& forms() {
  static const auto f = app::FormTemplates::load_bundled();
  return f;
}

const domain::FormData& fixture() {
  static const auto d = [] {
    return domain::parse_form_fixture(
        app::read_data_file(*app::find_data_dir("forms") + "/forms/examples/dossier.json"));
  }();
  return d;
}

void count_pages(benchmark::State& state, std::int64_t pages) {
  state.counters["pages"] = static_cast<double>(pages);
  state.counters["per_page"] = benchmark::Counter(static_cast<double>(pages) * static_cast<double>(state.iterations()),
                                                  benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}

void BM_Baseline_OneLineA5(benchmark::State& state) {
  for (auto _ : state) {
    docs::PdfCanvas c("baseline");
    c.begin_page({148, 210});
    c.text("Giấy tiếp nhận hồ sơ và hẹn trả kết quả", 12, 20, 120, 11, domain::Align::left);
    benchmark::DoNotOptimize(c.finish());
  }
  count_pages(state, 1);
}
BENCHMARK(BM_Baseline_OneLineA5)->Unit(benchmark::kMillisecond);

void BM_QrEncode(benchmark::State& state) {
  const std::string payload(320, 'x');
  for (auto _ : state) benchmark::DoNotOptimize(docs::encode_qr(payload));
}
BENCHMARK(BM_QrEncode)->Unit(benchmark::kMicrosecond);

void render(benchmark::State& state, const char* set, const char* form, const domain::FormData& data) {
  const auto* t = forms().find(set, form);
  int pages = 0;
  for (auto _ : state) {
    auto out = app::render_form(*t, data);
    pages = out.pages;
    benchmark::DoNotOptimize(out.pdf);
  }
  count_pages(state, pages);
}

void BM_Receipt_Mau01_TwoCopies(benchmark::State& state) { render(state, "tt03-2025", "mau-01", fixture()); }
BENCHMARK(BM_Receipt_Mau01_TwoCopies)->Unit(benchmark::kMillisecond);

void BM_Refusal_Mau03(benchmark::State& state) { render(state, "tt03-2025", "mau-03", fixture()); }
BENCHMARK(BM_Refusal_Mau03)->Unit(benchmark::kMillisecond);

void BM_Book_Mau07_200Rows(benchmark::State& state) {
  auto data = fixture();
  auto& rows = data.lists["book_rows"];
  const auto row = rows.front();
  rows.clear();
  for (int i = 1; i <= 200; ++i) {
    auto r = row;
    r["index"] = std::to_string(i);
    rows.push_back(r);
  }
  render(state, "tt03-2025", "mau-07", data);
}
BENCHMARK(BM_Book_Mau07_200Rows)->Unit(benchmark::kMillisecond);

}  // namespace
