// Mã số hồ sơ: TT 01/2018/TT-VPCP Điều 19 and TT 03/2025/TT-VPCP Điều 13.3 (added by TT 04/2025/TT-VPCP).
#include <gtest/gtest.h>

#include <set>

#include "domain/dossier_code.h"

using namespace motcua::domain;

namespace {
LocalDate D(int y, int m, int d) { return {y, m, d}; }
}  // namespace

// TT 01/2018 Điều 19: V1V2V3.Z1Z2.Y1Y2.MX1X2-YYMMDD-XXXX, the example of legal-rules §3.2.
TEST(DossierCode, Tt01FormatMatchesTheArticleExample) {
  EXPECT_EQ(format_tt01_code("000.00.20.H12", D(2024, 3, 15), 7), "000.00.20.H12-240315-0007");
  EXPECT_EQ(format_tt01_code("000.00.00.H52", D(2025, 1, 1), 1), "000.00.00.H52-250101-0001");
  EXPECT_EQ(format_tt01_code("000.00.00.H52", D(2025, 12, 31), 9999), "000.00.00.H52-251231-9999");
}

// TT 01/2018 Điều 19 gives XXXX (4 digits); a day with more than 9,999 dossiers widens the field rather
// than wrapping (a wrapped number would repeat a code) — documented in dossier_code.h.
TEST(DossierCode, Tt01SequenceWidensPast9999) {
  EXPECT_EQ(format_tt01_code("000.00.20.H12", D(2024, 3, 15), 10000), "000.00.20.H12-240315-10000");
  EXPECT_EQ(format_sequence(42, 4), "0042");
  EXPECT_EQ(format_sequence(123456, 4), "123456");
}

// TT 03/2025 Điều 13.3: MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX, XXXX at least 4 digits; the observed code
// G09.20-20260609-0092637 uses YYYYMMDD, hence the date pattern is data.
TEST(DossierCode, Tt03Format) {
  EXPECT_EQ(format_tt03_code("G09.20", "00", D(2026, 6, 9), 92637), "G09.20-20260609-0092637");
  EXPECT_EQ(format_tt03_code("H52.12", "52", D(2026, 2, 3), 7), "H52.12-20260203-520007");
  EXPECT_EQ(format_tt03_code("H52.12", "52", D(2026, 2, 3), 7, CodeDatePattern::yymmdd), "H52.12-260203-520007");
  EXPECT_THROW(format_tt03_code("H52.12", "5", D(2026, 2, 3), 7), DossierCodeError);
}

// TT 03/2025 Điều 13.3: AA comes from the owner of the system; by default the QĐ 20 level-1 group (H52 → 52).
TEST(DossierCode, Tt03DerivesSystemDigitsFromLevel1) {
  CodeFormatSpec spec;
  spec.format = CodeFormat::tt03_2025;
  spec.date_pattern = CodeDatePattern::yyyymmdd;
  const AgencyIdentifiers a{"Sở Tư pháp", "000.00.12.H52", "H52.12"};
  EXPECT_EQ(format_dossier_code(a, D(2026, 3, 2), 15, spec), "H52.12-20260302-520015");
  spec.system_digits = "01";
  EXPECT_EQ(format_dossier_code(a, D(2026, 3, 2), 15, spec), "H52.12-20260302-010015");
}

// NĐ 61/2018 Điều 26 / TT 01/2018 Điều 19: the code is built from the receiving agency's mã định danh;
// an agency without it cannot receive, and the error says which code is missing.
TEST(DossierCode, AgencyWithoutIdentifierIsAClearError) {
  const AgencyIdentifiers none{"UBND xã Chiềng Cơi", std::nullopt, std::nullopt};
  CodeFormatSpec tt01;
  try {
    format_dossier_code(none, D(2024, 3, 15), 1, tt01);
    FAIL();
  } catch (const DossierCodeError& e) {
    EXPECT_EQ(e.kind(), DossierCodeError::Kind::missing_identifier);
    EXPECT_NE(std::string(e.what()).find("UBND xã Chiềng Cơi"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("QCVN 102"), std::string::npos);
  }
  CodeFormatSpec tt03;
  tt03.format = CodeFormat::tt03_2025;
  const AgencyIdentifiers only102{"X", "000.00.20.H12", std::nullopt};
  try {
    format_dossier_code(only102, D(2026, 3, 15), 1, tt03);
    FAIL();
  } catch (const DossierCodeError& e) {
    EXPECT_NE(std::string(e.what()).find("QĐ 20/2020"), std::string::npos);
  }
  const AgencyIdentifiers bad{"Y", "H12.20", std::nullopt};  // a QĐ 20 code in the QCVN 102 field
  EXPECT_THROW(format_dossier_code(bad, D(2024, 3, 15), 1, tt01), DossierCodeError);
}

// TT 01/2018 Điều 19: "số thứ tự của hồ sơ tiếp nhận trong ngày" — the key is the full date. OpenCPS keyed
// by unpadded day+month, so 1 Nov ("1"+"11") and 11 Jan ("11"+"1") shared a counter.
TEST(DossierCode, SequenceKeyUsesTheFullDate) {
  EXPECT_NE(sequence_key(1, D(2024, 11, 1)), sequence_key(1, D(2024, 1, 11)));
  EXPECT_EQ(sequence_key(1, D(2024, 11, 1)).day, "2024-11-01");
  EXPECT_EQ(sequence_key(1, D(2024, 1, 11)).day, "2024-01-11");
  EXPECT_NE(sequence_key(1, D(2024, 3, 15)), sequence_key(1, D(2025, 3, 15)));  // same day, next year
  EXPECT_NE(sequence_key(1, D(2024, 3, 15)), sequence_key(2, D(2024, 3, 15)));  // per agency
  std::set<std::string> days;
  for (int m = 1; m <= 12; ++m)
    for (int d = 1; d <= 28; ++d) days.insert(sequence_key(1, D(2024, m, d)).day);
  EXPECT_EQ(days.size(), 12u * 28u);
  EXPECT_THROW(sequence_key(1, D(2024, 2, 30)), DossierCodeError);
}

// The day of a code is the Vietnamese local date of reception (UTC+7, no DST), whatever the server TZ.
TEST(DossierCode, LocalDateIsVietnamTime) {
  // 2024-03-14T17:00:00Z = 2024-03-15 00:00 in Hà Nội.
  const std::int64_t ms = 1710435600000;
  EXPECT_EQ(vietnam_local_time(ms).date, D(2024, 3, 15));
  EXPECT_EQ(vietnam_local_time(ms).hour, 0);
  EXPECT_EQ(vietnam_local_time(ms - 1000).date, D(2024, 3, 14));
  EXPECT_EQ(vietnam_local_time(ms - 1000).hour, 23);
  EXPECT_EQ(vietnam_local_time(ms - 1000).second, 59);
  EXPECT_EQ(vietnam_local_time(951782400000).date, D(2000, 2, 29));  // 2000-02-29T00:00Z, leap day
}

TEST(DossierCode, ParsesBothLayouts) {
  auto p = parse_dossier_code("000.00.20.H12-240315-0007");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->format, CodeFormat::tt01_2018);
  EXPECT_EQ(p->agency_code, "000.00.20.H12");
  EXPECT_EQ(p->date, D(2024, 3, 15));
  EXPECT_EQ(p->sequence, 7);
  p = parse_dossier_code("000.00.20.H12-240315-10000");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->sequence, 10000);
  p = parse_dossier_code("G09.20-20260609-0092637");
  ASSERT_TRUE(p);
  EXPECT_EQ(p->format, CodeFormat::tt03_2025);
  EXPECT_EQ(p->agency_code, "G09.20");
  EXPECT_EQ(p->date_pattern, CodeDatePattern::yyyymmdd);
  EXPECT_EQ(p->system_digits, "00");
  EXPECT_EQ(p->sequence, 92637);
  for (const char* bad : {"", "000.00.20.H12", "000.00.20.H12-240315-007", "000.00.20.H12-240230-0001",
                          "000.00.20.H12-241315-0001", "000.00.20.H12-240315-0000", "000.00.20.h12-240315-0001",
                          "00.00.20.H12-240315-0001", "G09.20-20260609-0092", "G09.20-2026069-009263",
                          "000.00.20.H12-240315-00a1", "H12-240315-0001-", "-240315-0001"})
    EXPECT_FALSE(parse_dossier_code(bad)) << bad;
  // Round trip.
  for (std::int64_t seq : {1, 9, 10, 999, 9999, 10000, 123456}) {
    const auto code = format_tt01_code("000.00.61.H52", D(2024, 11, 1), seq);
    const auto back = parse_dossier_code(code);
    ASSERT_TRUE(back) << code;
    EXPECT_EQ(back->sequence, seq);
    EXPECT_EQ(back->date, D(2024, 11, 1));
  }
}

TEST(DossierCode, DatesAndTimes) {
  EXPECT_EQ(parse_iso_date("2024-02-29"), D(2024, 2, 29));
  EXPECT_FALSE(parse_iso_date("2023-02-29"));
  EXPECT_FALSE(parse_iso_date("2100-02-28"));  // YYMMDD cannot tell 2100 from 2000
  EXPECT_FALSE(parse_iso_date("2024-3-15"));
  EXPECT_FALSE(parse_iso_date("15/03/2024"));
  EXPECT_EQ(parse_hh_mm("15:00"), 900);
  EXPECT_FALSE(parse_hh_mm("24:00"));
  EXPECT_FALSE(parse_hh_mm("15h"));
}
