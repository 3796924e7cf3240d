// Attachment upload throughput: a 200 KB and a 5 MB PDF-like file sent as multipart/form-data, parsed
// by the streaming parser and written through BlobWriter (SHA-256 + temp file + fsync + rename) into a
// temporary data directory. Baselines in the same run: plain OpenSSL SHA-256 over the same bytes, and
// the parser alone (counting sink). Bodies are fed in 64 KiB chunks, as a socket reader would.
// Reported as bytes_per_second over wall-clock time (fsync waits count). Use a Release build for real figures.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <map>
#include <random>

#include "http/multipart.h"
#include "http/upload_sink.h"
#include "storage/blob_store.h"

namespace {

namespace fs = std::filesystem;
using namespace motcua;

const std::string kCt = "multipart/form-data; boundary=----WebKitFormBoundary7MA4YWxkTrZu0gW";

std::string file_bytes(std::size_t n) {
  std::mt19937_64 rng(n);
  std::string s = "%PDF-1.7\n";
  s.resize(n);
  for (std::size_t i = 9; i < n; ++i) s[i] = static_cast<char>(rng());  // compressed-stream-like bytes
  return s;
}

const std::string& body_of(std::size_t n) {
  static std::map<std::size_t, std::string> cache;
  auto& b = cache[n];
  if (b.empty())
    b = "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"thu_tuc\"\r\n\r\n1.001234\r\n"
        "------WebKitFormBoundary7MA4YWxkTrZu0gW\r\nContent-Disposition: form-data; name=\"tp1\"; "
        "filename=\"don.pdf\"\r\nContent-Type: application/pdf\r\n\r\n" +
        file_bytes(n) + "\r\n------WebKitFormBoundary7MA4YWxkTrZu0gW--\r\n";
  return b;
}

struct TempDir {
  fs::path path = fs::temp_directory_path() / ("motcua-bench-" + std::to_string(::getpid()));
  TempDir() { fs::remove_all(path); }
  ~TempDir() { fs::remove_all(path); }
};

void feed_chunks(auto& target, const std::string& body) {
  constexpr std::size_t kChunk = 64 * 1024;
  for (std::size_t at = 0; at < body.size(); at += kChunk)
    target.feed(body.data() + at, std::min(kChunk, body.size() - at));
}

void BM_Sha256Only(benchmark::State& state) {
  const std::string data = file_bytes(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(storage::sha256_hex(data));
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * data.size()));
}

struct CountingSink : http::MultipartSink {
  std::size_t bytes = 0;
  void on_part_begin(const http::PartHeaders&) override {}
  void on_part_data(std::string_view c) override { bytes += c.size(); }
  void on_part_end() override {}
};

void BM_ParseOnly(benchmark::State& state) {
  const std::string& body = body_of(static_cast<std::size_t>(state.range(0)));
  for (auto _ : state) {
    CountingSink sink;
    http::MultipartParser p(kCt, sink);
    feed_chunks(p, body);
    p.finish();
    benchmark::DoNotOptimize(sink.bytes);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

// Parser + UploadSink + BlobWriter. Every iteration stores the same content, so from the second one on
// commit() takes the dedup path (no rename); the file is still written, hashed and fsynced.
void BM_ParseHashStore(benchmark::State& state) {
  const std::string& body = body_of(static_cast<std::size_t>(state.range(0)));
  TempDir dir;
  storage::BlobStore store(dir.path);
  for (auto _ : state) {
    http::UploadReceiver rx(kCt, store);
    feed_chunks(rx, body);
    auto up = rx.finish();
    benchmark::DoNotOptimize(up.files.size());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

}  // namespace

BENCHMARK(BM_Sha256Only)->Arg(200 * 1000)->Arg(5 * 1000 * 1000)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ParseOnly)->Arg(200 * 1000)->Arg(5 * 1000 * 1000)->Unit(benchmark::kMicrosecond)->UseRealTime();
BENCHMARK(BM_ParseHashStore)->Arg(200 * 1000)->Arg(5 * 1000 * 1000)->Unit(benchmark::kMicrosecond)->UseRealTime();
