// Catalogue parsing: the number parser, the cell parsers, and eleven real procedures whose extracted
// fields were checked by hand against the source text quoted above each test. The fixture lines in
// tests/fixtures/catalogue/*.jsonl are exact copies of lines of shared/data/real/tthc-dvcqg-bo-nganh/
// procedures.jsonl and tthc-bqp-quoc-phong/procedures_bqp.jsonl.
#include <gtest/gtest.h>

#include <boost/json.hpp>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "domain/catalogue_parse.h"
#include "domain/parse_components.h"
#include "domain/parse_processing_time.h"
#include "domain/vn_fold.h"
#include "domain/vn_number.h"

#include <unicode/normalizer2.h>
#include <unicode/unistr.h>

using namespace motcua::domain;
namespace fs = std::filesystem;

namespace {

boost::json::object fixture(const std::string& file, const std::string& code) {
  const auto path = fs::path(__FILE__).parent_path().parent_path() / "fixtures" / "catalogue" / file;
  std::ifstream in(path);
  std::string line;
  while (std::getline(in, line)) {
    auto o = boost::json::parse(line).as_object();
    const auto* c = o.if_contains("ma_thu_tuc");
    if (!c) c = o.if_contains("thu_tuc_id");
    if (c && c->as_string() == code) return o;
  }
  throw std::runtime_error("fixture not found: " + code + " in " + path.string());
}

Procedure dvcqg(const std::string& code) { return parse_dvcqg_procedure(fixture("dvcqg.jsonl", code)); }

bool flagged(const Procedure& p, std::string_view f) {
  return std::find(p.review_flags.begin(), p.review_flags.end(), f) != p.review_flags.end();
}

void expect_time(const ProcessingTime& t, Channel ch, double amount, TimeUnit unit, bool parsed = true) {
  EXPECT_EQ(t.channel, ch);
  ASSERT_TRUE(t.amount.has_value());
  EXPECT_DOUBLE_EQ(*t.amount, amount);
  EXPECT_EQ(t.unit, unit);
  EXPECT_EQ(t.parsed, parsed);
}

}  // namespace

// ---------------------------------------------------------------- numbers and cells
TEST(CatalogueNumbers, Decimal) {
  EXPECT_DOUBLE_EQ(*parse_vn_decimal("05"), 5);
  EXPECT_DOUBLE_EQ(*parse_vn_decimal("0.5"), 0.5);
  EXPECT_DOUBLE_EQ(*parse_vn_decimal("0,5"), 0.5);
  EXPECT_FALSE(parse_vn_decimal("5 ngày"));
  EXPECT_FALSE(parse_vn_decimal(""));
  EXPECT_FALSE(parse_vn_decimal("1.2.3"));
}

TEST(CatalogueNumbers, GroupedAndVnd) {
  EXPECT_EQ(*parse_vn_grouped_int("50.000"), 50000);
  EXPECT_EQ(*parse_vn_grouped_int("50,000"), 50000);
  EXPECT_EQ(*parse_vn_grouped_int("15000000"), 15000000);
  EXPECT_FALSE(parse_vn_grouped_int("1.5"));      // not a money amount
  EXPECT_FALSE(parse_vn_grouped_int("1.500,000"));  // mixed separators
  EXPECT_FALSE(parse_vn_grouped_int("99999999999999999999"));
  EXPECT_EQ(*parse_vnd_amount("1.500.000 đồng"), 1500000);
  EXPECT_EQ(*parse_vnd_amount("2,000,000 Việt Nam Đồng"), 2000000);
  EXPECT_EQ(*parse_vnd_amount("70,000 VNĐ"), 70000);
  EXPECT_EQ(*parse_vnd_amount("200.000đ"), 200000);
  EXPECT_EQ(*parse_vnd_amount("Miễn phí"), 0);
  EXPECT_FALSE(parse_vnd_amount("145 USD"));
  EXPECT_FALSE(parse_vnd_amount("50.000"));  // no currency: not sure it is money
}

TEST(CatalogueCells, TimeCellAndDurations) {
  auto c = parse_time_cell("5 Ngày làm việc");
  EXPECT_TRUE(c.ok && c.unit_given);
  EXPECT_EQ(c.unit, TimeUnit::working_days);
  EXPECT_EQ(parse_time_cell("07 Ngày").unit, TimeUnit::calendar_days);
  EXPECT_EQ(parse_time_cell("0.5 Giờ").unit, TimeUnit::working_hours);
  EXPECT_DOUBLE_EQ(*parse_time_cell("0.5 Giờ").amount, 0.5);
  EXPECT_TRUE(parse_time_cell("1").ok);
  EXPECT_FALSE(parse_time_cell("1").unit_given);
  EXPECT_FALSE(parse_time_cell("Không quy định").ok);
  auto ds = find_durations("trong thời hạn 05 (năm) ngày làm việc, sau đó 03 tháng");
  ASSERT_EQ(ds.size(), 2u);
  EXPECT_EQ(ds[0].unit, TimeUnit::working_days);
  EXPECT_EQ(ds[1].unit, TimeUnit::months);
  auto cases = case_times_from_text("Trường hợp cấp lần đầu: 05 ngày làm việc; trường hợp cấp lại: 10 ngày", Channel::online);
  ASSERT_EQ(cases.size(), 2u);
  EXPECT_EQ(cases[0].condition, "Trường hợp cấp lần đầu");
  expect_time(cases[0], Channel::online, 5, TimeUnit::working_days);
  EXPECT_EQ(cases[1].condition, "trường hợp cấp lại");
  expect_time(cases[1], Channel::online, 10, TimeUnit::calendar_days);
}

TEST(CatalogueCells, FormTemplateSplit) {
  std::string name, form;
  EXPECT_TRUE(split_form_template("Đơn (mẫu NA17)101-Mau A17.doc", name, form));
  EXPECT_EQ(name, "Đơn (mẫu NA17)");
  EXPECT_EQ(form, "101-Mau A17.doc");
  name.clear();
  // No sure boundary between the name and the file: not split.
  EXPECT_FALSE(split_form_template("Đơn theo Mẫu số 01 của Nghị định số 258/2025/NĐ-CPMẫu số 01.docx", name, form));
  EXPECT_TRUE(name.empty());
}

// ---------------------------------------------------------------- broken records
TEST(CatalogueRecord, MissingCodeNamesTheField) {
  auto o = fixture("dvcqg.jsonl", "1.001193");
  o.erase("ma_thu_tuc");
  try {
    parse_dvcqg_procedure(o);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("ma_thu_tuc"), std::string::npos);
  }
  auto b = fixture("bqp.jsonl", "1.013129");
  b.erase("thu_tuc_id");
  b["metadata"].as_object().erase("tên_thủ_tục");
  try {
    parse_bqp_procedure(b);
    FAIL() << "expected invalid_argument";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("tên_thủ_tục"), std::string::npos);
  }
  EXPECT_THROW(parse_dvcqg_procedure(boost::json::object{{"ma_thu_tuc", 5}}), std::invalid_argument);
}

// ---------------------------------------------------------------- real procedures, checked by hand
// 1.001193 Thủ tục đăng ký khai sinh. Source: cap_thuc_hien "Cấp xã", so_quyet_dinh "163/QĐ-BTP",
// cach_thuc_thuc_hien "...Mô tảTrực tuyến1Miễn phíDịch vụ bưu chính1Miễn phíTrực tiếp1Miễn phí" (no unit, no
// description → unit not stated, flagged); thanh_phan_ho_so "* Giấy tờ phải nộp:Tên giấy tờMẫu đơn, tờ khaiSố
// lượng- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản ... lập.1 bản chính- Văn bản ủy quyền ...".
TEST(CatalogueReal, KhaiSinh_1_001193) {
  auto p = dvcqg("1.001193");
  EXPECT_EQ(p.code, "1.001193");
  EXPECT_EQ(p.name, "Thủ tục đăng ký khai sinh");
  EXPECT_EQ(p.levels, std::vector<std::string>{"xa"});
  EXPECT_EQ(p.decision.number, "163/QĐ-BTP");
  EXPECT_FALSE(p.decision.date);
  EXPECT_EQ(p.online_level, OnlineLevel::unknown);
  ASSERT_EQ(p.times.size(), 3u);
  EXPECT_EQ(p.times[0].channel, Channel::online);
  EXPECT_DOUBLE_EQ(*p.times[0].amount, 1);
  EXPECT_EQ(p.times[0].unit, TimeUnit::unspecified);
  EXPECT_FALSE(p.times[0].parsed);
  EXPECT_TRUE(flagged(p, "processing_time"));
  ASSERT_EQ(p.fees.size(), 3u);
  for (const auto& f : p.fees) {
    EXPECT_EQ(f.kind, FeeKind::free);
    EXPECT_EQ(f.amount_vnd, 0);
    EXPECT_FALSE(f.per_case);
    EXPECT_TRUE(f.parsed);
  }
  EXPECT_EQ(p.fees[1].channel, Channel::postal);
  ASSERT_GE(p.components.size(), 5u);
  EXPECT_EQ(p.components[0].group, "* Giấy tờ phải nộp:");
  EXPECT_EQ(p.components[0].name,
            "- Trường hợp trẻ em bị bỏ rơi thì phải có biên bản về việc trẻ bị bỏ rơi do cơ quan có thẩm quyền lập.");
  EXPECT_EQ(p.components[0].originals, 1);
  EXPECT_EQ(p.components[0].copies, 0);
  EXPECT_TRUE(p.components[0].required);
  EXPECT_TRUE(p.components[0].form_template.empty());
  EXPECT_EQ(p.components[5].group, "* Giấy tờ phải xuất trình:");
  EXPECT_EQ(p.components[5].originals, 0);
}

// 1.002693 (cây xanh). cach_thuc "Trực tiếp10 Ngày làm việcKhông có thông tin20 ngày làm việc đối với trường
// hợp đề chặt hạ, dịch chuyển có cây xanh thuộc danh mục cây xanh cần bảo tồnTrực tuyến10 Ngày làm việc...";
// thanh_phan "...Đơn đề nghị cấp giấy phép ... theo Mẫu số 01 Phụ lục I của Nghị định số 258/2025/NĐ-CPMẫu số
// 01.docx1 bản chínhẢnh chụp hiện trạng cây xanh đô thị cần chặt hạ, dịch chuyển0 bản chính,1 bản sao".
TEST(CatalogueReal, CaseDependentTime_1_002693) {
  auto p = dvcqg("1.002693");
  EXPECT_EQ(p.levels, (std::vector<std::string>{"tinh", "xa"}));
  ASSERT_EQ(p.times.size(), 6u);
  expect_time(p.times[0], Channel::in_person, 10, TimeUnit::working_days);
  EXPECT_TRUE(p.times[0].condition.empty());
  expect_time(p.times[1], Channel::in_person, 20, TimeUnit::working_days);
  EXPECT_EQ(p.times[1].condition,
            "đối với trường hợp đề chặt hạ, dịch chuyển có cây xanh thuộc danh mục cây xanh cần bảo tồn");
  expect_time(p.times[2], Channel::online, 10, TimeUnit::working_days);
  EXPECT_FALSE(flagged(p, "processing_time"));
  EXPECT_TRUE(p.fees.empty());  // "Không có thông tin"
  ASSERT_EQ(p.components.size(), 2u);
  EXPECT_FALSE(p.components[0].parsed);  // name and "Mẫu số 01.docx" glued with no sure boundary
  EXPECT_TRUE(flagged(p, "components"));
  EXPECT_EQ(p.components[1].name, "Ảnh chụp hiện trạng cây xanh đô thị cần chặt hạ, dịch chuyển");
  EXPECT_EQ(p.components[1].originals, 0);
  EXPECT_EQ(p.components[1].copies, 1);
  EXPECT_TRUE(p.components[1].parsed);
}

// 1.004002. cach_thuc "Trực tuyến2 Ngày làm việc70,000 VNĐ(70.000 đồng/Giấy chứng nhận)Dịch vụ bưu chính2 Ngày
// làm việc70,000 VNĐ(...)Trực tiếp2 Ngày làm việc70,000 VNĐ(...)"; thanh_phan "...Giấy chứng nhận an toàn kỹ
// thuật ... thuộc diện đăng kiểm.1 bản chính,1 bản sao...Đơn đề nghị đăng ký lại phương tiện thủy nội địa theo
// quy địnhMauon.docx1 bản chính".
TEST(CatalogueReal, FixedFee_1_004002) {
  auto p = dvcqg("1.004002");
  EXPECT_EQ(p.levels, (std::vector<std::string>{"tinh", "xa"}));
  ASSERT_EQ(p.times.size(), 3u);
  expect_time(p.times[2], Channel::in_person, 2, TimeUnit::working_days);
  ASSERT_EQ(p.fees.size(), 3u);
  EXPECT_EQ(p.fees[0].channel, Channel::online);
  EXPECT_EQ(p.fees[0].amount_vnd, 70000);
  EXPECT_EQ(p.fees[0].kind, FeeKind::unspecified);  // the flattened table has no phí/lệ phí column
  EXPECT_FALSE(p.fees[0].per_case);
  EXPECT_TRUE(p.fees[0].parsed);
  EXPECT_EQ(p.fees[0].description, "70.000 đồng/Giấy chứng nhận");
  EXPECT_FALSE(flagged(p, "fees"));
  ASSERT_EQ(p.components.size(), 4u);
  EXPECT_EQ(p.components[0].originals, 1);
  EXPECT_EQ(p.components[0].copies, 1);
  EXPECT_EQ(p.components[0].group.rfind("* Xuất trình hoặc gửi bản chính", 0), 0u);
  EXPECT_FALSE(p.components[2].parsed);  // "...theo quy địnhMauon.docx": no sure boundary
}

// 3.000141 (hải quan, ACTS). cach_thuc "Hình thức nộpThời gianPhí, lệ phíMô tảTrực tuyến8 GiờMiễn phí";
// cap_thuc_hien "Cơ quan khác"; so_quyet_dinh "710/QĐ-BTC".
TEST(CatalogueReal, Hours_3_000141) {
  auto p = dvcqg("3.000141");
  EXPECT_EQ(p.levels, std::vector<std::string>{"khac"});
  EXPECT_EQ(p.decision.number, "710/QĐ-BTC");
  ASSERT_EQ(p.times.size(), 1u);
  expect_time(p.times[0], Channel::online, 8, TimeUnit::working_hours);
  ASSERT_EQ(p.fees.size(), 1u);
  EXPECT_EQ(p.fees[0].kind, FeeKind::free);
  EXPECT_TRUE(p.fees[0].parsed);
  EXPECT_FALSE(p.components.empty());
  EXPECT_EQ(p.components[0].group.rfind("Thủ tục hải quan đối với hàng hóa quá cảnh", 0), 0u);
}

// 1.003290 (thường trú người nước ngoài). cach_thuc "Trực tiếp6 Tháng100 USD(100 USD/thẻ.)Trực tiếp nộp hồ sơ ...
// Trong thời hạn 04 tháng ...; trường hợp xét thấy cần phải thẩm tra bổ sung thì có thể kéo dài thêm nhưng không
// quá 0[2 tháng]"; thanh_phan "--Tên giấy tờ...Công hàm ... cho người đó thường trú;1 bản chính...Bản sao hộ chiếu
// có chứng thực;0 bản chính,1 bản sao".
TEST(CatalogueReal, MonthsAndUsdFee_1_003290) {
  auto p = dvcqg("1.003290");
  ASSERT_GE(p.times.size(), 1u);
  expect_time(p.times[0], Channel::in_person, 6, TimeUnit::months);
  EXPECT_TRUE(flagged(p, "processing_time"));  // the description's 04 months / extension is not structured
  ASSERT_EQ(p.fees.size(), 1u);
  EXPECT_FALSE(p.fees[0].amount_vnd);  // USD: kept raw
  EXPECT_FALSE(p.fees[0].parsed);
  EXPECT_EQ(p.fees[0].raw, "100 USD(100 USD/thẻ.)");
  ASSERT_GE(p.components.size(), 3u);
  EXPECT_EQ(p.components[0].name,
            "Công hàm của cơ quan đại diện của nước mà người đó là công dân đề nghị Việt Nam giải quyết cho người đó "
            "thường trú;");
  EXPECT_EQ(p.components[0].originals, 1);
  EXPECT_EQ(p.components[2].name, "Bản sao hộ chiếu có chứng thực;");
  EXPECT_EQ(p.components[2].originals, 0);
  EXPECT_EQ(p.components[2].copies, 1);
}

// 1.003777. cach_thuc "Trực tiếp10 NgàyKhông có thông tinTrực tiếp tại cơ quan Công an cấp huyện ... - Công an cấp
// huyện: 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.Trực tiếp10 NgàyKhông có thông tin- Công an cấp tỉnh: 10 ngày kể
// từ ngày nhận đủ hồ sơ hợp lệ.Trực tiếp10 NgàyKhông có thông tin- Cục Tổ chức cán bộ: 10 ngày ...". Three rows for
// one channel: each row's description is its condition. "Ngày" alone → calendar days.
TEST(CatalogueReal, SeveralRowsPerChannel_1_003777) {
  auto p = dvcqg("1.003777");
  ASSERT_EQ(p.times.size(), 3u);
  for (const auto& t : p.times) expect_time(t, Channel::in_person, 10, TimeUnit::calendar_days);
  EXPECT_EQ(p.times[1].condition, "- Công an cấp tỉnh: 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.");
  EXPECT_EQ(p.times[2].condition, "- Cục Tổ chức cán bộ: 10 ngày kể từ ngày nhận đủ hồ sơ hợp lệ.");
  EXPECT_TRUE(p.fees.empty());
  EXPECT_EQ(p.decision.number, "7065/QĐ-BCA");
}

// 1.010093. thanh_phan "--Tên giấy tờMẫu đơn, tờ khaiSố lượng- Danh mục hàng hóa, vật tư, trang thiết bị hỗ trợ và
// các văn bản khác liên quan (nếu có) theo mẫu Phụ lục II ban hành tại Nghị định 66/2021/NĐ-CP ngày 06/7/2021 của
// Chính phủ;Phu lục II NĐ 66.doc1 bản chính-  Đơn đăng ký ...". cach_thuc "Trực tuyến2 Ngày làm việcMiễn
// phíTrong thời hạn 02 ngày làm việc ...".
TEST(CatalogueReal, OptionalComponentWithTemplate_1_010093) {
  auto p = dvcqg("1.010093");
  ASSERT_EQ(p.components.size(), 3u);
  const auto& c = p.components[0];
  // The source mixes NFC and NFD here ("mẫu Phụ lục ... ban hành" is decomposed), so compare the NFC ends.
  EXPECT_EQ(c.name.rfind("- Danh mục hàng hóa, vật tư, trang thiết bị hỗ trợ và các văn bản khác liên quan (nếu có)", 0),
            0u);
  EXPECT_EQ(c.name.back(), ';');
  EXPECT_EQ(c.form_template, "Phu lục II NĐ 66.doc");
  EXPECT_FALSE(c.required);
  EXPECT_EQ(c.originals, 1);
  EXPECT_EQ(c.copies, 0);
  EXPECT_TRUE(c.parsed);
  EXPECT_TRUE(p.components[1].required);
  EXPECT_EQ(p.components[2].form_template, "PL III NĐ 66.doc");
  ASSERT_EQ(p.times.size(), 3u);
  expect_time(p.times[0], Channel::online, 2, TimeUnit::working_days);
  EXPECT_TRUE(p.review_flags.empty());
}

// 1.000823 (NHNN). thanh_phan "...theo Nghị định số 121/2021/NĐ-CP ngày 27/12/2021;Mus08.docx1 bản chínhBáo cáo
// ... theo Mẫu số 09 ... ngày 27/12/2021.Mus09.docx1 bản chínhQuy chế quản lý ... do người đại diện theo pháp
// luật của doanh nghiệp ký;1 bản chính"; cach_thuc "Dịch vụ bưu chính22 Ngày làm việcMiễn phíTrực tiếp22 Ngày làm
// việcMiễn phí".
TEST(CatalogueReal, Templates_1_000823) {
  auto p = dvcqg("1.000823");
  ASSERT_EQ(p.components.size(), 3u);
  EXPECT_EQ(p.components[0].form_template, "Mus08.docx");
  EXPECT_EQ(p.components[1].form_template, "Mus09.docx");
  EXPECT_TRUE(p.components[2].form_template.empty());
  EXPECT_EQ(p.components[2].name.back(), ';');
  ASSERT_EQ(p.times.size(), 2u);
  expect_time(p.times[0], Channel::postal, 22, TimeUnit::working_days);
  expect_time(p.times[1], Channel::in_person, 22, TimeUnit::working_days);
  EXPECT_EQ(p.fees.size(), 2u);
  EXPECT_TRUE(p.review_flags.empty());
}

// 2.001258 (đấu giá tài sản). cach_thuc "Trực tuyến7 Ngày làm việc500,000 Việt Nam ĐồngDịch vụ bưu chính7 Ngày làm
// việc500,000 Việt Nam ĐồngTrực tiếp7 Ngày làm việc500,000 Việt Nam Đồng"; thanh_phan "...Giấy đề nghị cấp lại
// Giấy đăng ký hoạt động của doanh nghiệp đấu giá tài sảnMau TP DGTS 05.doc1 bản chính".
TEST(CatalogueReal, VndFee_2_001258) {
  auto p = dvcqg("2.001258");
  ASSERT_EQ(p.fees.size(), 3u);
  for (const auto& f : p.fees) {
    EXPECT_EQ(f.amount_vnd, 500000);
    EXPECT_TRUE(f.parsed);
    EXPECT_FALSE(f.per_case);
  }
  EXPECT_EQ(p.fees[2].channel, Channel::in_person);
  ASSERT_EQ(p.times.size(), 3u);
  expect_time(p.times[1], Channel::postal, 7, TimeUnit::working_days);
  ASSERT_EQ(p.components.size(), 1u);
  EXPECT_FALSE(p.components[0].parsed);  // "tài sảnMau TP DGTS 05.doc": kept whole, flagged
  EXPECT_EQ(p.components[0].originals, 1);
  EXPECT_TRUE(flagged(p, "components"));
}

// 1.000014 (hải quan). cach_thuc "Trực tuyến120 VNĐ(20.000 vnđ /tờ khai)Trực tiếp120 VNĐ(20.000 vnđ /tờ khai)":
// the time "1" and the fee "20 VNĐ"/"20,000" are glued — ambiguous, so nothing is split and all is kept raw.
TEST(CatalogueReal, GluedTimeAndFeeIsNotGuessed_1_000014) {
  auto p = dvcqg("1.000014");
  EXPECT_TRUE(flagged(p, "processing_time"));
  EXPECT_TRUE(flagged(p, "fees"));
  for (const auto& t : p.times) EXPECT_FALSE(t.parsed);
  for (const auto& f : p.fees) EXPECT_FALSE(f.amount_vnd && *f.amount_vnd == 120);
}

// BQP 1.013129. hinh_thuc_nop [{"Trực tiếp","07 Ngày","Phí : 0 Đồng",""}, {"Trực tiếp","14 Ngày","Phí : 0 Đồng",
// "Trường hợp nội dung thẩm định phức tạp thì thời gian tối đa không vượt quá 14 ngày."}, ... same for Trực tuyến
// and Dịch vụ bưu chính]; thanh_phan_ho_so [{"Công văn đề nghị thẩm định, ...;", "5- MẪU SỐ 01.docx",
// "Bản chính: 1\nBản sao: 0"}, ..., {"Bản sao các quyết định phê duyệt ...", "", "Bản chính: 0\nBản sao: 1"}];
// số_quyết_định "Quyết định số 6376/QĐ-BQP"; cấp_thực_hiện "Cấp Bộ".
TEST(CatalogueReal, Bqp_1_013129) {
  auto p = parse_bqp_procedure(fixture("bqp.jsonl", "1.013129"));
  EXPECT_EQ(p.source, "bqp");
  EXPECT_EQ(p.code, "1.013129");
  EXPECT_EQ(p.levels, std::vector<std::string>{"bo"});
  EXPECT_EQ(p.decision.number, "6376/QĐ-BQP");
  ASSERT_EQ(p.times.size(), 6u);
  expect_time(p.times[0], Channel::in_person, 7, TimeUnit::calendar_days);
  EXPECT_TRUE(p.times[0].condition.empty());
  expect_time(p.times[1], Channel::in_person, 14, TimeUnit::calendar_days);
  EXPECT_EQ(p.times[1].condition,
            "Trường hợp nội dung thẩm định phức tạp thì thời gian tối đa không vượt quá 14 ngày.");
  expect_time(p.times[4], Channel::postal, 7, TimeUnit::calendar_days);
  ASSERT_EQ(p.fees.size(), 6u);
  EXPECT_EQ(p.fees[0].kind, FeeKind::free);
  EXPECT_EQ(p.fees[0].amount_vnd, 0);
  EXPECT_TRUE(p.fees[0].parsed);
  ASSERT_EQ(p.components.size(), 4u);
  EXPECT_EQ(p.components[0].form_template, "5- MẪU SỐ 01.docx");
  EXPECT_EQ(p.components[0].originals, 1);
  EXPECT_EQ(p.components[0].copies, 0);
  EXPECT_EQ(p.components[2].originals, 0);
  EXPECT_EQ(p.components[2].copies, 1);
  EXPECT_TRUE(p.components[2].form_template.empty());
  EXPECT_TRUE(p.review_flags.empty());
  EXPECT_NE(p.legal_bases.find("Thông tư số 67/2024/TT-BQP"), std::string::npos);
}

TEST(CatalogueRates, CountsSourcesAndFlags) {
  std::vector<Procedure> ps = {dvcqg("1.010093"), dvcqg("2.001258"), dvcqg("1.002693")};
  auto rates = parse_rates(ps);
  auto find = [&](std::string_view f) {
    return *std::find_if(rates.begin(), rates.end(), [&](const auto& r) { return r.field == f; });
  };
  EXPECT_EQ(find("components").with_source, 3);
  EXPECT_EQ(find("components").parsed, 1);
  EXPECT_EQ(find("fees").with_source, 2);  // 1.002693 says "Không có thông tin"
  EXPECT_EQ(find("fees").parsed, 2);
  EXPECT_EQ(find("levels").parsed, 3);
}

// Some portal records are partly decomposed (NFD), e.g. 1.010093; the parser normalises to NFC first so
// "(nếu có)" and the unit words match whatever form the source used.
TEST(CatalogueRecord, DecomposedTextParsesLikeComposed) {
  auto o = fixture("dvcqg.jsonl", "1.010093");
  const auto composed = parse_dvcqg_procedure(o);
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  ASSERT_TRUE(U_SUCCESS(status));
  for (auto& [key, value] : o) {
    if (!value.is_string()) continue;
    std::string out;
    nfd->normalize(icu::UnicodeString::fromUTF8(std::string(value.as_string())), status).toUTF8String(out);
    value = out;
  }
  ASSERT_NE(boost::json::serialize(o).find("\xcc\x82"), std::string::npos) << "the fixture was not decomposed";
  const auto decomposed = parse_dvcqg_procedure(o);
  ASSERT_EQ(decomposed.components.size(), composed.components.size());
  for (std::size_t i = 0; i < composed.components.size(); ++i) {
    EXPECT_EQ(decomposed.components[i].name, composed.components[i].name);
    EXPECT_EQ(decomposed.components[i].required, composed.components[i].required);
  }
  EXPECT_EQ(decomposed.name, composed.name);
  EXPECT_EQ(decomposed.review_flags, composed.review_flags);
}

TEST(TextNormal, ToNfcComposesAndLeavesNfcAlone) {
  EXPECT_EQ(motcua::domain::to_nfc("n\x65\xcc\x82\xcc\x81u c\x6f\xcc\x81"), "nếu có");
  EXPECT_EQ(motcua::domain::to_nfc("Đắk Lắk"), "Đắk Lắk");
}
