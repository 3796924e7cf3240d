// Sơn La QĐ 19/2024 Điều 5: the portal and the one-stop site have their own addresses, one server.
#include <gtest/gtest.h>

#include "api/site_hosts.h"

namespace motcua::api {
namespace {

const SiteHosts kSonLa{"dichvucong.sonla.gov.vn", "motcua.sonla.gov.vn"};

TEST(SiteHosts, ConsoleAskedOnThePortalGoesToTheOfficerHostSonLaDieu5) {
  EXPECT_EQ(site_redirect(kSonLa, "dichvucong.sonla.gov.vn", "/can-bo/ho-so/7"), "//motcua.sonla.gov.vn/can-bo/ho-so/7");
  EXPECT_EQ(site_redirect(kSonLa, "DichVuCong.SonLa.gov.vn:443", "/quan-tri"), "//motcua.sonla.gov.vn/quan-tri");
  EXPECT_EQ(site_redirect(kSonLa, "dichvucong.sonla.gov.vn", "/thu-tuc"), std::nullopt);
  EXPECT_EQ(site_redirect(kSonLa, "dichvucong.sonla.gov.vn", "/can-bot"), std::nullopt) << "a prefix, not a segment";
}

TEST(SiteHosts, OfficerHostHomeOpensTheConsoleSonLaDieu5) {
  EXPECT_EQ(site_redirect(kSonLa, "motcua.sonla.gov.vn", "/"), "/can-bo");
  EXPECT_EQ(site_redirect(kSonLa, "motcua.sonla.gov.vn", "/can-bo"), std::nullopt);
  // Citizens' pages stay reachable on the officer host (a QR link opened by an official).
  EXPECT_EQ(site_redirect(kSonLa, "motcua.sonla.gov.vn", "/tra-cuu/abc"), std::nullopt);
}

TEST(SiteHosts, NoSplitWithoutBothHostsOrOnAnotherName) {
  EXPECT_EQ(site_redirect({"dichvucong.sonla.gov.vn", ""}, "dichvucong.sonla.gov.vn", "/can-bo"), std::nullopt);
  EXPECT_EQ(site_redirect(kSonLa, "127.0.0.1:8080", "/can-bo"), std::nullopt);
  EXPECT_EQ(site_redirect(kSonLa, "127.0.0.1:8080", "/"), std::nullopt);
}

}  // namespace
}  // namespace motcua::api
