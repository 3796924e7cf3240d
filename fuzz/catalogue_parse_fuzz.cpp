// Fuzzes the catalogue parsers: arbitrary bytes as a whole JSON record for both sources, and as the
// raw text of every parsed field. Either a Procedure or std::invalid_argument (missing code/name); never a
// crash, a hang or another exception.
#include <boost/json.hpp>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

#include "domain/catalogue_parse.h"

using namespace motcua::domain;

namespace {

void parse_both(const boost::json::object& o) {
  try {
    (void)parse_dvcqg_procedure(o);
  } catch (const std::invalid_argument&) {
  }
  try {
    (void)parse_bqp_procedure(o);
  } catch (const std::invalid_argument&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // 1. The bytes as a JSON record.
  boost::system::error_code ec;
  auto v = boost::json::parse(bytes, ec);
  if (!ec && v.is_object()) parse_both(v.as_object());
  // 2. The bytes as the text of each parsed field (flattened tables with their headers glued on).
  const std::string text(bytes);
  boost::json::object d{{"ma_thu_tuc", "1.000001"},
                        {"ten_thu_tuc", "x"},
                        {"cap_thuc_hien", text},
                        {"so_quyet_dinh", text},
                        {"cach_thuc_thuc_hien", "Hình thức nộpThời gianPhí, lệ phíMô tả" + text},
                        {"thanh_phan_ho_so", "Tên giấy tờMẫu đơn, tờ khaiSố lượng" + text},
                        {"trinh_tu_thuc_hien", text},
                        {"ket_qua_xu_ly", text}};
  parse_both(d);
  boost::json::object row{{"hinh_thuc", "Trực tiếp"}, {"thoi_han_giai_quyet", text}, {"phi_le_phi", text}, {"mo_ta", text}};
  boost::json::object comp{{"ten_giay_to", text}, {"so_luong", text}, {"ghi_chu", text}};
  boost::json::object b{{"thu_tuc_id", "1.0"},
                        {"metadata", {{"tên_thủ_tục", "x"}, {"cấp_thực_hiện", text}, {"số_quyết_định", text}}},
                        {"tables", {{"hinh_thuc_nop", boost::json::array{row, row}}, {"thanh_phan_ho_so", boost::json::array{comp}}}}};
  parse_both(b);
  (void)parse_rates({});
  return 0;
}
