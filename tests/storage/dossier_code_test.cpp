// The mã số hồ sơ counter (TT 01/2018/TT-VPCP Điều 19: "số thứ tự của hồ sơ tiếp nhận trong ngày") on
// both backends: sequential, per agency and per day, rollback-safe, unique and gap-free under contention.
#include <algorithm>
#include <chrono>
#include <iostream>
#include <mutex>
#include <set>
#include <thread>

#include "domain/dossier_code.h"
#include "storage/agency_repo.h"
#include "storage/dossier_code_repo.h"
#include "storage/migrations.h"
#include "storage_fixture.h"

namespace motcua::storage {
namespace {

using domain::LocalDate;

class DossierCodeTest : public testing::StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    migrate(*db);
    a = add_agency("UBND xã A", "000.00.61.H52", "H52.61");
    b = add_agency("UBND xã B", "000.00.62.H52", "H52.62");
  }
  std::int64_t add_agency(const std::string& name, const std::optional<std::string>& qcvn,
                          const std::optional<std::string>& qd20) {
    return db->write([&](Connection& tx) {
      AgencyFields f;
      f.kind = "ubnd_xa";
      f.name = name;
      f.qcvn102_code = qcvn;
      f.qd20_code = qd20;
      return create_agency(tx, f, 0);
    });
  }
  std::string alloc(std::int64_t agency, const LocalDate& d, const domain::CodeFormatSpec& spec = {}) {
    return db->write([&](Connection& tx) { return allocate_dossier_code(tx, agency, d, spec); });
  }
  std::int64_t a = 0, b = 0;
};

TEST_F(DossierCodeTest, SequentialFromOne) {
  const LocalDate d{2024, 3, 15};
  EXPECT_EQ(alloc(a, d), "000.00.61.H52-240315-0001");
  EXPECT_EQ(alloc(a, d), "000.00.61.H52-240315-0002");
  EXPECT_EQ(alloc(a, d), "000.00.61.H52-240315-0003");
  EXPECT_EQ(db->read([&](Connection& c) { return last_dossier_sequence(c, a, d); }), 3);
}

// Per agency and per day; 1 Nov and 11 Jan are different days (the OpenCPS "111" defect).
TEST_F(DossierCodeTest, IndependentPerAgencyAndPerDay) {
  EXPECT_EQ(alloc(a, {2024, 11, 1}), "000.00.61.H52-241101-0001");
  EXPECT_EQ(alloc(a, {2024, 11, 1}), "000.00.61.H52-241101-0002");
  EXPECT_EQ(alloc(a, {2024, 1, 11}), "000.00.61.H52-240111-0001");
  EXPECT_EQ(alloc(b, {2024, 11, 1}), "000.00.62.H52-241101-0001");
  EXPECT_EQ(alloc(a, {2025, 11, 1}), "000.00.61.H52-251101-0001");
  EXPECT_EQ(alloc(a, {2024, 11, 2}), "000.00.61.H52-241102-0001");
  EXPECT_EQ(count("dossier_code_counters"), 5);
}

// TT 03/2025 Điều 13.3 shares the same counter model.
TEST_F(DossierCodeTest, Tt03Format) {
  domain::CodeFormatSpec spec;
  spec.format = domain::CodeFormat::tt03_2025;
  spec.date_pattern = domain::CodeDatePattern::yyyymmdd;
  EXPECT_EQ(alloc(a, {2026, 2, 2}, spec), "H52.61-20260202-520001");
  EXPECT_EQ(alloc(a, {2026, 2, 2}, spec), "H52.61-20260202-520002");
}

// The counter moves inside the reception transaction: a rolled-back reception gives its number back.
TEST_F(DossierCodeTest, RollbackConsumesNoNumber) {
  const LocalDate d{2024, 3, 15};
  EXPECT_EQ(alloc(a, d), "000.00.61.H52-240315-0001");
  EXPECT_THROW(db->write([&](Connection& tx) {
                 EXPECT_EQ(allocate_dossier_code(tx, a, d, {}), "000.00.61.H52-240315-0002");
                 throw std::runtime_error("reception failed after the code was allocated");
               }),
               std::runtime_error);
  EXPECT_EQ(alloc(a, d), "000.00.61.H52-240315-0002");
  // The first code of a day rolled back leaves no counter row behind either.
  EXPECT_THROW(db->write([&](Connection& tx) {
                 allocate_dossier_code(tx, b, d, {});
                 throw std::runtime_error("rolled back");
               }),
               std::runtime_error);
  EXPECT_EQ(alloc(b, d), "000.00.62.H52-240315-0001");
}

// An agency without the identifier the format needs is refused before the counter moves.
TEST_F(DossierCodeTest, AgencyWithoutCodeIsRefusedAndConsumesNothing) {
  const auto c = add_agency("Phòng không mã", std::nullopt, std::nullopt);
  EXPECT_THROW(alloc(c, {2024, 3, 15}), domain::DossierCodeError);
  EXPECT_EQ(db->read([&](Connection& cn) { return last_dossier_sequence(cn, c, {2024, 3, 15}); }), 0);
  EXPECT_THROW(alloc(99999, {2024, 3, 15}), domain::DossierCodeError);
}

TEST_F(DossierCodeTest, WidensPast9999) {
  const LocalDate d{2024, 3, 15};
  db->write([&](Connection& tx) {
    tx.exec("INSERT INTO dossier_code_counters (agency_id, day, last_seq) VALUES ($1, '2024-03-15', 9999)", {a});
  });
  EXPECT_EQ(alloc(a, d), "000.00.61.H52-240315-10000");
}

TEST_F(DossierCodeTest, DayColumnRejectsShortKeys) {
  EXPECT_THROW(db->write([&](Connection& tx) {
                 tx.exec("INSERT INTO dossier_code_counters (agency_id, day, last_seq) VALUES ($1, '111', 1)", {a});
               }),
               DbError);
}

// 8 threads, each with its own Db (as separate server processes would have) plus 8 threads sharing
// this one: every number 1..N exactly once.
TEST_F(DossierCodeTest, ConcurrentAllocationsAreUniqueAndGapFree) {
  constexpr int kThreads = 8;
  constexpr int kPerThread = 40;
  const LocalDate d{2026, 6, 9};
  std::mutex mu;
  std::vector<std::string> codes;
  std::vector<std::unique_ptr<Db>> own;
  for (int i = 0; i < kThreads; ++i) own.push_back(open_again());
  const auto start = std::chrono::steady_clock::now();
  std::vector<std::thread> pool;
  for (int t = 0; t < 2 * kThreads; ++t)
    pool.emplace_back([&, t] {
      Db& use = t < kThreads ? *own[t] : *db;
      std::vector<std::string> mine;
      for (int i = 0; i < kPerThread; ++i)
        mine.push_back(use.write([&](Connection& tx) { return allocate_dossier_code(tx, a, d, {}); }));
      std::lock_guard lock(mu);
      codes.insert(codes.end(), mine.begin(), mine.end());
    });
  for (auto& t : pool) t.join();
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const int n = 2 * kThreads * kPerThread;
  std::cout << "[ figures  ] " << n << " allocations, 16 threads, " << testing::backend_name() << ": "
            << static_cast<int>(n / secs) << "/s" << std::endl;
  ASSERT_EQ(codes.size(), static_cast<std::size_t>(n));
  std::set<std::int64_t> seqs;
  for (const auto& c : codes) {
    const auto p = domain::parse_dossier_code(c);
    ASSERT_TRUE(p) << c;
    EXPECT_EQ(p->agency_code, "000.00.61.H52");
    seqs.insert(p->sequence);
  }
  EXPECT_EQ(seqs.size(), static_cast<std::size_t>(n)) << "duplicate codes";
  EXPECT_EQ(*seqs.begin(), 1);
  EXPECT_EQ(*seqs.rbegin(), n) << "gap in the sequence";
}

}  // namespace
}  // namespace motcua::storage
