// Folding Vietnamese text for search (tìm kiếm không dấu): lowercase, diacritics removed, đ → d,
// whitespace collapsed. "Đắk Lắk" → "dak lak". Stored next to names so a plain LIKE finds them.
#pragma once

#include <string>
#include <string_view>

namespace motcua::domain {

// Invalid UTF-8 sequences are dropped rather than reported: the result is only a search key.
std::string vn_fold(std::string_view utf8);

// Unicode NFC: the one form stored and compared. Sources mix precomposed and decomposed Vietnamese
// ("ế" as one code point or as e + U+0302 + U+0301), which byte comparison would treat as different.
std::string to_nfc(std::string_view utf8);

}  // namespace motcua::domain
