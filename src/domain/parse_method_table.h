// Splitting the national portal's flattened "Cách thức thực hiện" table back into rows.
// The scrape concatenates the cells with no separator:
//   "Hình thức nộpThời gianPhí, lệ phíMô tả" + per row: <channel><time><fee>[(<fee note>)]...<description>
//   e.g. "Trực tiếp5 Ngày làm việc50,000 Việt Nam Đồng(50.000 đồng/thẻ)Nộp tại ...Trực tuyến1Miễn phí".
// A row starts where a channel word is directly followed by a time cell and a fee cell; that shape does
// not occur inside the free-text descriptions (which say "Trực tiếp: nộp ..." or "trực tiếp tại ...").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "domain/procedure.h"

namespace motcua::domain {

struct MethodFeeCell {
  std::string cell;  // "Miễn phí", "Không có thông tin", "50,000 Việt Nam Đồng", "145 USD", "VNĐ"
  std::string note;  // the "(...)" text following the cell, without the outer parentheses
};

struct MethodRow {
  Channel channel = Channel::unspecified;
  std::string time_cell;  // "5 Ngày làm việc", "1", "Không có thông tin"
  std::vector<MethodFeeCell> fees;
  std::string description;  // the "Mô tả" cell
  std::string raw;          // the whole row as in the source
};

struct MethodTable {
  bool header_found = false;
  std::vector<MethodRow> rows;
  std::string unparsed;  // source text that belongs to no row (empty when everything was split)
};

MethodTable split_dvcqg_method_table(std::string_view text);

// "Trực tiếp" → in_person, "Trực tuyến" → online, "Dịch vụ bưu chính" → postal (case of the first letter
// ignored); anything else → unspecified.
Channel parse_channel(std::string_view text);

}  // namespace motcua::domain
