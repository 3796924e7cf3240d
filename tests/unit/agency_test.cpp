// Agencies: kinds, identifier codes, contacts, draft validation, the tree in SQLite and the demo seed.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "app/demo_agencies.h"
#include "domain/agency.h"
#include "storage/agency_repo.h"
#include "storage/migrations.h"

namespace fs = std::filesystem;
using namespace motcua;
using domain::AgencyKind;

TEST(AgencyKind, CodesRoundTrip) {
  std::set<std::string_view> codes;
  for (auto k : domain::kAllAgencyKinds) {
    EXPECT_EQ(domain::parse_agency_kind(domain::agency_kind_code(k)), k);
    EXPECT_FALSE(domain::agency_kind_name_vi(k).empty());
    codes.insert(domain::agency_kind_code(k));
  }
  EXPECT_EQ(codes.size(), domain::kAllAgencyKinds.size());
  EXPECT_EQ(domain::agency_kind_code(AgencyKind::trung_tam_phvhcc), "trung_tam_phvhcc");
  EXPECT_EQ(domain::agency_kind_name_vi(AgencyKind::bo_phan_mot_cua), "Bộ phận một cửa");
  EXPECT_FALSE(domain::parse_agency_kind("UBND_XA").has_value());
}

TEST(AgencyCodes, Qcvn102) {
  for (const char* ok : {"000.00.00.H12", "000.00.20.H12", "000.00.00.H56", "123.45.67.G09"})
    EXPECT_TRUE(domain::is_valid_qcvn102_code(ok)) << ok;
  for (const char* bad : {"", "000.00.00.h12", "00.00.00.H12", "000.00.00.H1", "000-00-00-H12", "000.00.00.H123",
                          "H12.00.00.000", "000.0A.00.H12", " 000.00.00.H12"})
    EXPECT_FALSE(domain::is_valid_qcvn102_code(bad)) << bad;
}

TEST(AgencyCodes, Qd20) {
  for (const char* ok : {"G09.20", "H52", "H52.61.01", "Z01.ABC123", "A01.1234567890.1234567890.12345678"})
    EXPECT_TRUE(domain::is_valid_qd20_code(ok)) << ok;
  EXPECT_EQ(std::string("A01.1234567890.1234567890.12345678").size(), 34u);
  for (const char* bad : {"", "g09.20", "G9.20", "G09..20", "G09.", ".G09", "G09.2a", "GG9.20", "09G.20",
                          "A01.1234567890.1234567890.123456789X"})
    EXPECT_FALSE(domain::is_valid_qd20_code(bad)) << bad;
}

TEST(AgencyContacts, Phone) {
  for (const char* ok : {"0912345678", "+84 912 345 678", "0212 3852 001", "(0212) 3852001", "024.3825.1234",
                         "+84 24 3825 1234", "1022", "113", "1800 1234", "1900 123 456", "0388-123-456"})
    EXPECT_TRUE(domain::is_valid_phone(ok)) << ok;
  for (const char* bad : {"", "12", "0123", "091234567", "phone", "+1 555 1234", "0212 385 200", "0112345678",
                          "+84 1022", "09123456789", "0912345678 ext 2"})
    EXPECT_FALSE(domain::is_valid_phone(bad)) << bad;
}

TEST(AgencyContacts, Email) {
  for (const char* ok : {"stp@sonla.gov.vn", "motcua.tohieu@sonla.gov.vn", "a+b@example.vn"})
    EXPECT_TRUE(domain::is_valid_email(ok)) << ok;
  for (const char* bad : {"", "sonla.gov.vn", "a@b", "a@@b.vn", "a b@c.vn", "@sonla.gov.vn"})
    EXPECT_FALSE(domain::is_valid_email(bad)) << bad;
}

namespace {

domain::AgencyDraft good_draft() {
  domain::AgencyDraft d;
  d.kind = "ubnd_xa";
  d.name = "UBND phường Tô Hiệu";
  d.qcvn102_code = "000.00.61.H52";
  d.qd20_code = "H52.61";
  d.unit_scheme = "2025";
  d.unit_code = "03646";
  d.phone = "0212 3852 161";
  d.email = "tohieu@sonla.gov.vn";
  d.hotline = "1022";
  return d;
}

std::set<std::string> fields(const std::vector<domain::FieldIssue>& issues) {
  std::set<std::string> out;
  for (const auto& i : issues) {
    EXPECT_FALSE(i.message_vi.empty());
    EXPECT_FALSE(i.message_en.empty());
    out.insert(i.field);
  }
  return out;
}

}  // namespace

TEST(AgencyValidate, AcceptsAGoodDraft) { EXPECT_TRUE(domain::validate_agency(good_draft()).empty()); }

TEST(AgencyValidate, ListsEveryBadField) {
  auto d = good_draft();
  d.kind = "uy_ban";
  d.name = "";
  d.qcvn102_code = "H52";
  d.qd20_code = "000.00.61.H52";
  d.phone = "12";
  d.hotline = "abc";
  d.email = "nope";
  d.unit_code = "3646";
  EXPECT_EQ(fields(domain::validate_agency(d)),
            (std::set<std::string>{"kind", "name", "qcvn102_code", "qd20_code", "phone", "hotline", "email", "unit_code"}));
}

TEST(AgencyValidate, UnitRules) {
  auto d = good_draft();
  d.unit_code.reset();
  EXPECT_EQ(fields(domain::validate_agency(d)), std::set<std::string>{"unit_code"});
  d = good_draft();
  d.unit_scheme = "2024";
  EXPECT_EQ(fields(domain::validate_agency(d)), std::set<std::string>{"unit_scheme"});
  // No district level since 01/07/2025.
  d = good_draft();
  d.kind = "ubnd_huyen";
  d.unit_code = "116";
  EXPECT_EQ(fields(domain::validate_agency(d)), std::set<std::string>{"unit_scheme"});
  d.unit_scheme = "legacy";
  EXPECT_TRUE(domain::validate_agency(d).empty());
}

// ---------------------------------------------------------------- repository and seed on SQLite

namespace {

class AgencyDb : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() / ("motcua-agency-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    db_ = storage::Db::open("sqlite://" + (dir_ / "test.db").string());
    storage::migrate(*db_);
  }
  void TearDown() override {
    db_.reset();
    fs::remove_all(dir_);
  }
  static storage::AgencyFields agency(std::string name, std::optional<std::int64_t> parent) {
    storage::AgencyFields f;
    f.kind = "phong_ban";
    f.name = std::move(name);
    f.parent_id = parent;
    return f;
  }

  fs::path dir_;
  std::unique_ptr<storage::Db> db_;
};

}  // namespace

TEST_F(AgencyDb, PathsSubtreesAndMoves) {
  db_->write([&](storage::Connection& tx) {
    const auto root = storage::create_agency(tx, agency("UBND tỉnh", std::nullopt), 1000);
    const auto a = storage::create_agency(tx, agency("Sở Tư pháp", root), 1000);
    const auto a1 = storage::create_agency(tx, agency("Phòng Hành chính tư pháp", a), 1000);
    const auto b = storage::create_agency(tx, agency("Sở Nội vụ", root), 1000);
    const auto r = "/" + std::to_string(root) + "/";
    EXPECT_EQ(storage::agency_path(tx, root), r);
    EXPECT_EQ(storage::agency_path(tx, a1), r + std::to_string(a) + "/" + std::to_string(a1) + "/");
    EXPECT_FALSE(storage::agency_path(tx, 9999).has_value());

    EXPECT_EQ(storage::list_agencies(tx, {.subtree_of = a}).total, 2);
    EXPECT_EQ(storage::list_agencies(tx, {.parent_id = root}).total, 2);
    EXPECT_EQ(storage::list_agencies(tx, {.q = "so tu phap"}).total, 1);
    EXPECT_EQ(storage::list_agencies(tx, {.kind = "phong_ban", .per_page = 2}).items.size(), 2u);

    // Moving Sở Tư pháp under Sở Nội vụ moves its whole subtree.
    auto moved = storage::get_agency(tx, a)->fields;
    moved.parent_id = b;
    storage::update_agency(tx, a, moved, 2000);
    const auto b_path = *storage::agency_path(tx, b);
    EXPECT_EQ(storage::agency_path(tx, a1), b_path + std::to_string(a) + "/" + std::to_string(a1) + "/");
    EXPECT_EQ(storage::get_agency(tx, a)->updated_at_ms, 2000);
    EXPECT_EQ(storage::list_agencies(tx, {.subtree_of = b}).total, 3);

    // Never under its own descendant.
    auto cycle = storage::get_agency(tx, b)->fields;
    cycle.parent_id = a1;
    EXPECT_THROW(storage::update_agency(tx, b, cycle, 3000), storage::DbError);
    EXPECT_THROW(storage::create_agency(tx, agency("Mồ côi", 9999), 1000), storage::DbError);
  });
}

TEST_F(AgencyDb, PathWithin) {
  EXPECT_TRUE(storage::path_within("/1/7/42/", "/1/7/"));
  EXPECT_TRUE(storage::path_within("/1/7/", "/1/7/"));
  EXPECT_FALSE(storage::path_within("/1/70/", "/1/7/"));
  EXPECT_FALSE(storage::path_within("/1/", "/1/7/"));
  EXPECT_FALSE(storage::path_within("/1/", ""));
}

TEST_F(AgencyDb, DemoSeedIsIdempotentAndSeparatesTheCommunes) {
  const auto first = db_->write([](storage::Connection& tx) { return app::seed_demo_agencies(tx); });
  const auto second = db_->write([](storage::Connection& tx) { return app::seed_demo_agencies(tx); });
  EXPECT_EQ(first.root, second.root);
  EXPECT_EQ(first.xa_b_mot_cua, second.xa_b_mot_cua);
  db_->read([&](storage::Connection& c) {
    EXPECT_EQ(storage::list_agencies(c, {}).total, 7);
    const auto root = *storage::agency_path(c, first.root);
    const auto xa_a = *storage::agency_path(c, first.xa_a);
    const auto xa_b = *storage::agency_path(c, first.xa_b);
    for (auto id : {first.so_tu_phap, first.ttphvhcc, first.xa_a, first.xa_a_mot_cua, first.xa_b, first.xa_b_mot_cua})
      EXPECT_TRUE(storage::path_within(*storage::agency_path(c, id), root));
    EXPECT_TRUE(storage::path_within(*storage::agency_path(c, first.xa_a_mot_cua), xa_a));
    EXPECT_FALSE(storage::path_within(*storage::agency_path(c, first.xa_a_mot_cua), xa_b));
    EXPECT_FALSE(storage::path_within(xa_b, xa_a));
    // Every demo agency passes the same validation as the API.
    for (const auto& a : storage::list_agencies(c, {}).items) {
      const auto& f = a.fields;
      const domain::AgencyDraft d{f.kind,        f.name,        f.short_name, f.qcvn102_code, f.qd20_code, f.unit_scheme,
                                  f.unit_code,   f.address,     f.phone,      f.email,        f.hotline};
      EXPECT_TRUE(domain::validate_agency(d).empty()) << f.name;
    }
    EXPECT_EQ(storage::get_agency(c, first.xa_a)->fields.unit_code, "03646");
    EXPECT_EQ(storage::find_agency_by_qcvn102(c, "000.00.00.H52")->id, first.root);
    // One audit row per created agency, none for the second run.
    EXPECT_EQ(c.exec("SELECT COUNT(*) FROM audit_log WHERE action = 'agency.create'").one().i64(0), 7);
  });
}
