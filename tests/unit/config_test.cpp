#include "app/config.h"

#include <gtest/gtest.h>

using motcua::app::load_config_from;

TEST(Config, EnvironmentOverridesTheIniFile) {
  auto c = load_config_from("[server]\nport = 9000\ndata_dir = /srv/motcua\n", {{"MOTCUA_PORT", "9100"}});
  EXPECT_EQ(c.port, 9100);
  EXPECT_EQ(c.data_dir, "/srv/motcua");
  EXPECT_EQ(c.effective_db_url(), "sqlite:///srv/motcua/motcua.db");
}

TEST(Config, DatabaseUrlAndBaseUrl) {
  auto c = load_config_from("[database]\nurl = postgresql:///motcua\n[server]\npublic_base_url = https://dichvucong.sonla.gov.vn/\n", {});
  EXPECT_EQ(c.effective_db_url(), "postgresql:///motcua");
  EXPECT_EQ(c.effective_base_url(), "https://dichvucong.sonla.gov.vn");
  EXPECT_TRUE(c.cookies_secure());
}

TEST(Config, BadValuesNameTheKey) {
  try {
    load_config_from("", {{"MOTCUA_PORT", "eighty"}});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("MOTCUA_PORT"), std::string::npos);
  }
  try {
    load_config_from("[server]\nprot = 80\n", {});
    FAIL();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("server.prot"), std::string::npos);
  }
}
