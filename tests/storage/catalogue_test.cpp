// The procedure catalogue on both backends: versioned upserts, the diacritics-insensitive search with its
// ranking, filters and pagination, one-transaction imports, and the agency service configuration.
// Procedures are built directly (no parser), named like real ones.
#include <algorithm>

#include "storage/agency_repo.h"
#include "storage/migrations.h"
#include "storage/procedure_repo.h"
#include "storage_fixture.h"

namespace motcua::storage::testing {
namespace {

using domain::Procedure;

constexpr std::int64_t kNow = 1767225600000;  // 2026-01-01

Procedure make(std::string code, std::string name, std::string sector = "Đăng ký, quản lý cư trú",
               std::vector<std::string> levels = {"xa"}) {
  Procedure p;
  p.code = std::move(code);
  p.name = std::move(name);
  p.sector = std::move(sector);
  p.levels = std::move(levels);
  p.procedure_type = "TTHC được luật giao quy định chi tiết";
  p.decision.number = "9354/QĐ-BCA-C06";
  p.source = "dvcqg";
  p.steps = "Bước 1: Công dân chuẩn bị hồ sơ.";
  domain::ProcessingTime t;
  t.channel = domain::Channel::in_person;
  t.amount = 3;
  t.unit = domain::TimeUnit::working_days;
  t.raw = "3 Ngày làm việc";
  t.parsed = true;
  p.times.push_back(t);
  domain::Fee f;
  f.channel = domain::Channel::online;
  f.kind = domain::FeeKind::charge;
  f.amount_vnd = 7000;
  f.raw = "Lệ phí : 7.000 Đồng";
  f.parsed = true;
  p.fees.push_back(f);
  domain::DossierComponent d;
  d.name = "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)";
  d.originals = 1;
  d.form_template = "CT01.docx";
  d.allowed_types = {"pdf", "docx"};
  d.raw = "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)1 bản chính";
  d.parsed = true;
  p.components.push_back(d);
  return p;
}

class CatalogueTest : public StorageTest {
 protected:
  void SetUp() override {
    StorageTest::SetUp();
    if (HasFatalFailure()) return;
    migrate(*db);
  }

  UpsertOutcome upsert(const Procedure& p) {
    return db->write([&](Connection& c) { return upsert_procedure(c, p, kNow); });
  }

  ProcedurePage search(ProcedureQuery q) {
    return db->read([&](Connection& c) { return search_procedures(c, q); });
  }
  ProcedurePage search(const std::string& text) {
    ProcedureQuery q;
    q.q = text;
    return search(q);
  }
  static std::vector<std::string> codes(const ProcedurePage& page) {
    std::vector<std::string> out;
    for (const auto& i : page.items) out.push_back(i.code);
    return out;
  }

  // Procedures of the residence sector, several starting with "Đăng ký".
  void seed_residence() {
    for (const auto& p : {
             make("1.004222", "Đăng ký thường trú"),
             make("1.010028", "Xóa đăng ký tạm trú"),
             make("1.010040", "Khai báo thông tin về cư trú đối với người chưa đủ điều kiện đăng ký thường trú, "
                              "đăng ký tạm trú"),
             make("9.000001", "Tạm trú: đăng ký lại khi thay đổi chỗ ở"),
             make("9.000002", "Đăng ký tạm trú cho người chưa thành niên"),
             make("1.002755", "Gia hạn tạm trú"),
             make("1.004194", "Đăng ký tạm trú"),
             make("1.001193", "Đăng ký khai sinh", "Hộ tịch", {"xa"}),
             make("2.000635", "Cấp bản sao trích lục hộ tịch", "Hộ tịch", {"tinh", "xa"}),
         })
      upsert(p);
  }

  std::int64_t make_agency(const std::string& name) {
    return db->write([&](Connection& c) {
      AgencyFields f;
      f.kind = "ubnd_xa";
      f.name = name;
      return create_agency(c, f, kNow);
    });
  }
};

TEST_F(CatalogueTest, UpsertingTheSameProcedureTwiceKeepsOneRow) {
  const Procedure p = make("1.004194", "Đăng ký tạm trú");
  EXPECT_EQ(upsert(p).result, UpsertResult::inserted);
  EXPECT_EQ(upsert(p).result, UpsertResult::unchanged);
  EXPECT_EQ(count("procedures"), 1);
  EXPECT_EQ(count("procedure_versions"), 1);
  EXPECT_EQ(count("processing_times"), 1);
  EXPECT_EQ(count("fees"), 1);
  EXPECT_EQ(count("dossier_components"), 1);

  // Same code and decision, other content: updated in place, children replaced.
  Procedure changed = p;
  changed.steps = "Bước 1: Nộp hồ sơ trực tuyến.";
  changed.times.push_back(changed.times[0]);
  changed.times[1].channel = domain::Channel::online;
  changed.times[1].amount = 0.5;
  changed.review_flags = {"fees"};
  const auto o = upsert(changed);
  EXPECT_EQ(o.result, UpsertResult::updated);
  EXPECT_EQ(count("procedure_versions"), 1);
  EXPECT_EQ(count("processing_times"), 2);
  EXPECT_EQ(count("dossier_components"), 1);

  const auto rec = db->read([&](Connection& c) { return get_procedure(c, "1.004194"); });
  ASSERT_TRUE(rec);
  EXPECT_EQ(rec->version_id, o.version_id);
  EXPECT_EQ(rec->version_key, "9354/QĐ-BCA-C06");
  EXPECT_EQ(rec->procedure.steps, changed.steps);
  ASSERT_EQ(rec->procedure.times.size(), 2u);
  EXPECT_EQ(rec->procedure.times[1].amount, 0.5);
  EXPECT_EQ(rec->procedure.times[1].channel, domain::Channel::online);
  EXPECT_EQ(rec->procedure.fees[0].amount_vnd, 7000);
  EXPECT_EQ(rec->procedure.components[0].allowed_types, (std::vector<std::string>{"pdf", "docx"}));
  EXPECT_EQ(rec->procedure.review_flags, (std::vector<std::string>{"fees"}));
  // What was read back is what was stored: the same canonical hash.
  EXPECT_EQ(procedure_content_hash(rec->procedure), procedure_content_hash(changed));
  EXPECT_EQ(search("dang ky tam tru").total, 1);
}

TEST_F(CatalogueTest, ANewPublishingDecisionAddsAVersionThatBecomesCurrent) {
  Procedure v1 = make("1.004194", "Đăng ký tạm trú");
  v1.decision.number = "5548/QĐ-BCA-C06";
  upsert(v1);
  Procedure v2 = make("1.004194", "Đăng ký tạm trú (sửa đổi)");
  v2.decision.number = "  9354/QĐ-BCA-C06 ";  // whitespace does not make another key
  v2.decision.date = "2025-06-30";
  const auto o = upsert(v2);
  EXPECT_EQ(o.result, UpsertResult::new_version);
  Procedure again = v2;
  again.decision.number = "9354/QĐ-BCA-C06";
  EXPECT_EQ(upsert(again).result, UpsertResult::updated);  // same key; the number's text differs
  EXPECT_EQ(count("procedures"), 1);
  EXPECT_EQ(count("procedure_versions"), 2);

  const auto current = db->read([&](Connection& c) { return get_procedure(c, "1.004194"); });
  ASSERT_TRUE(current);
  EXPECT_EQ(current->version_id, o.version_id);
  EXPECT_TRUE(current->current);
  EXPECT_EQ(current->procedure.name, "Đăng ký tạm trú (sửa đổi)");
  EXPECT_EQ(current->procedure.decision.date, "2025-06-30");
  ASSERT_EQ(current->versions.size(), 2u);
  EXPECT_EQ(current->versions[0].version_key, "5548/QĐ-BCA-C06");
  EXPECT_FALSE(current->versions[0].current);
  EXPECT_TRUE(current->versions[1].current);

  const auto old = db->read([&](Connection& c) { return get_procedure(c, "1.004194", std::string("5548/QĐ-BCA-C06")); });
  ASSERT_TRUE(old);
  EXPECT_FALSE(old->current);
  EXPECT_EQ(old->procedure.name, "Đăng ký tạm trú");

  // Only the current version is searched.
  const auto hits = search("dang ky tam tru");
  EXPECT_EQ(hits.total, 1);
  ASSERT_EQ(hits.items.size(), 1u);
  EXPECT_EQ(hits.items[0].name, "Đăng ký tạm trú (sửa đổi)");
  EXPECT_EQ(search("sua doi").total, 1);
}

TEST_F(CatalogueTest, TheExactNameRanksFirstThenPrefixThenPhraseThenWords) {
  seed_residence();
  upsert(make("9.000003", "Đăng ký hoạt động Trung tâm", "Tư vấn pháp luật", {"tinh"}));
  const auto hits = search("dang ky tam tru");
  // Exact name, then names starting with the phrase, containing it, holding its words, a procedure that
  // holds them only with its sector ("Đăng ký, quản lý cư trú"), and last one where "tru" is only the
  // start of a word ("Trung tâm").
  EXPECT_EQ(codes(hits), (std::vector<std::string>{"1.004194", "9.000002", "1.010028", "1.010040", "9.000001",
                                                   "1.002755", "9.000003"}));
  EXPECT_EQ(hits.total, 7);
  EXPECT_EQ(hits.items[0].name, "Đăng ký tạm trú");
  // With the diacritics typed, the same answer.
  EXPECT_EQ(codes(search("Đăng ký tạm trú")), codes(hits));
  // Upper case folds too.
  EXPECT_EQ(codes(search("DANG KY TAM TRU")), codes(hits));
}

TEST_F(CatalogueTest, UpperCaseAndPrefixesMatch) {
  seed_residence();
  const auto hits = search("DANG KY");
  // Every name holding both words; names starting with them first, shortest first.
  ASSERT_GE(hits.items.size(), 4u);
  EXPECT_EQ(hits.items[0].name, "Đăng ký tạm trú");
  EXPECT_EQ(hits.items[1].name, "Đăng ký khai sinh");
  EXPECT_EQ(hits.items[2].name, "Đăng ký thường trú");
  EXPECT_EQ(hits.total, 8);  // with "Gia hạn tạm trú", through its sector
  // The last word is a prefix: "khai s" finds "khai sinh" (typing in progress).
  EXPECT_EQ(codes(search("dang ky khai s")), (std::vector<std::string>{"1.001193"}));
  // A word missing from everything finds nothing.
  EXPECT_EQ(search("dang ky ket hon").total, 0);
}

TEST_F(CatalogueTest, DakLakFindsDacLacWithTheStrokedD) {
  seed_residence();
  upsert(make("9.000100", "Cấp giấy phép khai thác nước mặt trên địa bàn tỉnh Đắk Lắk", "Tài nguyên nước", {"tinh"}));
  upsert(make("9.000101", "Thủ tục cấp phép tại huyện Lắk", "Tài nguyên nước", {"tinh"}));
  const auto hits = search("dak lak");
  EXPECT_EQ(codes(hits), (std::vector<std::string>{"9.000100"}));
  EXPECT_EQ(codes(search("Đắk Lắk")), (std::vector<std::string>{"9.000100"}));
  EXPECT_EQ(codes(search("ĐẮK")), (std::vector<std::string>{"9.000100"}));
  // The sector is indexed too: "tai nguyen nuoc" finds both, by the shorter name first.
  EXPECT_EQ(codes(search("tai nguyen nuoc")), (std::vector<std::string>{"9.000101", "9.000100"}));
}

TEST_F(CatalogueTest, TheCodeFindsItsProcedureFirst) {
  seed_residence();
  EXPECT_EQ(codes(search("1.004194")), (std::vector<std::string>{"1.004194"}));
  const auto prefix = search("1.0041");
  EXPECT_EQ(codes(prefix), (std::vector<std::string>{"1.004194"}));
  EXPECT_EQ(search("!!!").total, 0);
  EXPECT_EQ(search("   ").total, 9);  // blank text: no text filter
}

TEST_F(CatalogueTest, FiltersCombineWithTheText) {
  seed_residence();
  Procedure full = make("9.000200", "Đăng ký tạm trú trực tuyến toàn trình");
  full.online_level = domain::OnlineLevel::full;
  full.levels = {"tinh"};
  upsert(full);

  ProcedureQuery q;
  q.sector = "Ho tich";  // folded comparison
  EXPECT_EQ(codes(search(q)), (std::vector<std::string>{"1.001193", "2.000635"}));
  q.sector = "Hộ tịch";
  q.level = "tinh";
  EXPECT_EQ(codes(search(q)), (std::vector<std::string>{"2.000635"}));

  ProcedureQuery online;
  online.q = "dang ky tam tru";
  online.online_level = "full";
  EXPECT_EQ(codes(search(online)), (std::vector<std::string>{"9.000200"}));
  online.online_level = "unknown";
  EXPECT_EQ(search(online).total, 6);
  online.online_level.reset();
  online.level = "xa";
  EXPECT_EQ(search(online).total, 6);

  // ?agency_id= lists what the agency offers (an active service).
  const std::int64_t xa = make_agency("UBND phường Tô Hiệu");
  const std::int64_t other = make_agency("UBND xã Mai Sơn");
  db->write([&](Connection& c) {
    for (const char* code : {"1.004194", "1.001193"}) {
      AgencyService s;
      s.agency_id = xa;
      s.procedure_code = code;
      s.level = "xa";
      s.updated_ms = kNow;
      set_agency_service(c, s);
    }
    AgencyService inactive;
    inactive.agency_id = xa;
    inactive.procedure_code = "1.010028";
    inactive.level = "xa";
    inactive.active = false;
    inactive.updated_ms = kNow;
    set_agency_service(c, inactive);
  });
  ProcedureQuery by_agency;
  by_agency.agency_id = xa;
  EXPECT_EQ(codes(search(by_agency)), (std::vector<std::string>{"1.001193", "1.004194"}));
  by_agency.q = "tam tru";
  EXPECT_EQ(codes(search(by_agency)), (std::vector<std::string>{"1.004194"}));
  by_agency.agency_id = other;
  EXPECT_EQ(search(by_agency).total, 0);
}

TEST_F(CatalogueTest, PagesCarryTheTotal) {
  seed_residence();
  ProcedureQuery q;
  q.q = "dang ky";
  q.per_page = 3;
  const auto first = search(q);
  EXPECT_EQ(first.total, 8);
  EXPECT_EQ(first.items.size(), 3u);
  q.page = 3;
  const auto last = search(q);
  EXPECT_EQ(last.total, 8);
  EXPECT_EQ(last.items.size(), 2u);
  q.page = 4;
  EXPECT_EQ(search(q).items.size(), 0u);
  // The pages together are the whole ordered list, without repeats.
  std::vector<std::string> all;
  for (std::int64_t page = 1; page <= 3; ++page) {
    q.page = page;
    for (const auto& c : codes(search(q))) all.push_back(c);
  }
  ProcedureQuery everything;
  everything.q = "dang ky";
  everything.per_page = 50;
  EXPECT_EQ(all, codes(search(everything)));
  ProcedureQuery none;
  EXPECT_EQ(search(none).total, 9);
}

TEST_F(CatalogueTest, AFailingImportLeavesNothingBehind) {
  const auto first = import_procedures(*db, {make("1.004194", "Đăng ký tạm trú"), make("1.004222", "Đăng ký thường trú")}, kNow);
  EXPECT_EQ(first.inserted, 2);

  std::vector<std::size_t> progress;
  Procedure renamed = make("1.004194", "Đăng ký tạm trú (đổi tên)");
  Procedure nameless = make("1.010028", "");
  EXPECT_THROW(
      {
        try {
          import_procedures(*db, {renamed, make("9.000001", "Một thủ tục mới"), nameless}, kNow,
                            [&](std::size_t done, std::size_t) { progress.push_back(done); }, 1);
        } catch (const std::runtime_error& e) {
          EXPECT_NE(std::string(e.what()).find("procedure #3 (1.010028)"), std::string::npos) << e.what();
          throw;
        }
      },
      std::runtime_error);
  EXPECT_EQ(progress, (std::vector<std::size_t>{1, 2}));
  EXPECT_EQ(count("procedures"), 2);
  EXPECT_EQ(count("procedure_versions"), 2);
  const auto rec = db->read([&](Connection& c) { return get_procedure(c, "1.004194"); });
  EXPECT_EQ(rec->procedure.name, "Đăng ký tạm trú");
  EXPECT_EQ(search("moi").total, 0);  // the FTS index rolled back with the rows

  // Re-running the good import changes nothing.
  const auto again = import_procedures(*db, {make("1.004194", "Đăng ký tạm trú"), make("1.004222", "Đăng ký thường trú")}, kNow);
  EXPECT_EQ(again.unchanged, 2);
  EXPECT_EQ(again.inserted + again.updated + again.new_versions, 0);
}

TEST_F(CatalogueTest, APromisedTimeMustNotExceedTheLegalOne) {
  Procedure p = make("1.004194", "Đăng ký tạm trú");  // 3 working days in person
  domain::ProcessingTime online;
  online.channel = domain::Channel::online;
  online.amount = 2;
  online.unit = domain::TimeUnit::working_days;
  online.parsed = true;
  p.times.push_back(online);
  upsert(p);
  Procedure unknown = make("1.004222", "Đăng ký thường trú");
  unknown.times[0].amount.reset();
  unknown.times[0].unit = domain::TimeUnit::unspecified;
  unknown.times[0].parsed = false;
  upsert(unknown);
  const std::int64_t xa = make_agency("UBND phường Tô Hiệu");

  auto issues = [&](AgencyService s) {
    std::vector<std::string> fields;
    for (const auto& i : db->read([&](Connection& c) { return validate_agency_service(c, s); })) fields.push_back(i.field);
    return fields;
  };
  AgencyService s;
  s.agency_id = xa;
  s.procedure_code = "1.004194";
  s.level = "xa";
  EXPECT_TRUE(issues(s).empty());
  s.promised_time_amount = 2;
  s.promised_time_unit = "working_days";
  EXPECT_TRUE(issues(s).empty());  // equal to the shortest legal time (online, 2 days)
  s.promised_time_amount = 2.5;
  EXPECT_EQ(issues(s), (std::vector<std::string>{"promised_time_amount"}));
  s.promised_time_amount = 16;
  s.promised_time_unit = "working_hours";  // 2 working days
  EXPECT_TRUE(issues(s).empty());
  s.promised_time_amount = 17;
  EXPECT_EQ(issues(s), (std::vector<std::string>{"promised_time_amount"}));
  s.promised_time_unit = "months";  // not comparable with working days: cannot be checked, refused
  s.promised_time_amount = 1;
  EXPECT_EQ(issues(s), (std::vector<std::string>{"promised_time_amount"}));
  s.promised_time_unit = "fortnights";
  EXPECT_EQ(issues(s), (std::vector<std::string>{"promised_time_unit"}));
  s.promised_time_unit.reset();
  EXPECT_EQ(issues(s), (std::vector<std::string>{"promised_time_unit"}));
  s.promised_time_amount.reset();
  s.level = "tinh";  // the catalogue lists only cấp xã
  EXPECT_EQ(issues(s), (std::vector<std::string>{"level"}));
  s.level = "xa";

  AgencyService u = s;
  u.procedure_code = "1.004222";
  u.promised_time_amount = 1;
  u.promised_time_unit = "working_days";
  EXPECT_EQ(issues(u), (std::vector<std::string>{"promised_time_amount"}));  // legal time not parsed
  u.procedure_code = "9.999999";
  EXPECT_EQ(issues(u), (std::vector<std::string>{"procedure_code"}));

  // Set, read, replace, list, delete.
  s.promised_time_amount = 1;
  s.promised_time_unit = "working_days";
  s.workflow_key = "cu-tru-1-cap";
  s.fee_account = "3511.0.1055555.00000";
  s.updated_ms = kNow;
  EXPECT_TRUE(db->write([&](Connection& c) { return set_agency_service(c, s); }));
  s.eform_key = "CT01";
  EXPECT_FALSE(db->write([&](Connection& c) { return set_agency_service(c, s); }));
  const auto got = db->read([&](Connection& c) { return get_agency_service(c, xa, "1.004194"); });
  ASSERT_TRUE(got);
  EXPECT_TRUE(got->same_settings(s));
  const auto list = db->read([&](Connection& c) { return list_agency_services(c, xa); });
  EXPECT_EQ(list.total, 1);
  ASSERT_EQ(list.items.size(), 1u);
  EXPECT_EQ(list.items[0].procedure_name, "Đăng ký tạm trú");
  EXPECT_TRUE(db->write([&](Connection& c) { return delete_agency_service(c, xa, "1.004194"); }));
  EXPECT_FALSE(db->write([&](Connection& c) { return delete_agency_service(c, xa, "1.004194"); }));
  EXPECT_EQ(count("agency_services"), 0);
}

TEST_F(CatalogueTest, TheSearchKeyIsFoldedWords) {
  EXPECT_EQ(search_key("Đắk Lắk"), "dak lak");
  EXPECT_EQ(search_key("  1.004194 — Đăng ký, TẠM TRÚ! "), "1 004194 dang ky tam tru");
  EXPECT_EQ(search_key("!!!"), "");
}

}  // namespace
}  // namespace motcua::storage::testing
