#include "domain/vn_fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

namespace motcua::domain {

std::string to_nfc(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) return std::string(utf8);
  const auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  // Already-NFC text (the common case) is returned without a copy through ICU.
  if (nfc->isNormalized(input, status) && U_SUCCESS(status)) return std::string(utf8);
  status = U_ZERO_ERROR;
  const icu::UnicodeString composed = nfc->normalize(input, status);
  if (U_FAILURE(status)) return std::string(utf8);
  std::string out;
  composed.toUTF8String(out);
  return out;
}

std::string vn_fold(std::string_view utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString decomposed;
  const auto input = icu::UnicodeString::fromUTF8(icu::StringPiece(utf8.data(), static_cast<int32_t>(utf8.size())));
  if (U_SUCCESS(status)) decomposed = nfd->normalize(input, status);
  if (U_FAILURE(status)) decomposed = input;

  std::string out;
  out.reserve(utf8.size());
  bool pending_space = false;
  for (int32_t i = 0; i < decomposed.length();) {
    UChar32 c = decomposed.char32At(i);
    i += U16_LENGTH(c);
    if (c >= 0x0300 && c <= 0x036F) continue;   // combining marks: the tones and the hat/breve/horn
    if (c == 0xFFFD) continue;                  // what fromUTF8 makes of invalid bytes
    if (c == 0x0110 || c == 0x0111) c = 'd';    // Đ/đ have no decomposition
    if (u_isUWhiteSpace(c)) {
      pending_space = !out.empty();
      continue;
    }
    c = u_tolower(c);
    if (pending_space) out.push_back(' ');
    pending_space = false;
    char buf[U8_MAX_LENGTH];
    int32_t len = 0;
    UBool error = false;
    U8_APPEND(reinterpret_cast<uint8_t*>(buf), len, U8_MAX_LENGTH, c, error);
    if (!error) out.append(buf, static_cast<std::size_t>(len));
  }
  return out;
}

}  // namespace motcua::domain
