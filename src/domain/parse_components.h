// Dossier components (thành phần hồ sơ).
//  - National portal scrape: groups "<heading>Tên giấy tờMẫu đơn, tờ khaiSố lượng<rows>", each row
//    "<name>[<form file name>]<N> bản chính[,<M> bản sao]" with no separators. The quantity cell is the
//    row delimiter. The form column, when filled, is a file name glued to the end of the name; it is split
//    off only at a sure boundary (see split_form_template), otherwise the row is kept whole and flagged.
//  - Bộ Quốc phòng export: real columns; the form file sits in "so_luong" and the counts in "ghi_chu"
//    ("Bản chính: 1\nBản sao: 0").
// required: the sources have no required/optional column (the portal's `required` flag is not scraped),
// so a component is required unless its own name says "nếu có" ("if any") — the only textual marker.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/procedure.h"

namespace motcua::domain {

// `all_parsed` is false when some text could not be placed in a component (it is then kept in a
// component with parsed = false).
std::vector<DossierComponent> parse_dvcqg_components(std::string_view text, bool& all_parsed);

DossierComponent parse_bqp_component(std::string_view name, std::string_view form, std::string_view counts);

// The name cell "<name><file>.docx" → {name, file}. Sure boundaries: the last ';', ')', ':' or '”' before the
// file name, else a '.' directly before it ("...27/12/2021.Mus09.docx"). The file name may not contain '/'.
// Returns false (and leaves the outputs untouched) when the cell has a file extension but no sure boundary.
bool split_form_template(std::string_view cell, std::string& name, std::string& form);

// True when a name cell ends with a form file extension (.doc, .docx, .pdf, .xls, .xlsx, .odt, .rtf, .zip, .rar).
bool ends_with_form_file(std::string_view cell);

bool component_is_optional(std::string_view name);

}  // namespace motcua::domain
