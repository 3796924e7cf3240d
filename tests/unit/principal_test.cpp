// Agency-scope rules of Principal and the per-IP attempt limiter (no database needed).
#include <gtest/gtest.h>

#include "api/auth.h"
#include "api/login_rate_limiter.h"

using namespace motcua::api;
using motcua::domain::Role;

TEST(Principal, GrantCoversItsSubtreeOnly) {
  Principal p;
  p.grants = {{Role::agency_admin, 7, "/1/7/"}};
  EXPECT_TRUE(p.covers_agency({Role::agency_admin}, "/1/7/"));
  EXPECT_TRUE(p.covers_agency({Role::agency_admin}, "/1/7/42/"));
  EXPECT_FALSE(p.covers_agency({Role::agency_admin}, "/1/70/"));  // a sibling with a longer id
  EXPECT_FALSE(p.covers_agency({Role::agency_admin}, "/1/"));
  EXPECT_FALSE(p.covers_agency({Role::leader}, "/1/7/42/"));       // wrong role
  EXPECT_FALSE(p.covers_agency({Role::agency_admin}, ""));
  EXPECT_EQ(p.primary_role(), "agency_admin");
  EXPECT_EQ(p.primary_agency(), 7);
}

TEST(Principal, SystemAdminCoversEverything) {
  Principal p;
  p.grants = {{Role::system_admin, 1, "/1/"}};
  EXPECT_TRUE(p.covers_agency({Role::agency_admin}, "/9/99/"));
  EXPECT_TRUE(p.has_any_role({Role::leader, Role::system_admin}));
  EXPECT_FALSE(p.has_role(Role::leader));
}

TEST(Principal, CitizenCoversNothing) {
  Principal p;
  p.account_type = "citizen";
  p.grants = {{Role::citizen, std::nullopt, ""}};
  EXPECT_FALSE(p.covers_agency({Role::citizen}, "/1/"));
  EXPECT_EQ(p.primary_role(), "citizen");
  EXPECT_EQ(p.primary_agency(), std::nullopt);
}

TEST(AttemptLimiter, FixedWindowPerKey) {
  AttemptLimiter l(3, 60'000);
  EXPECT_EQ(l.hit("1.2.3.4", 1000), 0);
  EXPECT_EQ(l.hit("1.2.3.4", 2000), 0);
  EXPECT_EQ(l.hit("1.2.3.4", 3000), 0);
  EXPECT_EQ(l.hit("1.2.3.4", 4000), 57);  // the window started at 1000
  EXPECT_EQ(l.hit("5.6.7.8", 4000), 0);   // other addresses are independent
  EXPECT_EQ(l.hit("1.2.3.4", 61'000), 0); // a new window
}
