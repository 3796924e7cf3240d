// Folding Vietnamese text for search (tìm kiếm không dấu): lowercase, diacritics removed, đ → d,
// whitespace collapsed. "Đắk Lắk" → "dak lak". Stored next to names so a plain LIKE finds them.
#pragma once

#include <string>
#include <string_view>

namespace motcua::domain {

// Invalid UTF-8 sequences are dropped rather than reported: the result is only a search key.
std::string vn_fold(std::string_view utf8);

}  // namespace motcua::domain
