// E-form schemas (domain/eform_schema.h) and the bundled set (app/eforms.h).
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "app/data_dir.h"
#include "app/data_files.h"
#include "app/eforms.h"
#include "domain/eform_schema.h"

using motcua::domain::EformMode;
using motcua::domain::EformProblem;
using motcua::domain::EformSchema;
using motcua::domain::EformSchemaError;

namespace fs = std::filesystem;

namespace {

EformSchema schema(const std::string& text) { return EformSchema::parse("test.json", text); }

std::vector<std::string> paths(const std::vector<EformProblem>& ps) {
  std::vector<std::string> out;
  for (const auto& p : ps) out.push_back(p.path);
  return out;
}

// The error text of a schema that must be refused.
std::string refusal(const std::string& text) {
  try {
    schema(text);
  } catch (const EformSchemaError& e) {
    return e.what();
  }
  ADD_FAILURE() << "schema accepted: " << text;
  return {};
}

const char* kPerson = R"({
  "title": "Tờ khai",
  "type": "object",
  "additionalProperties": false,
  "required": ["nguoi_khai", "noi_dung"],
  "properties": {
    "noi_dung": {"title": "Nội dung đề nghị", "type": "string", "minLength": 3, "maxLength": 10},
    "nguoi_khai": {
      "title": "Người kê khai",
      "type": "object",
      "required": ["ho_ten", "ngay_sinh"],
      "properties": {
        "ho_ten": {"title": "Họ, chữ đệm và tên", "type": "string"},
        "ngay_sinh": {"title": "Ngày sinh", "type": "string", "format": "date"}
      }
    },
    "thanh_vien": {
      "title": "Thành viên",
      "type": "array",
      "minItems": 1,
      "maxItems": 2,
      "items": {
        "type": "object",
        "required": ["ho_ten"],
        "properties": {"ho_ten": {"title": "Họ tên thành viên", "type": "string"},
                       "tuoi": {"type": "integer", "minimum": 0, "maximum": 150}}
      }
    }
  }
})";

}  // namespace

TEST(EformSchema, TypesEachChecked) {
  auto s = schema(R"({"type":"object","properties":{
    "s":{"type":"string"},"i":{"type":"integer"},"n":{"type":"number"},"b":{"type":"boolean"},
    "a":{"type":"array","items":{"type":"string"}},"o":{"type":"object"}}})");
  EXPECT_TRUE(s.validate(R"({"s":"x","i":3,"n":2.5,"b":false,"a":["x"],"o":{}})", EformMode::submit).empty());
  EXPECT_TRUE(s.validate(R"({"i":3.0,"n":7})", EformMode::submit).empty());  // 3.0 is an integer, 7 a number
  auto ps = s.validate(R"({"s":1,"i":2.5,"n":"2","b":"true","a":{},"o":[]})", EformMode::draft);
  EXPECT_EQ(paths(ps), (std::vector<std::string>{"s", "i", "n", "b", "a", "o"}));
  EXPECT_EQ(ps[0].message_vi, "«s» phải là chuỗi ký tự");
  EXPECT_EQ(ps[0].message_en, "“s” must be a string");
  EXPECT_EQ(ps[1].message_vi, "«i» phải là số nguyên");
}

TEST(EformSchema, FormDataMustBeAnObject) {
  auto s = schema(R"({"type":"object"})");
  EXPECT_EQ(paths(s.validate("[]", EformMode::draft)), std::vector<std::string>{""});
  EXPECT_EQ(paths(s.validate("{not json", EformMode::draft)), std::vector<std::string>{""});
  EXPECT_TRUE(s.validate("{}", EformMode::submit).empty());
}

TEST(EformSchema, RequiredOnlyInSubmitModeWithTitles) {
  auto s = schema(kPerson);
  EXPECT_TRUE(s.validate("{}", EformMode::draft).empty());
  EXPECT_TRUE(s.validate(R"({"nguoi_khai":{}})", EformMode::draft).empty());
  auto ps = s.validate("{}", EformMode::submit);
  EXPECT_EQ(paths(ps), (std::vector<std::string>{"noi_dung", "nguoi_khai"}));
  EXPECT_EQ(ps[0].message_vi, "«Nội dung đề nghị» là thông tin bắt buộc, chưa được nhập");
  EXPECT_EQ(ps[0].message_en, "“Nội dung đề nghị” is required");
  // Nested required, with the nested path.
  ps = s.validate(R"({"noi_dung":"abcd","nguoi_khai":{"ho_ten":"Lò Văn A"}})", EformMode::submit);
  EXPECT_EQ(paths(ps), std::vector<std::string>{"nguoi_khai.ngay_sinh"});
  EXPECT_NE(ps[0].message_vi.find("Ngày sinh"), std::string::npos);
}

TEST(EformSchema, EmptyValuesCountAsNotFilledIn) {
  auto s = schema(kPerson);
  // A draft with blank inputs is fine (the format is not checked on ""), a submission is not.
  const char* blank = R"({"noi_dung":"  ","nguoi_khai":{"ho_ten":null,"ngay_sinh":""}})";
  EXPECT_TRUE(s.validate(blank, EformMode::draft).empty());
  EXPECT_EQ(paths(s.validate(blank, EformMode::submit)),
            (std::vector<std::string>{"noi_dung", "nguoi_khai.ho_ten", "nguoi_khai.ngay_sinh"}));
}

TEST(EformSchema, DraftStillChecksTypesFormatsLengths) {
  auto s = schema(kPerson);
  auto ps = s.validate(R"({"noi_dung":"ab","nguoi_khai":{"ngay_sinh":"2025-02-30"}})", EformMode::draft);
  EXPECT_EQ(paths(ps), (std::vector<std::string>{"noi_dung", "nguoi_khai.ngay_sinh"}));
  EXPECT_EQ(ps[0].message_vi, "«Nội dung đề nghị» phải có ít nhất 3 ký tự");
  EXPECT_EQ(ps[1].message_vi,
            "«Ngày sinh» phải là một ngày có thật, viết dạng YYYY-MM-DD (ví dụ 1990-05-17)");
}

TEST(EformSchema, AdditionalPropertiesFalse) {
  auto s = schema(kPerson);
  auto ps = s.validate(R"({"ly_do":"x"})", EformMode::draft);
  EXPECT_EQ(paths(ps), std::vector<std::string>{"ly_do"});
  EXPECT_EQ(ps[0].message_vi, "Trường «ly_do» không có trong tờ khai");
  // An object without additionalProperties accepts other fields.
  EXPECT_TRUE(s.validate(R"({"nguoi_khai":{"ghi_chu":"x"}})", EformMode::draft).empty());
}

TEST(EformSchema, ArraysItemsAndCounts) {
  auto s = schema(kPerson);
  auto ps = s.validate(R"({"thanh_vien":[]})", EformMode::draft);
  EXPECT_EQ(paths(ps), std::vector<std::string>{"thanh_vien"});
  EXPECT_EQ(ps[0].message_vi, "«Thành viên» phải có ít nhất 1 mục");
  ps = s.validate(R"({"thanh_vien":[{},{},{}]})", EformMode::draft);
  EXPECT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].message_en, "“Thành viên” must have at most 2 item(s)");
  ps = s.validate(R"({"thanh_vien":[{"ho_ten":"A","tuoi":-1},{"tuoi":"3"}]})", EformMode::submit);
  EXPECT_EQ(paths(ps), (std::vector<std::string>{"noi_dung", "nguoi_khai", "thanh_vien[0].tuoi", "thanh_vien[1].ho_ten",
                                                 "thanh_vien[1].tuoi"}));
  EXPECT_EQ(ps[2].message_vi, "«tuoi» phải lớn hơn hoặc bằng 0");
  EXPECT_EQ(ps[3].message_vi, "«Họ tên thành viên» là thông tin bắt buộc, chưa được nhập");
}

TEST(EformSchema, EnumConstAndNumbers) {
  auto s = schema(R"({"type":"object","properties":{
    "gt":{"title":"Giới tính","type":"string","enum":["Nam","Nữ"]},
    "v":{"type":"integer","const":2},
    "so":{"title":"Số bản","type":"number","minimum":0.5,"maximum":20}}})");
  EXPECT_TRUE(s.validate(R"({"gt":"Nữ","v":2.0,"so":20})", EformMode::submit).empty());
  auto ps = s.validate(R"({"gt":"nu","v":3,"so":21})", EformMode::draft);
  ASSERT_EQ(paths(ps), (std::vector<std::string>{"gt", "v", "so"}));
  EXPECT_EQ(ps[0].message_vi, "«Giới tính» phải là một trong các giá trị: Nam, Nữ");
  EXPECT_EQ(ps[0].message_en, "“Giới tính” must be one of: Nam, Nữ");
  EXPECT_EQ(ps[1].message_en, "“v” must be 2");
  EXPECT_EQ(ps[2].message_vi, "«Số bản» phải nhỏ hơn hoặc bằng 20");
  EXPECT_EQ(paths(s.validate(R"({"so":0.4})", EformMode::draft)), std::vector<std::string>{"so"});
}

TEST(EformSchema, LengthsCountCodePoints) {
  auto s = schema(R"({"type":"object","properties":{"t":{"type":"string","minLength":2,"maxLength":4}}})");
  EXPECT_TRUE(s.validate(R"({"t":"Đỗ"})", EformMode::draft).empty());    // 2 code points, 4 bytes
  EXPECT_TRUE(s.validate(R"({"t":"Nguyễ"})", EformMode::draft).size() == 1);  // 5 code points
  EXPECT_TRUE(s.validate(R"({"t":"Việt"})", EformMode::draft).empty());  // 4 code points, 6 bytes
  auto ps = s.validate(R"({"t":"Ê"})", EformMode::draft);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].message_en, "“t” must be at least 2 characters long");
}

TEST(EformSchema, PatternHasSearchSemantics) {
  auto s = schema(R"({"type":"object","properties":{
    "gio":{"title":"Giờ sinh","type":"string","pattern":"^([01][0-9]|2[0-3]):[0-5][0-9]$"},
    "so":{"type":"string","pattern":"[0-9]{3}"}}})");
  EXPECT_TRUE(s.validate(R"({"gio":"07:45","so":"ab123cd"})", EformMode::draft).empty());  // unanchored = search
  auto ps = s.validate(R"({"gio":"24:00","so":"12"})", EformMode::draft);
  EXPECT_EQ(paths(ps), (std::vector<std::string>{"gio", "so"}));
  EXPECT_EQ(ps[0].message_vi, "«Giờ sinh» không đúng định dạng yêu cầu");
}

// Found with the ASan build of fuzz/eform_fuzz.cpp: std::regex recursed once per byte, so a 200,000-digit value in a field with
// "^[0-9]*$" overflowed the stack and killed the server. A value over 1000 bytes is now refused unmatched.
TEST(EformSchema, LongValueInPatternedFieldIsRefusedNotMatched) {
  auto s = schema(R"({"type":"object","properties":{"so":{"title":"Số hiệu","type":"string","pattern":"^[0-9]*$"}}})");
  EXPECT_TRUE(s.validate("{\"so\":\"" + std::string(1000, '7') + "\"}", EformMode::submit).empty());
  auto ps = s.validate("{\"so\":\"" + std::string(200000, '7') + "\"}", EformMode::submit);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].path, "so");
  EXPECT_EQ(ps[0].message_en, "“Số hiệu” is too long to check its form (at most 1000 bytes)");
}

TEST(EformSchema, Formats) {
  auto s = schema(R"({"type":"object","properties":{
    "d":{"type":"string","format":"date"},"e":{"type":"string","format":"email"},
    "c":{"title":"Số định danh cá nhân","type":"string","format":"cccd"},"p":{"type":"string","format":"phone-vn"}}})");
  EXPECT_TRUE(s.validate(R"({"d":"2024-02-29","e":"a.b@example.vn","c":"014190123456","p":"0912345678"})",
                         EformMode::submit)
                  .empty());
  EXPECT_TRUE(s.validate(R"({"p":"+84912345678"})", EformMode::submit).empty());
  EXPECT_TRUE(s.validate(R"({"d":"1945-09-02"})", EformMode::submit).empty());  // any year, not only 2000s
  EXPECT_TRUE(s.validate(R"({"d":"2000-02-29"})", EformMode::submit).empty());
  for (const char* bad : {R"({"d":"2023-02-29"})", R"({"d":"1900-02-29"})", R"({"d":"2024-2-9"})", R"({"d":"2024-04-31"})", R"({"d":"29/02/2024"})", R"({"e":"a@b"})",
                          R"({"e":"khong co"})", R"({"c":"01419012345"})", R"({"c":"01419012345a"})",
                          R"({"p":"0212345678"})", R"({"p":"091234567"})"})
    EXPECT_EQ(s.validate(bad, EformMode::draft).size(), 1u) << bad;
  auto ps = s.validate(R"({"c":"12345"})", EformMode::draft);
  ASSERT_EQ(ps.size(), 1u);
  EXPECT_EQ(ps[0].message_vi.rfind("«Số định danh cá nhân» không hợp lệ: ", 0), 0u) << ps[0].message_vi;
}

TEST(EformSchema, WrongTypeStopsFurtherChecksOnThatValue) {
  auto s = schema(kPerson);
  auto ps = s.validate(R"({"nguoi_khai":"Lò Văn A"})", EformMode::submit);
  EXPECT_EQ(paths(ps), (std::vector<std::string>{"noi_dung", "nguoi_khai"}));
  EXPECT_EQ(ps[1].message_vi, "«Người kê khai» phải là một nhóm thông tin");
}

TEST(EformSchema, UnknownKeywordRefusedAtLoadWithFileAndPath) {
  const auto e = refusal(R"({"type":"object","properties":{"nguoi":{"type":"object","properties":{
      "ten":{"type":"string","minLenght":2}}}}})");
  EXPECT_NE(e.find("test.json: $.properties.nguoi.properties.ten.minLenght: unknown or unsupported keyword"),
            std::string::npos)
      << e;
  EXPECT_NE(refusal(R"({"type":"object","$ref":"#/x"})").find("$.$ref"), std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"string","oneOf":[]}}})").find("oneOf"),
            std::string::npos);
}

TEST(EformSchema, InconsistentSchemasRefused) {
  // Keywords on the wrong type, a required name that is not a property, a bad regex, ...
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"integer","minLength":1}}})")
                .find("$.properties.a.minLength: \"minLength\" applies only to string"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","required":["ho_ten"],"properties":{"hoten":{"type":"string"}}})")
                .find("$.required: \"ho_ten\" is required but is not one of the properties"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"string","pattern":"(["}}})").find("pattern"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"string","format":"datetime"}}})")
                .find("unknown format \"datetime\""),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","additionalProperties":true})").find("additionalProperties"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"title":"A"}}})").find("$.properties.a: \"type\" is required"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":["string","null"]})").find("$.type"), std::string::npos);
  EXPECT_NE(refusal(R"({"type":"string"})").find("of type \"object\""), std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"array"}}})").find("needs \"items\""),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"string","maxLength":-1}}})")
                .find("non-negative integer"),
            std::string::npos);
  // Found with the UBSan build of fuzz/eform_fuzz.cpp: 1e300 was cast to size_t (undefined behaviour) instead of refused.
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"string","maxLength":1e300}}})")
                .find("$.properties.a.maxLength: \"maxLength\" must be a non-negative integer"),
            std::string::npos);
  EXPECT_NE(refusal(R"({"type":"object","properties":{"a":{"type":"integer","minimum":5,"maximum":1}}})")
                .find("minimum is greater than maximum"),
            std::string::npos);
  EXPECT_NE(refusal("{\"type\":").find("test.json: $: not valid JSON"), std::string::npos);
}

TEST(EformSchema, LoaderIsAllOrNothingAndNamesEveryBadFile) {
  const fs::path dir = fs::temp_directory_path() / ("eforms-test-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir / "examples");
  std::ofstream(dir / "good.json") << R"({"type":"object"})";
  std::ofstream(dir / "examples" / "ignored.json") << "not a schema";
  auto ok = motcua::app::Eforms::load(dir);
  EXPECT_EQ(ok.keys(), std::vector<std::string>{"good"});
  EXPECT_NE(ok.find("good"), nullptr);
  EXPECT_EQ(ok.find("bad"), nullptr);

  std::ofstream(dir / "bad1.json") << R"({"type":"object","properties":{"a":{"type":"string","maxlength":3}}})";
  std::ofstream(dir / "bad2.json") << R"({"type":"objet"})";
  try {
    motcua::app::Eforms::load(dir);
    ADD_FAILURE() << "bad schemas loaded";
  } catch (const std::runtime_error& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find("2 errors"), std::string::npos) << m;
    EXPECT_NE(m.find("bad1.json: $.properties.a.maxlength"), std::string::npos) << m;
    EXPECT_NE(m.find("bad2.json: $.type"), std::string::npos) << m;
  }
  fs::remove_all(dir);
}

TEST(EformSchema, ShippedSchemasLoadAndTheirExamplesAreComplete) {
  const auto data = motcua::app::find_data_dir("eforms");
  ASSERT_TRUE(data) << "data/eforms not found";
  const fs::path dir = fs::path(*data) / "eforms";
  const auto eforms = motcua::app::Eforms::load(dir);
  for (const char* code : {"1.004194", "1.001193"}) EXPECT_NE(eforms.find(code), nullptr) << code;
  EXPECT_EQ(eforms.find("1.004194")->title(), "Tờ khai thay đổi thông tin cư trú (Mẫu CT01)");
  // Every schema has an example of a complete form under examples/, valid in submit mode, and the empty
  // form is a valid draft but not a valid submission.
  for (const auto& key : eforms.keys()) {
    const auto* s = eforms.find(key);
    const auto example = dir / "examples" / (key + ".json");
    ASSERT_TRUE(fs::exists(example)) << example;
    const auto ps = s->validate(motcua::app::read_data_file(example), EformMode::submit);
    for (const auto& p : ps) ADD_FAILURE() << key << ": " << p.path << ": " << p.message_vi;
    EXPECT_TRUE(s->validate("{}", EformMode::draft).empty()) << key;
    EXPECT_FALSE(s->validate("{}", EformMode::submit).empty()) << key;
  }
}

TEST(EformSchema, Ct01WrongValuesAreNamedByTheirFormLabels) {
  const auto eforms = motcua::app::Eforms::load_bundled();
  const auto* s = eforms.find("1.004194");
  ASSERT_NE(s, nullptr);
  auto ps = s->validate(
      R"({"nguoi_khai":{"ngay_sinh":19900517,"so_dien_thoai":"12345","gioi_tinh":"nam"},
          "thanh_vien_cung_thay_doi":[{"ho_ten":"Lò Văn B","ngay_sinh":"2019-13-01"}]})",
      EformMode::draft);
  ASSERT_EQ(paths(ps), (std::vector<std::string>{"nguoi_khai.ngay_sinh", "nguoi_khai.gioi_tinh",
                                                 "nguoi_khai.so_dien_thoai", "thanh_vien_cung_thay_doi[0].ngay_sinh"}));
  EXPECT_EQ(ps[0].message_vi, "«Ngày, tháng, năm sinh» phải là chuỗi ký tự");
  EXPECT_EQ(ps[1].message_vi, "«Giới tính» phải là một trong các giá trị: Nam, Nữ");
  EXPECT_NE(ps[2].message_vi.find("«Số điện thoại liên hệ»"), std::string::npos);
}
