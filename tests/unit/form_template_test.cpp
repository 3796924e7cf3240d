// Forms as data (TT 01/2018/TT-VPCP Điều 9–10; TT 03/2025/TT-VPCP Phụ lục I) and the TT 01/2023 QR payload:
// template validation, filling (escaping, NFC), the bundled sets, and the QR content.
#include <gtest/gtest.h>

#include "app/form_templates.h"
#include "domain/calendar.h"
#include "domain/document_qr.h"
#include "domain/form_template.h"
#include "domain/form_vocabulary.h"

using namespace motcua;
using namespace motcua::domain;

namespace {

std::string minimal(const std::string& blocks, const std::string& extra = "") {
  return R"({"id": "mau-01", "form_set": "tt03-2025", "name": "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
             "source": "test", "tag": "S", "paper": "A5", "blocks": )" +
         blocks + extra + "}";
}

std::string error_of(const std::string& json) {
  try {
    parse_form_template(json, form_vocabulary());
  } catch (const FormTemplateError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(FormTemplate, ParsesBlocksAndDefaults) {
  const auto t = parse_form_template(
      minimal(R"([{"type": "text", "text": "Tiếp nhận hồ sơ của: <b>{applicant.name}</b>", "align": "justify"},
                  {"type": "list", "list": "components", "text": "{item.index}. {item.name}"},
                  {"type": "spacer", "mm": 3}])"),
      form_vocabulary());
  EXPECT_EQ(t.paper, Paper::a5);
  EXPECT_TRUE(t.qr);  // TT 01/2023: every paper for the applicant carries the QR unless the template says not
  ASSERT_EQ(t.blocks.size(), 3u);
  EXPECT_EQ(t.blocks[0].align, Align::justify);
  EXPECT_EQ(t.blocks[1].kind, BlockKind::list);
  EXPECT_EQ(t.blocks[2].mm, 3);
}

TEST(FormTemplate, RefusesUnknownPlaceholdersWithTheirPath) {
  EXPECT_NE(error_of(minimal(R"([{"type": "text", "text": "{applicant.nam}"}])")).find(
                "blocks[0]: text: unknown field {applicant.nam}"),
            std::string::npos);
  // {item.*} only inside a list, and only the list's own keys.
  EXPECT_NE(error_of(minimal(R"([{"type": "text", "text": "{item.name}"}])")).find("only allowed inside a list"),
            std::string::npos);
  EXPECT_NE(error_of(minimal(R"([{"type": "list", "list": "components", "text": "{item.reason}"}])"))
                .find("unknown item field {item.reason}"),
            std::string::npos);
  EXPECT_NE(error_of(minimal(R"([{"type": "list", "list": "nothing", "text": "x"}])")).find("unknown list"),
            std::string::npos);
}

TEST(FormTemplate, RefusesBadLayoutValuesAndUnknownKeys) {
  EXPECT_NE(error_of(minimal(R"([{"type": "text", "text": "a", "colour": "red"}])")).find("unknown key \"colour\""),
            std::string::npos);
  EXPECT_NE(error_of(minimal(R"([{"type": "text", "text": "a", "align": "middle"}])")).find("align"), std::string::npos);
  EXPECT_NE(error_of(minimal(R"([{"type": "text", "text": "a {"}])")).find("unclosed"), std::string::npos);
  EXPECT_NE(error_of(minimal(R"([{"type": "text", "text": "a"}])", R"(, "paper": "Letter")")).find("A5 or A4"),
            std::string::npos);
  EXPECT_NE(error_of(minimal("[]")).find("blocks: must be a non-empty list"), std::string::npos);
  EXPECT_NE(error_of("not json").find("not valid JSON"), std::string::npos);
}

TEST(FormTemplate, FillEscapesMarkupAndNormalisesToNfc) {
  FormData d;
  d.fields["applicant.name"] = "<b>Nguy\xE1\xBB\x85n</b> & co";          // markup in the data stays text
  d.fields["applicant.address"] = "tỉnh \x44\xE1\xBA\xAF\x6B La\xCC\x86\xCC\x81k";  // "Lắk" decomposed (a + ̆ + ́)
  EXPECT_EQ(fill_text("{applicant.name}", d), "&lt;b&gt;Nguyễn&lt;/b&gt; &amp; co");
  EXPECT_EQ(fill_text("{applicant.address}", d), "tỉnh Dắk Lắk");
  EXPECT_EQ(fill_text("{{literal}} {applicant.phone}", d), "{literal} ");
}

TEST(FormTemplate, BlocksWithAnEmptyConditionAreLeftOut) {
  const auto t = parse_form_template(
      minimal(R"([{"type": "text", "text": "Email: {applicant.email}", "when": "applicant.email"},
                  {"type": "list", "list": "refusal_reasons", "text": "{item.index}. {item.text}", "empty": "— không có —"}])"),
      form_vocabulary());
  FormData d;
  auto f = fill_form(t, d);
  ASSERT_EQ(f.blocks.size(), 1u);
  EXPECT_EQ(f.blocks[0].lines, std::vector<std::string>{"— không có —"});
  d.fields["applicant.email"] = "a@example.vn";
  d.lists["refusal_reasons"] = {{{"index", "1"}, {"text", "Thiếu tờ khai"}}};
  f = fill_form(t, d);
  ASSERT_EQ(f.blocks.size(), 2u);
  EXPECT_EQ(f.blocks[1].lines, std::vector<std::string>{"1. Thiếu tờ khai"});
}

TEST(FormTemplate, MomentsAreWrittenTheAdministrativeWay) {
  FormData d;
  const auto t = *parse_local_datetime("2026-11-23 09:05");
  set_moment(d, "received", t);
  EXPECT_EQ(d.fields["received.text"], "09 giờ 05 phút, ngày 23 tháng 11 năm 2026");
  EXPECT_EQ(d.fields["received.date"], "23/11/2026");
  EXPECT_EQ(d.fields["received.hour"], "09");
}

// TT 01/2018 Mẫu 01–06 and TT 03/2025 Mẫu 01–07 (with Mẫu 05 "Thông báo dừng") are all bundled and valid.
TEST(FormTemplate, BundledSetsAreCompleteAndValid) {
  const auto forms = app::FormTemplates::load_bundled();
  EXPECT_EQ(forms.of_set("tt01-2018").size(), 6u);
  EXPECT_EQ(forms.of_set("tt03-2025").size(), 7u);
  EXPECT_EQ(forms.find("tt03-2025", "mau-05")->name, "Thông báo dừng giải quyết hồ sơ");
  EXPECT_EQ(forms.find("tt01-2018", "mau-04")->name, "Phiếu xin lỗi và hẹn lại ngày trả kết quả");
  // Điều 9.2: forms on A5, the book on A4; the receipt in 2 copies.
  for (const auto* set : {"tt01-2018", "tt03-2025"})
    for (const auto* t : forms.of_set(set)) EXPECT_EQ(t->paper, t->book ? Paper::a4 : Paper::a5) << set << " " << t->id;
  EXPECT_EQ(forms.find("tt01-2018", "mau-01")->copies.size(), 2u);
  EXPECT_TRUE(forms.find("tt01-2018", "mau-06")->book);
  EXPECT_TRUE(forms.find("tt03-2025", "mau-07")->book);
}

// TT 01/2023/TT-VPCP (legal-rules §8.4): the minimum QR content, plus the appointment on the receipt.
TEST(DocumentQr, HoldsTheTt01_2023FieldsInOrder) {
  DocumentQr q;
  q.dossier_code = "H52.61.01-20261123-520001";
  q.procedure_code = "1.004194";
  q.applicant_id = "014190123456";
  q.document_name = "Giấy tiếp nhận hồ sơ và hẹn trả kết quả";
  q.system_name = "Hệ thống thông tin giải quyết TTHC tỉnh Sơn La";
  q.issued_at_ms = *parse_local_datetime("2026-11-23 09:15");
  q.due_at_ms = *parse_local_datetime("2026-11-26 16:30");
  q.url = "https://dvc.sonla.gov.vn/tra-cuu/abc";
  EXPECT_EQ(qr_payload(q),
            "MaHoSo: H52.61.01-20261123-520001\nMaTTHC: 1.004194\nMaDinhDanh: 014190123456\n"
            "TenGiayTo: Giấy tiếp nhận hồ sơ và hẹn trả kết quả\n"
            "HeThong: Hệ thống thông tin giải quyết TTHC tỉnh Sơn La\nThoiGian: 2026-11-23T09:15+07:00\n"
            "NgayHenTra: 2026-11-26T16:30+07:00\nURL: https://dvc.sonla.gov.vn/tra-cuu/abc");
  // A value cannot break the one-field-per-line layout.
  q.applicant_id.clear();
  q.due_at_ms.reset();
  q.document_name = "Phiếu\ntừ chối";
  const auto p = qr_payload(q);
  EXPECT_EQ(p.find("MaDinhDanh"), std::string::npos);
  EXPECT_EQ(p.find("NgayHenTra"), std::string::npos);
  EXPECT_NE(p.find("TenGiayTo: Phiếu từ chối\n"), std::string::npos);
}

TEST(DocumentQr, IsBuiltFromTheSameValuesThePaperShows) {
  const auto forms = app::FormTemplates::load_bundled();
  FormData d;
  d.fields["dossier.code"] = "H52.61.01-20261123-520001";
  d.fields["dossier.procedure_code"] = "1.004194";
  d.fields["system.name"] = "S";
  set_moment(d, "now", *parse_local_datetime("2026-11-23 09:15"));
  set_moment(d, "due", *parse_local_datetime("2026-11-26 16:30"));
  const auto receipt = qr_for_form(*forms.find("tt03-2025", "mau-01"), d);
  EXPECT_EQ(receipt.due_at_ms, *parse_local_datetime("2026-11-26 16:30"));
  const auto refusal = qr_for_form(*forms.find("tt03-2025", "mau-03"), d);
  EXPECT_FALSE(refusal.due_at_ms);  // only the receipt carries the appointment
  EXPECT_EQ(refusal.document_name, "Phiếu từ chối tiếp nhận giải quyết hồ sơ");
}
