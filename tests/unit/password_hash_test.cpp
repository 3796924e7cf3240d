#include "api/password_hash.h"

#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "api/tokens.h"

using namespace motcua::api;

TEST(PasswordHash, Argon2idRoundTrip) {
  auto h = hash_password("MotCua@2026");
  EXPECT_TRUE(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$")) << h;
  EXPECT_TRUE(verify_password(h, "MotCua@2026"));
  EXPECT_FALSE(verify_password(h, "MotCua@2027"));
  EXPECT_FALSE(verify_password(h, ""));
  EXPECT_FALSE(password_needs_rehash(h));
}

TEST(PasswordHash, SaltedAndUnicode) {
  auto a = hash_password("Mật khẩu 2026");
  auto b = hash_password("Mật khẩu 2026");
  EXPECT_NE(a, b);
  EXPECT_TRUE(verify_password(b, "Mật khẩu 2026"));
}

TEST(PasswordHash, MalformedNeverMatches) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("plaintext", "plaintext"));
  EXPECT_FALSE(verify_password("$argon2i$v=19$m=4096,t=3,p=1$c2FsdHNhbHQ$aGFzaA", "x"));
  EXPECT_TRUE(password_needs_rehash("$argon2id$v=19$m=65536,t=2,p=1$c2FsdHNhbHRzYWx0$aGFzaGhhc2hoYXNoaGFzaA"));
}

TEST(PasswordHash, ConcurrentCallsAreSafe) {
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int i = 0; i < 4; ++i)
    threads.emplace_back([&, i] { ok[i] = verify_password(hash_password("pw-" + std::to_string(i) + "x1234567"), "pw-" + std::to_string(i) + "x1234567"); });
  for (auto& t : threads) t.join();
  for (int v : ok) EXPECT_EQ(v, 1);
}

TEST(Tokens, RandomHexAndSha256) {
  auto t = random_token();
  EXPECT_EQ(t.size(), 64u);
  EXPECT_EQ(t.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_NE(t, random_token());
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_TRUE(constant_time_equals("abc", "abc"));
  EXPECT_FALSE(constant_time_equals("abc", "abd"));
  EXPECT_FALSE(constant_time_equals("abc", "ab"));
}

TEST(Tokens, TemporaryPasswordMeetsPolicyShape) {
  for (int i = 0; i < 50; ++i) {
    auto pw = temporary_password();
    EXPECT_EQ(pw.size(), 14u);
    EXPECT_NE(pw.find_first_of("23456789"), std::string::npos);
    EXPECT_EQ(pw.find_first_of("0O1lI"), std::string::npos);
  }
}
