// Administrative units: folding, parsing the three real source formats, and the import on SQLite.
#include <gtest/gtest.h>
#include <zlib.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "app/import_units.h"
#include "domain/units.h"
#include "domain/vn_fold.h"
#include "storage/migrations.h"
#include "storage/unit_repo.h"

namespace fs = std::filesystem;
using namespace motcua;
using domain::UnitLevel;
using domain::UnitScheme;

// ---------------------------------------------------------------- vn_fold

TEST(VnFold, StripsVietnameseDiacritics) {
  EXPECT_EQ(domain::vn_fold("Đắk Lắk"), "dak lak");
  EXPECT_EQ(domain::vn_fold("Đăng ký tạm trú"), "dang ky tam tru");
  EXPECT_EQ(domain::vn_fold("Phường Hồng Hà"), "phuong hong ha");
  EXPECT_EQ(domain::vn_fold("ỨNG HÒA"), "ung hoa");
}

TEST(VnFold, OldAndNewToneMarksAndNfdFoldAlike) {
  EXPECT_EQ(domain::vn_fold("Thanh Hoá"), domain::vn_fold("Thanh Hóa"));
  EXPECT_EQ(domain::vn_fold("Ho\xcc\x80" "a"), "hoa");  // "Hòa" with a combining grave accent
}

TEST(VnFold, CollapsesWhitespaceAndKeepsDigits) {
  EXPECT_EQ(domain::vn_fold("  Quận   1\t"), "quan 1");
  EXPECT_EQ(domain::vn_fold(""), "");
}

// ---------------------------------------------------------------- parsing (snippets of the real files)

namespace {

// From dvhc-2025-34-tinh/vn_units_34_provinces_3321_wards.json; the lower-case "xã" is a real quirk.
const char* k2025Json = R"([
 {"Code": "01", "Name": "Hà Nội", "NameEn": "Hanoi", "FullName": "Thành phố Hà Nội", "FullNameEn": "Hanoi City",
  "CodeName": "ha_noi", "Wards": [
   {"Code": "00004", "Name": "Ba Đình", "NameEn": "Ba Dinh", "FullName": "Phường Ba Đình",
    "FullNameEn": "Ba Dinh Ward", "CodeName": "ba_dinh", "ProvinceCode": "01"},
   {"Code": "00097", "Name": "Hồng Hà", "NameEn": "Hong Ha", "FullName": "Phường Hồng Hà",
    "FullNameEn": "Hong Ha Ward", "CodeName": "hong_ha", "ProvinceCode": "01"}]},
 {"Code": "22", "Name": "Quảng Ninh", "NameEn": "Quang Ninh", "FullName": "Tỉnh Quảng Ninh",
  "FullNameEn": "Quang Ninh Province", "CodeName": "quang_ninh", "Wards": [
   {"Code": "06978", "Name": "Ba Chẽ", "NameEn": "Ba Che", "FullName": "xã Ba Chẽ",
    "FullNameEn": "Ba Che Commune", "CodeName": "ba_che", "ProvinceCode": "22"}]},
 {"Code": "31", "Name": "Hải Phòng", "NameEn": "Hai Phong", "FullName": "Thành phố Hải Phòng",
  "FullNameEn": "Hai Phong City", "CodeName": "hai_phong", "Wards": [
   {"Code": "11948", "Name": "Bạch Long Vĩ", "NameEn": "Bach Long Vi", "FullName": "Đặc khu Bạch Long Vĩ",
    "FullNameEn": "Bach Long Vi Special Zone", "CodeName": "bach_long_vi", "ProvinceCode": "31"}]}
])";

// From dvhc-2024-63-tinh-legacy/vn_units_63_provinces_legacy.min.json (island districts have "Ward": null).
const char* kLegacyJson =
    R"([{"Code":"01","Name":"Hà Nội","NameEn":"Ha Noi","FullName":"Thành phố Hà Nội","FullNameEn":"Ha Noi City",)"
    R"("CodeName":"ha_noi","District":[{"Code":"001","Name":"Ba Đình","NameEn":"Ba Dinh","FullName":"Quận Ba Đình",)"
    R"("FullNameEn":"Ba Dinh District","CodeName":"ba_dinh","ProvinceCode":"01","Ward":[)"
    R"({"Code":"00001","Name":"Phúc Xá","NameEn":"Phuc Xa","FullName":"Phường Phúc Xá","FullNameEn":"Phuc Xa Ward",)"
    R"("CodeName":"phuc_xa","DistrictCode":"001"},)"
    R"({"Code":"00007","Name":"Cống Vị","NameEn":"Cong Vi","FullName":"Phường Cống Vị","FullNameEn":"Cong Vi Ward",)"
    R"("CodeName":"cong_vi","DistrictCode":"001"}]}]},)"
    R"({"Code":"22","Name":"Quảng Ninh","NameEn":"Quang Ninh","FullName":"Tỉnh Quảng Ninh","FullNameEn":"Quang Ninh Province",)"
    R"("CodeName":"quang_ninh","District":[{"Code":"202","Name":"Ba Chẽ","NameEn":"Ba Che","FullName":"Huyện Ba Chẽ",)"
    R"("FullNameEn":"Ba Che District","CodeName":"ba_che","ProvinceCode":"22","Ward":[)"
    R"({"Code":"06970","Name":"Ba Chẽ","NameEn":"Ba Che","FullName":"Thị trấn Ba Chẽ","FullNameEn":"Ba Che Township",)"
    R"("CodeName":"ba_che","DistrictCode":"202"}]}]},)"
    R"({"Code":"31","Name":"Hải Phòng","NameEn":"Hai Phong","FullName":"Thành phố Hải Phòng","FullNameEn":"Hai Phong City",)"
    R"("CodeName":"hai_phong","District":[{"Code":"318","Name":"Bạch Long Vĩ","NameEn":"Bach Long Vi",)"
    R"("FullName":"Huyện Bạch Long Vĩ","FullNameEn":"Bach Long Vi District","CodeName":"bach_long_vi",)"
    R"("ProvinceCode":"31","Ward":null}]}])";

// From dvhc-sapnhap-2025/convert_legacy_2025_simple.csv, plus one quoted field to exercise the CSV rules.
const char* kMergerCsv =
    "provinceCode,isMergedProvince,districtCode,districtType,wardCode,wardType,isMergedWard,isDividedWard,province,"
    "district,ward,newProvince,newWard,newWardShort,newProvinceCode,newProvinceLat,newProvinceLon,newWardCode,"
    "newWardType,newWardLat,newWardLon,newWardAreaKm2\n"
    "1,False,1,Quận,1.0,Phường,True,False,Thành phố Hà Nội,Quận Ba Đình,Phường Phúc Xá,Thành phố Hà Nội,"
    "Phường Hồng Hà,Hồng Hà,01,21.0001,105.698,00097,Phường,21.0567,105.845,15.09\n"
    "1,False,1,Quận,7.0,Phường,True,True,Thành phố Hà Nội,Quận Ba Đình,Phường Cống Vị,Thành phố Hà Nội,"
    "Phường Ba Đình,Ba Đình,01,21.0001,105.698,00004,Phường,21.0386,105.838,2.97\n"
    "1,False,1,Quận,7.0,Phường,True,True,Thành phố Hà Nội,Quận Ba Đình,Phường Cống Vị,\"Thành phố Hà Nội\","
    "\"Phường Hồng Hà\",\"Hồng \"\"Hà\"\"\",01,21.0001,105.698,00097,Phường,21.0567,105.845,15.09\r\n"
    "22,False,202,Huyện,6970.0,Thị trấn,True,False,Tỉnh Quảng Ninh,Huyện Ba Chẽ,Thị trấn Ba Chẽ,Tỉnh Quảng Ninh,"
    "Xã Ba Chẽ,Ba Chẽ,22,21.2642,107.223,06970,Xã,21.2528,107.252,332.68\n"
    "31,True,318,Huyện,,,True,False,Thành phố Hải Phòng,Huyện Bạch Long Vĩ,,Thành phố Hải Phòng,"
    "Đặc khu Bạch Long Vĩ,Bạch Long Vĩ,31,20.8759,106.47,11948,Đặc khu,20.1346,107.7307,3.07\n";

const domain::AdminUnit& unit(const domain::UnitTree& t, const std::string& code) {
  for (const auto& u : t.units)
    if (u.code == code) return u;
  throw std::runtime_error("no unit " + code);
}

}  // namespace

TEST(UnitParse, Tree2025) {
  const auto t = domain::parse_units_2025(k2025Json);
  EXPECT_EQ(t.provinces, 3u);
  EXPECT_EQ(t.districts, 0u);
  EXPECT_EQ(t.communes, 4u);
  const auto& hong_ha = unit(t, "00097");
  EXPECT_EQ(hong_ha.scheme, UnitScheme::current);
  EXPECT_EQ(hong_ha.level, UnitLevel::commune);
  EXPECT_EQ(hong_ha.full_name, "Phường Hồng Hà");
  EXPECT_EQ(hong_ha.kind, "phường");
  EXPECT_EQ(hong_ha.parent_code, "01");
  EXPECT_EQ(hong_ha.search_text, "phuong hong ha");
  EXPECT_EQ(unit(t, "06978").kind, "xã");  // lower-case in the source
  EXPECT_EQ(unit(t, "11948").kind, "đặc khu");
  EXPECT_EQ(unit(t, "01").kind, "thành phố");
  EXPECT_EQ(unit(t, "22").kind, "tỉnh");
  EXPECT_FALSE(unit(t, "01").parent_code.has_value());
}

TEST(UnitParse, TreeLegacyWithIslandDistrict) {
  const auto t = domain::parse_units_legacy(kLegacyJson);
  EXPECT_EQ(t.provinces, 3u);
  EXPECT_EQ(t.districts, 3u);
  EXPECT_EQ(t.communes, 3u);
  EXPECT_EQ(unit(t, "001").kind, "quận");
  EXPECT_EQ(unit(t, "001").parent_code, "01");
  EXPECT_EQ(unit(t, "00001").parent_code, "001");
  EXPECT_EQ(unit(t, "06970").kind, "thị trấn");
  EXPECT_EQ(unit(t, "318").kind, "huyện");
}

TEST(UnitParse, RejectsBrokenJson) {
  const std::string text = k2025Json;
  EXPECT_THROW(domain::parse_units_2025(text.substr(0, text.size() / 2)), domain::UnitDataError);
  EXPECT_THROW(domain::parse_units_2025("{}"), domain::UnitDataError);
  // A ward listed under the wrong province.
  std::string wrong_parent = text;
  wrong_parent.replace(wrong_parent.find(R"("ProvinceCode": "01")"), 20, R"("ProvinceCode": "02")");
  EXPECT_THROW(domain::parse_units_2025(wrong_parent), domain::UnitDataError);
  // A code of the wrong length.
  std::string bad_code = text;
  bad_code.replace(bad_code.find(R"("Code": "00097")"), 15, R"("Code": "0097")");
  EXPECT_THROW(domain::parse_units_2025(bad_code), domain::UnitDataError);
  // A duplicate code.
  std::string dup = text;
  dup.replace(dup.find(R"("Code": "00097")"), 15, R"("Code": "00004")");
  EXPECT_THROW(domain::parse_units_2025(dup), domain::UnitDataError);
  // A name whose kind is unknown.
  std::string kind = text;
  kind.replace(kind.find("\"Phường Hồng Hà\""), std::string("\"Phường Hồng Hà\"").size(), "\"Hồng Hà\"");
  EXPECT_THROW(domain::parse_units_2025(kind), domain::UnitDataError);
}

TEST(UnitParse, MergerCsv) {
  const auto rows = domain::parse_merger_csv(kMergerCsv);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].legacy_code, "00001");  // "1.0"
  EXPECT_EQ(rows[0].legacy_level, UnitLevel::commune);
  EXPECT_EQ(rows[0].new_code, "00097");
  EXPECT_EQ(rows[0].new_full_name, "Phường Hồng Hà");
  EXPECT_EQ(rows[0].new_province_code, "01");
  EXPECT_FALSE(rows[0].divided);
  EXPECT_TRUE(rows[1].divided);
  EXPECT_EQ(rows[2].new_full_name, "Phường Hồng Hà");  // quoted
  EXPECT_EQ(rows[2].line, 4u);
  EXPECT_EQ(rows[4].legacy_code, "318");  // island district without communes
  EXPECT_EQ(rows[4].legacy_level, UnitLevel::district);
}

TEST(UnitParse, MergerCsvRejectsBrokenRows) {
  const std::string text = kMergerCsv;
  EXPECT_THROW(domain::parse_merger_csv(text.substr(0, text.find("\n1,False,1,Quận,7.0") + 30)), domain::UnitDataError);
  std::string fraction = text;
  fraction.replace(fraction.find(",1.0,"), 5, ",1.5,");
  EXPECT_THROW(domain::parse_merger_csv(fraction), domain::UnitDataError);
  EXPECT_THROW(domain::parse_merger_csv("a,b\n1,2\n"), domain::UnitDataError);  // columns missing
  EXPECT_THROW(domain::parse_merger_csv(text + "1,\"unterminated\n"), domain::UnitDataError);
}

TEST(UnitParse, ResolveSuccessorsByCodeThenByName) {
  const auto current = domain::parse_units_2025(k2025Json);
  const auto legacy = domain::parse_units_legacy(kLegacyJson);
  auto rows = domain::parse_merger_csv(kMergerCsv);
  const auto r = domain::resolve_successors(rows, current, legacy);
  EXPECT_TRUE(r.unresolved.empty());
  EXPECT_EQ(r.by_code, 4u);
  EXPECT_EQ(r.by_name, 1u);  // Ba Chẽ: 06970 in the CSV, 06978 in the 2025 tree
  const std::vector<domain::UnitSuccessor> expected = {
      {"00001", "00097", false}, {"00007", "00004", true}, {"00007", "00097", true},
      {"06970", "06978", false}, {"318", "11948", false}};
  EXPECT_EQ(r.successors, expected);

  rows[0].new_code = "99999";
  rows[0].new_full_name = "Phường Không Có";
  rows[1].legacy_code = "00002";
  const auto bad = domain::resolve_successors(rows, current, legacy);
  EXPECT_EQ(bad.unresolved.size(), 2u);
}

TEST(UnitParse, ExpectedCounts) {
  const auto current = domain::parse_units_2025(k2025Json);
  const auto legacy = domain::parse_units_legacy(kLegacyJson);
  const auto problems = domain::check_expected_counts(current, legacy);
  ASSERT_EQ(problems.size(), 5u);
  EXPECT_EQ(problems[0], "expected 34 provinces in the 2025 tree, found 3");
}

// ---------------------------------------------------------------- import on SQLite with the bundled data

namespace {

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("motcua-units-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  const fs::path& path() const { return path_; }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

std::unique_ptr<storage::Db> open_db(const fs::path& dir) {
  auto db = storage::Db::open("sqlite://" + (dir / "test.db").string());
  storage::migrate(*db);
  return db;
}

struct Counts {
  std::int64_t provinces_2025, communes_2025, provinces_legacy, districts_legacy, communes_legacy, successors;
  bool operator==(const Counts&) const = default;
};

Counts counts(storage::Db& db) {
  return db.read([](storage::Connection& c) {
    auto n = [&](const char* scheme, const char* level) {
      return c.exec("SELECT COUNT(*) FROM admin_units WHERE scheme = $1 AND level = $2", {scheme, level}).one().i64(0);
    };
    return Counts{n("2025", "province"),     n("2025", "commune"),   n("legacy", "province"),
                  n("legacy", "district"),   n("legacy", "commune"),
                  c.exec("SELECT COUNT(*) FROM unit_successors").one().i64(0)};
  });
}

std::string bundled_dir() {
  auto dir = app::find_bundled_units_dir();
  if (!dir) throw std::runtime_error("data/units not found; set MOTCUA_SOURCE_DIR");
  return *dir;
}

std::string gunzip(const fs::path& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  std::string out;
  char buf[65536];
  int n;
  while ((n = gzread(f, buf, sizeof buf)) > 0) out.append(buf, n);
  gzclose(f);
  return out;
}

}  // namespace

TEST(UnitImport, BundledDataCountsSuccessorsAndRerun) {
  TempDir tmp;
  auto db = open_db(tmp.path());

  std::ostringstream out;
  ASSERT_EQ(app::run_import_units(*db, "", out), 0) << out.str();
  const std::string log = out.str();
  EXPECT_NE(log.find("provinces 2025: 34\n"), std::string::npos) << log;
  EXPECT_NE(log.find("communes 2025: 3321\n"), std::string::npos);
  EXPECT_NE(log.find("districts legacy: 696\n"), std::string::npos);
  EXPECT_NE(log.find("units legacy: 1000/10794\n"), std::string::npos);  // a progress line
  const Counts first = counts(*db);
  EXPECT_EQ(first.provinces_2025, 34);
  EXPECT_EQ(first.communes_2025, 3321);
  EXPECT_EQ(first.provinces_legacy, 63);
  EXPECT_EQ(first.districts_legacy, 696);
  EXPECT_EQ(first.communes_legacy, 10035);
  EXPECT_GE(first.successors, 10035);  // every legacy commune has at least one successor

  // Phường Phúc Xá (00001, Quận Ba Đình, Hà Nội) is now part of Phường Hồng Hà (00097).
  db->read([](storage::Connection& c) {
    const auto s = storage::unit_successors(c, "00001");
    ASSERT_EQ(s.size(), 1u);
    EXPECT_EQ(s[0].unit.code, "00097");
    EXPECT_EQ(s[0].unit.full_name, "Phường Hồng Hà");
    EXPECT_EQ(s[0].unit.parent_code, "01");
    EXPECT_FALSE(s[0].divided);
    // Cống Vị was divided between several new wards.
    const auto cong_vi = storage::unit_successors(c, "00007");
    EXPECT_GT(cong_vi.size(), 1u);
    for (const auto& x : cong_vi) EXPECT_TRUE(x.divided);
    // The island district Bạch Long Vĩ became a special zone; Ba Chẽ resolved by name.
    ASSERT_EQ(storage::unit_successors(c, "318").size(), 1u);
    EXPECT_EQ(storage::unit_successors(c, "318")[0].unit.kind, "đặc khu");
    ASSERT_EQ(storage::unit_successors(c, "06970").size(), 1u);
    EXPECT_EQ(storage::unit_successors(c, "06970")[0].unit.code, "06978");

    const auto hanoi = storage::list_units(c, {.scheme = "2025", .parent_code = "01", .per_page = 500});
    EXPECT_EQ(hanoi.total, 126);
    const auto search = storage::list_units(c, {.scheme = "2025", .q = "hong ha"});
    ASSERT_GE(search.total, 1);
    EXPECT_EQ(storage::count_unit_children(c, "legacy", "001"), 13);
  });

  // A second run changes nothing.
  std::ostringstream again;
  ASSERT_EQ(app::run_import_units(*db, bundled_dir(), again), 0) << again.str();
  EXPECT_NE(again.str().find("units: 0 inserted, 0 updated, 14149 unchanged, 0 removed"), std::string::npos)
      << again.str();
  EXPECT_NE(again.str().find("successors: 0 inserted, 0 updated"), std::string::npos) << again.str();
  EXPECT_EQ(counts(*db), first);
}

TEST(UnitImport, BrokenInputLeavesTablesUnchanged) {
  TempDir tmp;
  auto db = open_db(tmp.path());
  const std::string src = bundled_dir();
  std::ostringstream ok;
  ASSERT_EQ(app::run_import_units(*db, src, ok), 0) << ok.str();
  const Counts before = counts(*db);

  // Both JSON files intact, the CSV cut in the middle of a row (read as a plain file).
  const fs::path broken = tmp.path() / "broken";
  for (const char* f : {app::kUnits2025File, app::kUnitsLegacyFile}) {
    fs::create_directories((broken / f).parent_path());
    fs::copy_file(fs::path(src) / (std::string(f) + ".gz"), broken / (std::string(f) + ".gz"));
  }
  const std::string csv = gunzip(fs::path(src) / (std::string(app::kMergerFile) + ".gz"));
  fs::create_directories((broken / app::kMergerFile).parent_path());
  std::ofstream(broken / app::kMergerFile) << csv.substr(0, csv.size() / 2 + 7);

  std::ostringstream out;
  EXPECT_EQ(app::run_import_units(*db, broken.string(), out), 1);
  EXPECT_NE(out.str().find("error: "), std::string::npos) << out.str();
  EXPECT_EQ(counts(*db), before);

  // A failure in the middle of the write transaction rolls back the rows already written.
  std::ostringstream quiet;
  auto data = app::load_unit_sources(src, quiet);
  data.units.front().name = "Changed";
  data.units.push_back(data.units.back());  // a duplicate, found after thousands of writes
  EXPECT_THROW(storage::import_units(*db, data), domain::UnitDataError);
  EXPECT_EQ(counts(*db), before);
  db->read([](storage::Connection& c) { EXPECT_EQ(storage::get_unit(c, "2025", "01")->name, "Hà Nội"); });

  // A missing folder is a clear error too.
  std::ostringstream missing;
  EXPECT_EQ(app::run_import_units(*db, (tmp.path() / "nope").string(), missing), 1);
  EXPECT_NE(missing.str().find("cannot find"), std::string::npos) << missing.str();
}
