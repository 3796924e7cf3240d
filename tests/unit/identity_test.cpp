#include "domain/identity.h"

#include <gtest/gtest.h>

using namespace motcua::domain;

TEST(Cccd, AcceptsTwelveDigitsWithAProvinceCode) {
  EXPECT_TRUE(check_cccd("014190000123"));  // 014 Sơn La
  EXPECT_TRUE(check_cccd("001099012345"));  // 001 Hà Nội
  EXPECT_TRUE(check_cccd("096305000001"));  // 096 Cà Mau
  EXPECT_TRUE(check_cccd("079999999999"));  // 079 TP Hồ Chí Minh, 4th digit 9
  EXPECT_EQ(check_cccd(" 014190000123 ").value, "014190000123");
}

TEST(Cccd, RejectsWrongLengthOrNonDigits) {
  for (auto s : {"", "01419000012", "0141900001234", "01419000012a", "014-19000012", "０14190000123"}) {
    auto r = check_cccd(s);
    EXPECT_FALSE(r) << s;
    EXPECT_EQ(r.message_vi, "Số CCCD phải gồm đúng 12 chữ số.") << s;
    EXPECT_NE(r.message_en.find("12 digits"), std::string::npos);
  }
}

TEST(Cccd, RejectsUnknownPlaceCodes) {
  for (auto s : {"000190000123", "003190000123", "097190000123", "099190000123", "013190000123"}) {
    auto r = check_cccd(s);
    EXPECT_FALSE(r) << s;
    EXPECT_NE(r.message_vi.find("mã tỉnh"), std::string::npos);
  }
  EXPECT_EQ(is_cccd_place_code(14), true);
  EXPECT_EQ(is_cccd_place_code(3), false);
}

TEST(TaxCode, AcceptsTheThreeForms) {
  EXPECT_TRUE(check_tax_code("0100109106"));
  EXPECT_TRUE(check_tax_code("0100109106-001"));
  EXPECT_TRUE(check_tax_code("014190000123"));  // personal ID number as tax code (from 1/7/2025)
}

TEST(TaxCode, RejectsOtherShapes) {
  for (auto s : {"", "010010910", "01001091061", "0100109106-01", "0100109106_001", "abcdefghij", "000190000123"}) {
    auto r = check_tax_code(s);
    EXPECT_FALSE(r) << s;
    EXPECT_NE(r.message_vi.find("Mã số thuế"), std::string::npos) << s;
  }
}

TEST(Phone, NormalisesToLeadingZero) {
  EXPECT_EQ(normalise_phone("0912345678").value, "0912345678");
  EXPECT_EQ(normalise_phone("+84912345678").value, "0912345678");
  EXPECT_EQ(normalise_phone("84 912 345 678").value, "0912345678");
  EXPECT_EQ(normalise_phone("0384.123.456").value, "0384123456");
  EXPECT_EQ(normalise_phone("070-123-4567").value, "0701234567");
}

TEST(Phone, RejectsLandlinesAndBadLengths) {
  auto landline = normalise_phone("0212345678");  // 02x: landline area codes
  EXPECT_FALSE(landline);
  EXPECT_NE(landline.message_vi.find("03, 05, 07, 08 hoặc 09"), std::string::npos);
  for (auto s : {"", "091234567", "09123456789", "+8491234567", "0912a45678", "1912345678"}) {
    auto r = normalise_phone(s);
    EXPECT_FALSE(r) << s;
    EXPECT_FALSE(r.message_en.empty());
  }
}

TEST(Email, AcceptsAndLowercases) {
  EXPECT_EQ(normalise_email("Nguyen.Van.A@Example.VN").value, "nguyen.van.a@example.vn");
  EXPECT_TRUE(normalise_email("a+tag@mail.son-la.gov.vn"));
  EXPECT_TRUE(normalise_email(" x@y.com "));
}

TEST(Email, RejectsBrokenAddresses) {
  for (auto s : {"", "plain", "@example.vn", "a@", "a@b", "a@@b.vn", "a b@c.vn", "a@b..vn", ".a@b.vn", "a.@b.vn",
                 "a@-b.vn", "a@b.v", "a@b.123", "nguyễn@example.vn"}) {
    auto r = normalise_email(s);
    EXPECT_FALSE(r) << s;
    EXPECT_EQ(r.message_vi, "Địa chỉ thư điện tử không hợp lệ (ví dụ đúng: ten@example.vn).") << s;
  }
}

TEST(Password, Policy) {
  EXPECT_TRUE(check_password("MotCua@2026", "admin"));
  EXPECT_TRUE(check_password("mậtkhẩu2026x", "congdan"));
  auto short_pw = check_password("abc123", "u");
  EXPECT_FALSE(short_pw);
  EXPECT_EQ(short_pw.message_vi, "Mật khẩu phải có ít nhất 10 ký tự.");
  auto letters = check_password("abcdefghijkl", "u");
  EXPECT_FALSE(letters);
  EXPECT_EQ(letters.message_vi, "Mật khẩu phải có cả chữ cái và chữ số.");
  EXPECT_FALSE(check_password("1234567890123", "u"));
  auto contains = check_password("xxMotCua.XA_A2026", "motcua.xa_a");
  EXPECT_FALSE(contains);
  EXPECT_EQ(contains.message_vi, "Mật khẩu không được chứa tên đăng nhập.");
  EXPECT_FALSE(check_password("Nguyenvana2026", "nguyenvana@example.vn"));  // e-mail local part
  EXPECT_FALSE(check_password(std::string(257, 'a') + "1", "u"));
}

TEST(OfficialUsername, Shape) {
  EXPECT_EQ(check_official_username("MotCua.Xa_A").value, "motcua.xa_a");
  EXPECT_TRUE(check_official_username("abc"));
  for (auto s : {"", "ab", "1abc", "a b", "a@b.vn", "nguyễn", "0912345678"}) EXPECT_FALSE(check_official_username(s)) << s;
}
