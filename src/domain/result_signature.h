// Chữ ký số trên kết quả điện tử: what an issued result's Ed25519 signature covers, and how a verification
// is judged. NĐ 45/2020 Điều 14: an e-result has the legal value of paper when it is signed; TT 01/2023
// (legal-rules.md §8.4): the QR on a result links to a public lookup (/verify/{code}).
//
// The signed message is versioned text, one "name:value" line per field in a fixed order, so a person can
// read what was signed and any other implementation can rebuild it byte for byte (docs/SIGNING.md):
//
//   motcua-result-v1
//   verify_code:<code>
//   dossier_code:<mã số hồ sơ>
//   title:<số, ký hiệu / tên giấy tờ>
//   sha256:<64 lower-case hex digits of the file>
//   agency_code:<mã định danh of the issuing agency, as signed>
//   key_id:<the signing key>
//   signed_at_ms:<epoch milliseconds>
//
// Values escape '\' as "\\" and a line feed as "\n", so no value can forge another line. Pure computation
// (libsodium), no I/O.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace motcua::domain {

inline constexpr std::string_view kResultMessageVersion = "motcua-result-v1";

struct ResultStatement {  // the fields a signature covers
  std::string verify_code;
  std::string dossier_code;
  std::string title;
  std::string sha256;
  std::string agency_code;
  std::string key_id;
  std::int64_t signed_at_ms = 0;
};

std::string result_message(const ResultStatement& s);

// Ed25519 (RFC 8032) through libsodium. Keys and signatures are raw bytes in std::string.
struct SigningKeyPair {
  std::string public_key;  // 32 bytes
  std::string seed;        // 32 bytes: the private key; the 64-byte libsodium secret key is derived from it
};
SigningKeyPair generate_signing_key();
SigningKeyPair signing_key_from_seed(std::string_view seed);  // throws std::invalid_argument unless 32 bytes
std::string sign_message(std::string_view message, std::string_view seed);  // 64 bytes
bool verify_message(std::string_view message, std::string_view signature, std::string_view public_key);

// The short public id of a key: "ed25519-" + the first 8 bytes of SHA-256(public key) in hex.
std::string key_id_of(std::string_view public_key);
// A new verification code: 120 random bits as 24 base32 characters (a–z, 2–7), short enough for a QR.
std::string new_verify_code();
bool is_verify_code(std::string_view s);

std::string base64_encode(std::string_view bytes);
std::optional<std::string> base64_decode(std::string_view text);  // nullopt when not valid base64

enum class KeyStatus { active, retired, revoked };
std::string_view key_status_code(KeyStatus s);
std::optional<KeyStatus> parse_key_status(std::string_view code);

// The answer of /verify/{code}, worst first where several apply (see judge_result).
enum class Verdict {
  valid,          // signature good, key not revoked (and the uploaded file, if any, matches)
  unsigned_result,  // recorded without an electronic file, so nothing was signed
  bad_signature,  // the stored record no longer matches its signature (altered after issue), or unknown key
  file_mismatch,  // the uploaded file is not the issued one (tampered or another file)
  key_revoked,    // signed by a key revoked since: do not rely on it
};
std::string_view verdict_code(Verdict v);
std::string_view verdict_text_vi(Verdict v);
std::string_view verdict_text_en(Verdict v);

struct VerificationFacts {
  bool has_file = false;            // the result names a file (sha256)
  bool signature_ok = false;        // verify_message on the rebuilt statement with the key's public key
  std::optional<KeyStatus> key_status;  // nullopt: the key row is missing
  std::optional<bool> upload_matches;   // set when a file was uploaded to compare
};
// bad_signature beats file_mismatch beats key_revoked: a record altered after issue proves nothing about
// any file, and a file that is not the issued one needs no word about the key.
Verdict judge_result(const VerificationFacts& f);

}  // namespace motcua::domain
