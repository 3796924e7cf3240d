#include "domain/result_signature.h"

#include <sodium.h>

#include <array>
#include <mutex>
#include <stdexcept>
#include <utility>

#include "domain/code_table.h"

namespace motcua::domain {

namespace {

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("libsodium initialisation failed");
  });
}

const unsigned char* bytes(std::string_view s) { return reinterpret_cast<const unsigned char*>(s.data()); }

void line(std::string& out, std::string_view name, std::string_view value) {
  out += name;
  out += ':';
  for (char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  out += '\n';
}

}  // namespace

std::string result_message(const ResultStatement& s) {
  std::string out(kResultMessageVersion);
  out += '\n';
  line(out, "verify_code", s.verify_code);
  line(out, "dossier_code", s.dossier_code);
  line(out, "title", s.title);
  line(out, "sha256", s.sha256);
  line(out, "agency_code", s.agency_code);
  line(out, "key_id", s.key_id);
  line(out, "signed_at_ms", std::to_string(s.signed_at_ms));
  return out;
}

SigningKeyPair generate_signing_key() {
  ensure_sodium();
  std::string seed(crypto_sign_SEEDBYTES, '\0');
  randombytes_buf(seed.data(), seed.size());
  auto kp = signing_key_from_seed(seed);
  sodium_memzero(seed.data(), seed.size());
  return kp;
}

SigningKeyPair signing_key_from_seed(std::string_view seed) {
  ensure_sodium();
  if (seed.size() != crypto_sign_SEEDBYTES) throw std::invalid_argument("an Ed25519 seed is 32 bytes");
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  SigningKeyPair kp;
  kp.public_key.assign(crypto_sign_PUBLICKEYBYTES, '\0');
  crypto_sign_seed_keypair(reinterpret_cast<unsigned char*>(kp.public_key.data()), sk.data(), bytes(seed));
  sodium_memzero(sk.data(), sk.size());
  kp.seed.assign(seed);
  return kp;
}

std::string sign_message(std::string_view message, std::string_view seed) {
  ensure_sodium();
  if (seed.size() != crypto_sign_SEEDBYTES) throw std::invalid_argument("an Ed25519 seed is 32 bytes");
  std::array<unsigned char, crypto_sign_PUBLICKEYBYTES> pk{};
  std::array<unsigned char, crypto_sign_SECRETKEYBYTES> sk{};
  crypto_sign_seed_keypair(pk.data(), sk.data(), bytes(seed));
  std::string sig(crypto_sign_BYTES, '\0');
  crypto_sign_detached(reinterpret_cast<unsigned char*>(sig.data()), nullptr, bytes(message), message.size(),
                       sk.data());
  sodium_memzero(sk.data(), sk.size());
  return sig;
}

bool verify_message(std::string_view message, std::string_view signature, std::string_view public_key) {
  ensure_sodium();
  if (signature.size() != crypto_sign_BYTES || public_key.size() != crypto_sign_PUBLICKEYBYTES) return false;
  return crypto_sign_verify_detached(bytes(signature), bytes(message), message.size(), bytes(public_key)) == 0;
}

std::string key_id_of(std::string_view public_key) {
  ensure_sodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> h{};
  crypto_hash_sha256(h.data(), bytes(public_key), public_key.size());
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "ed25519-";
  for (std::size_t i = 0; i < 8; ++i) {
    out += kHex[h[i] >> 4];
    out += kHex[h[i] & 0xF];
  }
  return out;
}

std::string new_verify_code() {
  ensure_sodium();
  std::array<unsigned char, 15> buf{};  // 120 bits = 24 × 5 bits
  randombytes_buf(buf.data(), buf.size());
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";  // RFC 4648 base32, lower case
  std::string out;
  for (std::size_t i = 0; i < buf.size(); i += 5) {
    std::uint64_t n = 0;
    for (std::size_t k = 0; k < 5; ++k) n = (n << 8) | buf[i + k];
    for (int s = 35; s >= 0; s -= 5) out += kAlphabet[(n >> s) & 0x1F];
  }
  return out;
}

bool is_verify_code(std::string_view s) {
  if (s.size() != 24) return false;
  for (char c : s)
    if (!((c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'))) return false;
  return true;
}

std::string base64_encode(std::string_view b) {
  ensure_sodium();
  std::string out(sodium_base64_ENCODED_LEN(b.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes(b), b.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

std::optional<std::string> base64_decode(std::string_view text) {
  ensure_sodium();
  std::string out(text.size() / 4 * 3 + 3, '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(out.data()), out.size(), text.data(), text.size(), nullptr,
                        &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != text.data() + text.size())
    return std::nullopt;
  out.resize(len);
  return out;
}

namespace {
constexpr std::pair<KeyStatus, std::string_view> kKeyStatuses[] = {
    {KeyStatus::active, "active"}, {KeyStatus::retired, "retired"}, {KeyStatus::revoked, "revoked"}};
constexpr std::pair<Verdict, std::string_view> kVerdicts[] = {
    {Verdict::valid, "valid"},
    {Verdict::unsigned_result, "unsigned"},
    {Verdict::bad_signature, "bad_signature"},
    {Verdict::file_mismatch, "file_mismatch"},
    {Verdict::key_revoked, "key_revoked"}};
}  // namespace

std::string_view key_status_code(KeyStatus s) { return code_of(kKeyStatuses, s); }
std::optional<KeyStatus> parse_key_status(std::string_view code) { return value_of(kKeyStatuses, code); }
std::string_view verdict_code(Verdict v) { return code_of(kVerdicts, v); }

std::string_view verdict_text_vi(Verdict v) {
  switch (v) {
    case Verdict::valid: return "Hợp lệ: kết quả do cơ quan có thẩm quyền cấp và ký số, nội dung không bị thay đổi.";
    case Verdict::unsigned_result:
      return "Kết quả được ghi nhận không kèm tệp điện tử nên không có chữ ký số; hãy đối chiếu với bản giấy.";
    case Verdict::bad_signature:
      return "Không hợp lệ: thông tin kết quả không khớp với chữ ký số (đã bị thay đổi sau khi cấp).";
    case Verdict::file_mismatch:
      return "Không khớp: tệp bạn tải lên không phải là tệp kết quả đã cấp (đã bị sửa đổi hoặc là tệp khác).";
    case Verdict::key_revoked:
      return "Khóa ký số của cơ quan đã bị thu hồi: không nên dựa vào kết quả này, hãy liên hệ cơ quan cấp.";
  }
  return "";
}

std::string_view verdict_text_en(Verdict v) {
  switch (v) {
    case Verdict::valid: return "Valid: issued and signed by the competent agency, unchanged since.";
    case Verdict::unsigned_result:
      return "The result was recorded without an electronic file, so it carries no signature; check the paper copy.";
    case Verdict::bad_signature:
      return "Invalid: the result's record does not match its signature (changed after issue).";
    case Verdict::file_mismatch:
      return "No match: the file you uploaded is not the issued result (altered, or another file).";
    case Verdict::key_revoked:
      return "The agency's signing key has been revoked: do not rely on this result; contact the issuing agency.";
  }
  return "";
}

Verdict judge_result(const VerificationFacts& f) {
  if (!f.has_file) return Verdict::unsigned_result;
  if (!f.signature_ok || !f.key_status) return Verdict::bad_signature;
  if (f.upload_matches && !*f.upload_matches) return Verdict::file_mismatch;
  if (*f.key_status == KeyStatus::revoked) return Verdict::key_revoked;
  return Verdict::valid;
}

}  // namespace motcua::domain
