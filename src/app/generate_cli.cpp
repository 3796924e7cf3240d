// motcua generate dossiers: benchmark data through the storage layer in bulk (issue #7).
#include <algorithm>
#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <map>
#include <random>

#include <boost/json.hpp>

#include "app/calendar_files.h"
#include "app/cli.h"
#include "app/data_dir.h"
#include "app/data_files.h"
#include "app/dossier_generator.h"
#include "app/generate_world.h"
#include "app/lifecycle.h"
#include "app/profiles.h"
#include "storage/audit_repo.h"
#include "storage/dossier_bulk.h"
#include "storage/migrations.h"

namespace motcua::app {

namespace {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

std::optional<std::int64_t> positive(const std::string& s, std::int64_t max) {
  std::int64_t v = 0;
  const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || v < 1 || v > max) return std::nullopt;
  return v;
}

int usage_error(const std::string& vi, const std::string& en) {
  std::cerr << "generate: " << vi << " / " << en << "\n";
  return 2;
}

// FNV-1a: a stable per-procedure draw, so one procedure uses one workflow in every commune.
double stable_u01(const std::string& s, std::uint64_t seed) {
  std::uint64_t h = 1469598103934665603ULL ^ seed;
  for (unsigned char c : s) h = (h ^ c) * 1099511628211ULL;
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

std::int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

int cmd_generate(const Config& config, const Args& args) {
  if (args.positional.size() != 1 || args.positional[0] != "dossiers")
    return usage_error("chỉ hỗ trợ 'motcua generate dossiers'", "only 'motcua generate dossiers' is supported");
  const auto count = positive(args.get("count", "1000000"), 100'000'000);
  if (!count) return usage_error("--count phải là số nguyên dương (tối đa 100000000)", "--count must be a positive integer (at most 100000000)");
  const auto seed = positive(args.get("seed", "1"), INT64_MAX);
  if (!seed) return usage_error("--seed phải là số nguyên dương", "--seed must be a positive integer");
  const auto batch = positive(args.get("batch", "250000"), 1'000'000);
  if (!batch) return usage_error("--batch phải là số nguyên dương", "--batch must be a positive integer");
  std::optional<domain::LocalDate> until_day;
  if (args.has("until") && !(until_day = domain::parse_iso_date(args.get("until"))))
    return usage_error("--until phải có dạng YYYY-MM-DD", "--until must be a date YYYY-MM-DD");
  if (!args.has("yes-bench-data"))
    return usage_error("lệnh này ghi dữ liệu thử nghiệm hiệu năng vào cơ sở dữ liệu; thêm --yes-bench-data để xác nhận",
                       "this writes benchmark data into the database; add --yes-bench-data to confirm");

  const auto t_start = Clock::now();
  const std::int64_t now = wall_ms();
  // Everything happens before the start of today (Vietnam time): reproducible within a day, never in the future.
  const domain::LocalDate until = until_day.value_or(domain::vietnam_local_time(now).date);
  const std::int64_t until_ms = domain::local_to_epoch_ms({until.year, until.month, until.day}, 0);
  const auto workflows = load_workflows();
  const auto workflow = [&](const std::string& key) -> const domain::WorkflowDefinition* {
    for (const auto& w : workflows)
      if (w.key == key) return &w;
    return nullptr;
  };
  std::vector<std::string> states, keys;
  for (const auto& w : workflows) {
    keys.push_back(w.key);
    for (const auto& s : w.states) states.push_back(s.key);
  }
  const std::string mix_path = args.has("mix") ? args.get("mix") : default_dossier_mix_path();
  const DossierMix mix = parse_dossier_mix(mix_path, read_data_file(mix_path), states, keys);
  const auto cal_dir = calendar_dir();
  const domain::CalendarData cal_data = load_calendar_data(cal_dir);
  const domain::WorkingCalendar cal(cal_data, default_hours(cal_dir));

  auto db = storage::Db::open(config.effective_db_url());
  storage::migrate(*db);
  const bool sqlite = db->dialect() == storage::Dialect::sqlite;
  // The agency tree and services, the world, the counters and the ids, in one short transaction.
  BenchTree tree;
  int services_added = 0;
  GenWorld world;
  std::vector<storage::CodeCounter> counters;
  std::int64_t first_id = 0;
  db->write([&](storage::Connection& tx) {
    tree = ensure_bench_tree(tx, now);
    services_added = ensure_bench_services(tx, tree, [&](const std::string& code) {
      double x = stable_u01(code, static_cast<std::uint64_t>(*seed)), acc = 0;
      for (const auto& [k, share] : mix.workflows)
        if (x < (acc += share)) return k;
      return mix.workflows.back().first;
    }, now);
    world = load_gen_world(tx, tree, workflow, "one-step", load_rule_sets(rules_data_dir()), cal);
    std::vector<std::int64_t> ids;
    for (const auto& a : tree.agencies) ids.push_back(a.id);
    counters = storage::load_code_counters(tx, ids);
    first_id = storage::reserve_dossier_ids(tx, *count);
  });
  std::cout << "agency tree: " << tree.agencies.size() << " receiving units (" << tree.created << " created), "
            << services_added << " agency services added\n";

  // The id block seeds the stream too, so a second run on the same database draws new tokens.
  DossierGenerator gen(world, mix, static_cast<std::uint64_t>(*seed) * 0x9e3779b97f4a7c15ULL ^ static_cast<std::uint64_t>(first_id),
                       until_ms, counters);
  std::mt19937_64 sample_rng(static_cast<std::uint64_t>(*seed));
  const std::size_t sample_size = 100'000;
  std::vector<std::string> sample;
  std::int64_t codes_seen = 0, rows = 0;
  std::map<int, std::int64_t> demo_a;  // status → generated dossiers at commune A's one-stop unit
  std::int64_t demo_a_id = 0;
  for (const auto& a : tree.agencies)
    if (a.demo_a) demo_a_id = a.id;

  // Generation (one core) overlaps with the inserts (the database's core): the next batch is drawn while the
  // current one is written.
  const auto draw = [&](std::int64_t from, std::int64_t n) {
    GenBatch b;
    gen.generate(from, n, b);
    return b;
  };
  // Bare tables while loading, the indexes sorted once at the end (storage/dossier_bulk.h). A run that dies half
  // way leaves a database without them: bench data, thrown away like the rest of it.
  const auto indexes = db->write([](storage::Connection& tx) { return storage::drop_secondary_dossier_indexes(tx); });
  std::int64_t done = 0;
  auto next = std::async(std::launch::async, draw, first_id, std::min(*batch, *count));
  auto last_report = Clock::now();
  while (done < *count) {
    GenBatch b = next.get();
    const auto n = static_cast<std::int64_t>(b.dossiers.size());
    if (done + n < *count) next = std::async(std::launch::async, draw, first_id + done + n, std::min(*batch, *count - done - n));
    db->write([&](storage::Connection& tx) {
      // 4 GiB: a batch and the unique indexes (random qr tokens touch every leaf) stay in memory until the
      // commit, so each leaf is written once per batch; with 20,000-dossier batches those rewrites grew with
      // the table and the rate fell from 9,000 to 400 dossiers/s past 1.4M.
      if (sqlite) tx.exec_script("PRAGMA cache_size = -4194304");
      storage::insert_dossiers_bulk(tx, b.dossiers);
      storage::insert_history_bulk(tx, b.history);
      storage::insert_attachments_bulk(tx, b.attachments);
      for (const auto& s : b.supplements) storage::insert_supplement_request(tx, s.dossier_id, s.items, s.requested_by, s.at_ms);
      storage::raise_code_counters(tx, b.counters);
    });
    rows += n + static_cast<std::int64_t>(b.history.size() + b.attachments.size() + b.supplements.size() + b.counters.size());
    for (const auto& d : b.dossiers) {
      if (d.agency_id == demo_a_id && d.status) ++demo_a[*d.status];
      if (!d.code) continue;
      // Reservoir sample of the public codes, for the lookup benchmark.
      ++codes_seen;
      if (sample.size() < sample_size) sample.push_back(*d.code);
      else if (const auto j = static_cast<std::int64_t>(sample_rng() % static_cast<std::uint64_t>(codes_seen)); j < static_cast<std::int64_t>(sample_size))
        sample[j] = *d.code;
    }
    done += n;
    const double secs = std::chrono::duration<double>(Clock::now() - t_start).count();
    if (done == *count || Clock::now() - last_report > std::chrono::seconds(5)) {
      last_report = Clock::now();
      std::cout << "  " << done << " / " << *count << " dossiers, " << static_cast<std::int64_t>(done / secs) << " dossiers/s\n"
                << std::flush;
    }
  }
  const auto t_index = Clock::now();
  db->write([&](storage::Connection& tx) { storage::create_indexes(tx, indexes); });
  std::cout << "built " << indexes.size() << " indexes in "
            << static_cast<std::int64_t>(std::chrono::duration<double>(Clock::now() - t_index).count()) << " s\n";
  // PostgreSQL: fresh statistics and visibility map now rather than whenever autovacuum gets to them, so the
  // benchmark measures what a long-running server has: its plans, and index-only scans (queue counts) that need
  // not visit the heap. VACUUM refuses a transaction block, so it runs on a pooled connection in autocommit (read()
  // opens no transaction on PostgreSQL). SQLite keeps no statistics unless asked (the server never runs ANALYZE).
  if (!sqlite)
    db->read([&](storage::Connection& c) {
      for (const char* t : {"dossiers", "dossier_history", "dossier_attachments", "dossier_code_counters"})
        c.exec_script(std::string("VACUUM (ANALYZE) ") + t);
    });
  const double secs = std::chrono::duration<double>(Clock::now() - t_start).count();

  if (args.has("codes-out")) {
    std::ofstream f(args.get("codes-out"));
    for (const auto& c : sample) f << c << "\n";
    if (!f) throw std::runtime_error("cannot write " + args.get("codes-out"));
    std::cout << "wrote " << sample.size() << " codes to " << args.get("codes-out") << "\n";
  }
  const auto a = [&](int s) { return demo_a.count(s) ? demo_a[s] : 0; };
  std::cout << "commune A one-stop unit (000.01.61.H52): to receive " << a(1) << ", in processing " << a(2) + a(4) + a(5) + a(6)
            << " (received " << a(2) << ", processing " << a(4) << ", supplement " << a(5) << ", payment " << a(6)
            << "), to return " << a(9) << "\n";
  db->write([&](storage::Connection& tx) {
    storage::append_audit(tx, storage::AuditEntry{
        std::nullopt, "system", std::nullopt, "bench.generate", "dossier:" + std::to_string(first_id) + ".." + std::to_string(first_id + *count - 1),
        boost::json::serialize(boost::json::object{{"count", *count}, {"seed", *seed}, {"first_id", first_id},
                                                   {"agencies_created", tree.created}, {"services_added", services_added},
                                                   {"mix", mix_path}}),
        "", wall_ms()});
  });
  std::cout << "generated " << *count << " dossiers (ids " << first_id << "–" << first_id + *count - 1 << "), " << rows
            << " rows in " << static_cast<std::int64_t>(secs * 10) / 10.0 << " s: " << static_cast<std::int64_t>(*count / secs)
            << " dossiers/s, " << static_cast<std::int64_t>(rows / secs) << " rows/s\n";
  return 0;
}

}  // namespace

std::vector<Command> generate_commands() {
  return {{"generate",
           "motcua generate dossiers --yes-bench-data [--count N] [--seed S] [--codes-out FILE] [--mix FILE] [--until YYYY-MM-DD] [--batch N]",
           "BENCHMARK DATA ONLY. Bulk-inserts N realistic dossiers (default 1000000) through the storage layer:\n"
           "spread over every 2025 commune of the demo province (one-stop units created when missing, Zipf-skewed,\n"
           "the demo communes busy too) and the procedures each unit offers, over the last years of working days,\n"
           "in every state of the real workflows, with codes, history (abridged to 1-3 rows), attachment metadata\n"
           "(no files) and the code counters moved past them. The mix is data: data/bench/dossier-mix.json or --mix.\n"
           "Needs 'motcua import units', 'motcua seed --demo' and 'motcua import catalogue' first.\n"
           "It refuses to run without --yes-bench-data: the rows are not real dossiers and there is no undo other\n"
           "than a fresh database. Run it with the server stopped (it reserves a block of dossier ids).\n"
           "The same --seed on the same database state and day (or --until) gives the same data. --codes-out\n"
           "writes a random sample of 100000 generated codes (all when fewer), one a line, for the lookup benchmark.",
           {"count", "seed", "codes-out", "mix", "until", "batch"}, cmd_generate}};
}

}  // namespace motcua::app
