// Allocation of mã số hồ sơ (TT 01/2018 Điều 19): the daily per-agency counter plus formatting, inside a write
// transaction on a real database, against the same transaction that only bumps a one-row counter (the floor any
// gap-free numbering pays: one row written and committed). Formatting alone is measured against snprintf of the
// same digits. SQLite always; PostgreSQL too when MOTCUA_BENCH_PG_URL (or MOTCUA_TEST_PG_URL) names a server.
//
// The reception allocates one code per committed transaction, so the "per transaction" rows are what a busy
// counter sees; the "100 per transaction" rows show the cost without the commit.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <unistd.h>

#include "domain/dossier_code.h"
#include "storage/agency_repo.h"
#include "storage/db.h"
#include "storage/dossier_code_repo.h"
#include "storage/migrations.h"

namespace {

using namespace motcua;

struct Fixture {
  std::unique_ptr<storage::Db> db;
  std::int64_t agency = 0;
  std::filesystem::path dir;
  std::string schema;
  std::string admin_url;

  explicit Fixture(bool postgres) {
    std::string url;
    if (postgres) {
      const char* base = std::getenv("MOTCUA_BENCH_PG_URL");
      if (!base || !*base) base = std::getenv("MOTCUA_TEST_PG_URL");
      if (!base || !*base) return;
      admin_url = base;
      schema = "bench_" + std::to_string(::getpid());
      storage::Db::open(admin_url)->write([&](storage::Connection& c) { c.exec("CREATE SCHEMA " + schema); });
      url = admin_url + (admin_url.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
    } else {
      dir = std::filesystem::temp_directory_path() / ("motcua-codebench-" + std::to_string(::getpid()));
      url = "sqlite://" + (dir / "bench.db").string();
    }
    db = storage::Db::open(url);
    storage::migrate(*db);
    agency = db->write([](storage::Connection& tx) {
      storage::AgencyFields f;
      f.kind = "ubnd_xa";
      f.name = "UBND xã Bench";
      f.qcvn102_code = "000.00.61.H52";
      f.qd20_code = "H52.61";
      return storage::create_agency(tx, f, 0);
    });
    db->write([](storage::Connection& tx) { tx.exec("CREATE TABLE bench_counter (n INTEGER NOT NULL)"); });
    db->write([](storage::Connection& tx) { tx.exec("INSERT INTO bench_counter (n) VALUES (0)"); });
  }
  ~Fixture() {
    db.reset();
    if (!schema.empty())
      storage::Db::open(admin_url)->write([&](storage::Connection& c) { c.exec("DROP SCHEMA " + schema + " CASCADE"); });
    if (!dir.empty()) std::filesystem::remove_all(dir);
  }
};

Fixture& fixture(bool postgres) {
  static Fixture sqlite(false);
  static Fixture pg(true);
  return postgres ? pg : sqlite;
}

// A new day for every benchmark run, so sequences restart and stay 4 digits most of the time.
domain::LocalDate next_day() {
  static int n = 0;
  ++n;
  return {2030 + n / 365, 1 + (n / 28) % 12, 1 + n % 28};
}

void allocate(benchmark::State& state, bool postgres, int per_tx) {
  Fixture& f = fixture(postgres);
  if (!f.db) {
    state.SkipWithError("no PostgreSQL: set MOTCUA_BENCH_PG_URL");
    return;
  }
  const auto day = next_day();
  std::string last;
  for (auto _ : state) {
    f.db->write([&](storage::Connection& tx) {
      for (int i = 0; i < per_tx; ++i) last = storage::allocate_dossier_code(tx, f.agency, day, {});
    });
  }
  benchmark::DoNotOptimize(last);
  state.SetItemsProcessed(state.iterations() * per_tx);
}

void counter_floor(benchmark::State& state, bool postgres, int per_tx) {
  Fixture& f = fixture(postgres);
  if (!f.db) {
    state.SkipWithError("no PostgreSQL: set MOTCUA_BENCH_PG_URL");
    return;
  }
  for (auto _ : state) {
    f.db->write([&](storage::Connection& tx) {
      for (int i = 0; i < per_tx; ++i) tx.exec("UPDATE bench_counter SET n = n + 1");
    });
  }
  state.SetItemsProcessed(state.iterations() * per_tx);
}

void BM_Baseline_CounterUpdate_SQLite(benchmark::State& s) { counter_floor(s, false, 1); }
void BM_Allocate_SQLite(benchmark::State& s) { allocate(s, false, 1); }
void BM_Baseline_CounterUpdate_SQLite_100PerTx(benchmark::State& s) { counter_floor(s, false, 100); }
void BM_Allocate_SQLite_100PerTx(benchmark::State& s) { allocate(s, false, 100); }
void BM_Baseline_CounterUpdate_Postgres(benchmark::State& s) { counter_floor(s, true, 1); }
void BM_Allocate_Postgres(benchmark::State& s) { allocate(s, true, 1); }

void BM_Baseline_Snprintf(benchmark::State& state) {
  char buf[64];
  std::int64_t seq = 0;
  for (auto _ : state) {
    std::snprintf(buf, sizeof buf, "%s-%02d%02d%02d-%04lld", "000.00.61.H52", 26, 11, 23,
                  static_cast<long long>(++seq % 10000));
    benchmark::DoNotOptimize(buf);
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_FormatCode(benchmark::State& state) {
  const domain::AgencyIdentifiers agency{"UBND xã Bench", "000.00.61.H52", "H52.61"};
  const domain::LocalDate day{2026, 11, 23};
  std::int64_t seq = 0;
  for (auto _ : state) {
    auto code = domain::format_dossier_code(agency, day, ++seq % 10000 + 1, {});
    benchmark::DoNotOptimize(code);
  }
  state.SetItemsProcessed(state.iterations());
}

BENCHMARK(BM_Baseline_Snprintf);
BENCHMARK(BM_FormatCode);
BENCHMARK(BM_Baseline_CounterUpdate_SQLite)->UseRealTime();
BENCHMARK(BM_Allocate_SQLite)->UseRealTime();
BENCHMARK(BM_Baseline_CounterUpdate_SQLite_100PerTx)->UseRealTime();
BENCHMARK(BM_Allocate_SQLite_100PerTx)->UseRealTime();
BENCHMARK(BM_Baseline_CounterUpdate_Postgres)->UseRealTime();
BENCHMARK(BM_Allocate_Postgres)->UseRealTime();

}  // namespace
