// The signed statement of an e-result and its Ed25519 signature (NĐ 45/2020 Điều 14: an e-result has the
// legal value of paper when signed), and how /verify/{code} judges what it finds (TT 01/2023 §8.4 QR lookup).
#include "domain/result_signature.h"

#include <gtest/gtest.h>

#include <set>

using namespace motcua::domain;

namespace {

ResultStatement statement() {
  return {"abcdefghijklmnopqrstuvwx", "000.01.61.H52-261123-0001", "Xác nhận tạm trú số 12/XN",
          std::string(64, 'a'),       "000.00.61.H52",            "ed25519-0011223344556677",
          1795400100000};
}

TEST(ResultSignature, CanonicalMessageIsVersionedFixedOrderText) {
  EXPECT_EQ(result_message(statement()),
            "motcua-result-v1\n"
            "verify_code:abcdefghijklmnopqrstuvwx\n"
            "dossier_code:000.01.61.H52-261123-0001\n"
            "title:Xác nhận tạm trú số 12/XN\n"
            "sha256:" + std::string(64, 'a') + "\n"
            "agency_code:000.00.61.H52\n"
            "key_id:ed25519-0011223344556677\n"
            "signed_at_ms:1795400100000\n");
}

TEST(ResultSignature, ValuesCannotForgeAnotherLine) {
  // Without escaping, a title ending in "\nsha256:..." would let two statements share one message.
  auto a = statement();
  a.title = "A\nsha256:" + std::string(64, 'b');
  auto b = statement();
  b.title = "A";
  EXPECT_NE(result_message(a), result_message(b));
  EXPECT_NE(result_message(a).find("title:A\\nsha256:"), std::string::npos);
  auto c = statement();
  c.title = "back\\slash";
  EXPECT_NE(result_message(c).find("title:back\\\\slash\n"), std::string::npos);
}

TEST(ResultSignature, SignsAndVerifies) {
  const auto kp = generate_signing_key();
  ASSERT_EQ(kp.public_key.size(), 32u);
  ASSERT_EQ(kp.seed.size(), 32u);
  const auto msg = result_message(statement());
  const auto sig = sign_message(msg, kp.seed);
  EXPECT_EQ(sig.size(), 64u);
  EXPECT_TRUE(verify_message(msg, sig, kp.public_key));
  // The seed alone rebuilds the same public key (what the key file stores).
  EXPECT_EQ(signing_key_from_seed(kp.seed).public_key, kp.public_key);
}

TEST(ResultSignature, AnyChangedFieldFailsVerification) {
  const auto kp = generate_signing_key();
  const auto sig = sign_message(result_message(statement()), kp.seed);
  for (int field = 0; field < 7; ++field) {
    auto s = statement();
    switch (field) {
      case 0: s.verify_code[0] = 'z'; break;
      case 1: s.dossier_code += "2"; break;
      case 2: s.title = "Xác nhận tạm trú số 13/XN"; break;
      case 3: s.sha256[63] = 'b'; break;  // the file was altered
      case 4: s.agency_code = "000.00.62.H52"; break;
      case 5: s.key_id = "ed25519-ffffffffffffffff"; break;
      case 6: s.signed_at_ms += 1; break;
    }
    EXPECT_FALSE(verify_message(result_message(s), sig, kp.public_key)) << "field " << field;
  }
}

TEST(ResultSignature, WrongKeyOrMalformedInputsFail) {
  const auto kp = generate_signing_key();
  const auto other = generate_signing_key();
  const auto msg = result_message(statement());
  const auto sig = sign_message(msg, kp.seed);
  EXPECT_FALSE(verify_message(msg, sig, other.public_key));
  EXPECT_FALSE(verify_message(msg, sig.substr(0, 63), kp.public_key));
  EXPECT_FALSE(verify_message(msg, sig, kp.public_key.substr(0, 31)));
  EXPECT_THROW(sign_message(msg, "short"), std::invalid_argument);
}

TEST(ResultSignature, KeyIdIsDerivedFromThePublicKey) {
  const auto kp = generate_signing_key();
  const auto id = key_id_of(kp.public_key);
  EXPECT_EQ(id, key_id_of(kp.public_key));
  EXPECT_EQ(id.rfind("ed25519-", 0), 0u);
  EXPECT_EQ(id.size(), 8u + 16u);
  EXPECT_NE(id, key_id_of(generate_signing_key().public_key));
}

TEST(ResultSignature, VerifyCodesAreRandomBase32) {
  std::set<std::string> seen;
  for (int i = 0; i < 200; ++i) {
    const auto c = new_verify_code();
    EXPECT_TRUE(is_verify_code(c)) << c;
    seen.insert(c);
  }
  EXPECT_EQ(seen.size(), 200u);
  EXPECT_FALSE(is_verify_code("ABCDEFGHIJKLMNOPQRSTUVWX"));  // upper case
  EXPECT_FALSE(is_verify_code("abcdefghijklmnopqrstuvw"));   // 23
  EXPECT_FALSE(is_verify_code("abcdefghijklmnopqrstuvw1"));  // '1' is not base32
  EXPECT_FALSE(is_verify_code("../../etc/passwdxxxxxxxxx"));
}

TEST(ResultSignature, Base64RoundTripAndRejectsGarbage) {
  const std::string raw("\x00\x01\xfe\xff hello", 10);
  EXPECT_EQ(base64_decode(base64_encode(raw)), raw);
  EXPECT_EQ(base64_encode("abc"), "YWJj");
  EXPECT_FALSE(base64_decode("not base64!"));
  EXPECT_FALSE(base64_decode("YWJj\n"));
}

TEST(ResultSignature, VerdictOrderWorstFirst) {
  VerificationFacts f{.has_file = true, .signature_ok = true, .key_status = KeyStatus::active, .upload_matches = {}};
  EXPECT_EQ(judge_result(f), Verdict::valid);
  f.key_status = KeyStatus::retired;  // rotated since: still valid
  EXPECT_EQ(judge_result(f), Verdict::valid);
  f.upload_matches = true;
  EXPECT_EQ(judge_result(f), Verdict::valid);
  f.key_status = KeyStatus::revoked;  // the signature is fine, the key is not
  EXPECT_EQ(judge_result(f), Verdict::key_revoked);
  f.upload_matches = false;
  EXPECT_EQ(judge_result(f), Verdict::file_mismatch);
  f.signature_ok = false;
  EXPECT_EQ(judge_result(f), Verdict::bad_signature);
  EXPECT_EQ(judge_result({.has_file = true, .signature_ok = true, .key_status = std::nullopt, .upload_matches = {}}),
            Verdict::bad_signature);
  EXPECT_EQ(judge_result({.has_file = false, .signature_ok = false, .key_status = {}, .upload_matches = {}}),
            Verdict::unsigned_result);
}

TEST(ResultSignature, EveryVerdictHasCodeAndBothWordings) {
  std::set<std::string_view> codes;
  for (auto v : {Verdict::valid, Verdict::unsigned_result, Verdict::bad_signature, Verdict::file_mismatch,
                 Verdict::key_revoked}) {
    EXPECT_FALSE(verdict_code(v).empty());
    EXPECT_FALSE(verdict_text_vi(v).empty());
    EXPECT_FALSE(verdict_text_en(v).empty());
    codes.insert(verdict_code(v));
  }
  EXPECT_EQ(codes.size(), 5u);
  EXPECT_EQ(parse_key_status("retired"), KeyStatus::retired);
  EXPECT_EQ(key_status_code(KeyStatus::revoked), "revoked");
  EXPECT_FALSE(parse_key_status("lost"));
}

}  // namespace
