// Che thông tin cá nhân trên trang tra cứu công khai (masking personal data in the public lookup).
//
// Choice and why: Hà Nam QĐ 30/2019 Điều 12.3 lists "tên đầy đủ của người nộp hồ sơ" among the lookup
// results and Sơn La QĐ 19/2024 Điều 9.6.a allows lookup by code, CCCD or name. But a TT 01/2018 code is
// sequential and printed on paper receipts, so anyone can walk the codes of a day; NĐ 13/2023 (personal
// data) asks for the minimum. So the PUBLIC projection (by code or QR token) shows a masked name, and the
// full name only to the owner and authorised officials (who are also the only ones allowed to look up by
// CCCD or name). The mask keeps the family name (họ) and the first letter of every other word, one '*'
// per remaining letter, so the applicant still recognises the dossier:
//   "Nguyễn Thị Hằng" → "Nguyễn T** H***",  "Lò Văn A" → "Lò V** A".
// A name of a single word keeps its first letter ("Hằng" → "H***"). Organisation names are not personal
// data and are shown in full (Hà Nam Điều 12.3: "tên tổ chức nộp hồ sơ").
#pragma once

#include <string>
#include <string_view>

namespace motcua::domain {

// Masks a natural person's name as described above (input NFC-normalised first; whitespace collapsed).
std::string mask_person_name(std::string_view full_name);

// applicant_kind "organisation" → the name unchanged; anything else → mask_person_name.
std::string mask_applicant_name(std::string_view name, std::string_view applicant_kind);

}  // namespace motcua::domain
