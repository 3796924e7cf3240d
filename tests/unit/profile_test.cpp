// Province profiles: data/profiles/*.json, each value checked against its seed regulation.
#include <gtest/gtest.h>

#include "app/profiles.h"
#include "domain/profile.h"

using namespace motcua;
using namespace motcua::domain;

namespace {

LocalDate D(int y, int m, int d) { return {y, m, d}; }

const std::string& dir() {
  static const std::string d = app::rules_data_dir();
  return d;
}

Profile P(const std::string& key) { return app::load_profile(dir(), key); }

const RuleSet& rules_on(const LocalDate& d) {
  static const auto sets = app::load_rule_sets(dir());
  return *rule_set_in_force(sets, d);
}

}  // namespace

TEST(Profiles, AllBundledFilesAreValid) {
  EXPECT_EQ(app::check_rules_data(dir()), std::vector<std::string>{});
  EXPECT_EQ(app::list_profile_keys(dir()),
            (std::vector<std::string>{"ha-giang", "ha-nam", "ninh-binh", "son-la", "tuyen-quang", "yen-bai"}));
}

// Hà Giang QĐ 02/2022/QĐ-UBND: Điều 2 (in force 02/02/2022), Quy chế Điều 4.6 (tổng đài 1022), Điều 6.2.
TEST(Profiles, HaGiang) {
  const auto p = P("ha-giang");
  EXPECT_EQ(p.effective_from.value, D(2022, 2, 2));
  EXPECT_EQ(p.hotline.value, "1022");
  EXPECT_EQ(p.portal_host.value, "dichvucong.hagiang.gov.vn");
  EXPECT_EQ(p.province_code_legacy.value, "02");
  EXPECT_EQ(p.merged_into_province_code_2025.value, "08");
  EXPECT_FALSE(p.in_force_on(D(2025, 7, 1)));
  EXPECT_EQ(p.effective_pakn_answer_working_days(rules_on(D(2024, 1, 1))), 15);  // not set: the rule set's
}

// Sơn La QĐ 19/2024/QĐ-UBND: Điều 2 (15/7/2024), Quy chế Điều 5.1.a–b (two hosts), Điều 10.4 (13 days).
TEST(Profiles, SonLa) {
  const auto p = P("son-la");
  EXPECT_EQ(p.effective_from.value, D(2024, 7, 15));
  EXPECT_EQ(p.portal_host.value, "dichvucong.sonla.gov.vn");
  EXPECT_EQ(p.officer_site_host.value, "motcua.sonla.gov.vn");
  EXPECT_EQ(p.pakn_answer_working_days.value, 13);
  EXPECT_EQ(p.effective_pakn_answer_working_days(rules_on(D(2025, 1, 1))), 13);
  EXPECT_EQ(p.province_code_2025.value, "14");
  EXPECT_FALSE(p.effective_until.value);
}

// Tuyên Quang QĐ 246/QĐ-UBND 2019: Điều 3 (in force on signing 09/7/2019), Quy chế Điều 4 (host),
// Điều 15.2.b (Q&A 3/5/10 working days).
TEST(Profiles, TuyenQuang) {
  const auto p = P("tuyen-quang");
  EXPECT_EQ(p.effective_from.value, D(2019, 7, 9));
  EXPECT_EQ(p.portal_host.value, "dichvucong.tuyenquang.gov.vn");
  EXPECT_FALSE(p.officer_site_host.value);
  EXPECT_EQ(p.qa_answer_working_days.value, (QaDeadlines{3, 5, 10}));
  EXPECT_EQ(p.province_code_legacy.value, "08");
}

// Yên Bái (QĐ 01/2025): Quy chế Điều 3.1 (host), Điều 11.1 (tổng đài), Điều 17.2 (PAKN 10 days).
TEST(Profiles, YenBai) {
  const auto p = P("yen-bai");
  EXPECT_EQ(p.portal_host.value, "dichvucong.yenbai.gov.vn");
  EXPECT_EQ(p.hotline.value, "02163.871.871");
  EXPECT_EQ(p.pakn_answer_working_days.value, 10);
  EXPECT_EQ(p.effective_from.tag, Confidence::recalled);  // the day is blank in the seed
  EXPECT_EQ(p.merged_into_province_code_2025.value, "15");
}

// Hà Nam QĐ 30/2019/QĐ-UBND: Quy chế Điều 6 (host), Điều 13.2.a–b (3 levels on 2 questions).
TEST(Profiles, HaNam) {
  const auto p = P("ha-nam");
  EXPECT_EQ(p.portal_host.value, "dichvucong.hanam.gov.vn");
  ASSERT_TRUE(p.rating_scheme.value);
  EXPECT_EQ(p.rating_scheme.value->questions.size(), 2u);
  EXPECT_EQ(p.rating_scheme.value->levels, (std::vector<std::string>{"Rất hài lòng", "Hài lòng", "Chưa hài lòng"}));
  EXPECT_EQ(p.effective_rating_scheme(rules_on(D(2024, 1, 1))).id, "ha-nam-3-level-2-questions");
  EXPECT_EQ(p.merged_into_province_code_2025.value, "37");
}

// Ninh Bình QĐ 163/2025/QĐ-CTUBND: Điều 2 (10/12/2025), Quy chế Điều 8.1 (hosts), Điều 19 (PAKN 10 days).
TEST(Profiles, NinhBinhAfterTheMerger) {
  const auto p = P("ninh-binh");
  EXPECT_EQ(p.effective_from.value, D(2025, 12, 10));
  EXPECT_EQ(p.portal_host.value, "dichvucong.gov.vn");
  EXPECT_EQ(p.officer_site_host.value, "motcua.ninhbinh.gov.vn");
  EXPECT_EQ(p.pakn_answer_working_days.value, 10);
  EXPECT_EQ(p.province_code_2025.value, "37");
  EXPECT_TRUE(p.in_force_on(D(2026, 3, 1)));
  EXPECT_EQ(p.effective_rating_scheme(rules_on(D(2026, 3, 1))).id, "national-3-level");
}

TEST(Profiles, UnknownKeyListsTheKnownOnes) {
  try {
    P("ha-noi");
    FAIL();
  } catch (const app::UnknownProfileError& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("unknown province profile 'ha-noi'"), std::string::npos);
    EXPECT_NE(m.find("son-la"), std::string::npos);
  }
  EXPECT_THROW(P("../rules/rule-sets"), app::UnknownProfileError);
}

TEST(Profiles, InvalidProfileNamesFileAndField) {
  auto bad = [](const std::string& body) -> std::string {
    try {
      parse_profile(body, "profiles/x.json", "x");
    } catch (const RuleDataError& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(bad("[]").find("profiles/x.json: must be an object"), std::string::npos);
  const std::string m = bad(
      R"({"key": "y", "name": "n", "hotline": {"value": "abc", "source": "s", "tag": "C"},
          "portal_host": {"value": "https://x.gov.vn/", "source": "s", "tag": "Q"}, "extra": 1})");
  EXPECT_NE(m.find("key: is \"y\" but the file is named for \"x\""), std::string::npos) << m;
  EXPECT_NE(m.find("hotline: value: must be a Vietnamese phone number"), std::string::npos) << m;
  EXPECT_NE(m.find("portal_host: value: must be a lowercase host name"), std::string::npos) << m;
  EXPECT_NE(m.find("portal_host: tag: must be"), std::string::npos) << m;
  EXPECT_NE(m.find("unknown key \"extra\""), std::string::npos) << m;
  EXPECT_NE(m.find("missing key \"effective_from\""), std::string::npos) << m;
  EXPECT_TRUE(is_valid_host_name("motcua.sonla.gov.vn"));
  EXPECT_FALSE(is_valid_host_name("MotCua.sonla.gov.vn"));
  EXPECT_FALSE(is_valid_host_name("sonla"));
  EXPECT_FALSE(is_valid_host_name("a..b"));
}
