#include "http/json_input.h"

#include <gtest/gtest.h>

using motcua::http::ApiError;
using motcua::http::JsonInput;

namespace {
std::vector<std::string> fields_of(const ApiError& e) {
  std::vector<std::string> f;
  for (const auto& x : e.fields()) f.push_back(x.field);
  return f;
}
}  // namespace

TEST(JsonInput, MalformedJsonIs400WithTheErrorShape) {
  try {
    JsonInput in("{\"name\": ");
    FAIL() << "expected an ApiError";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 400);
    EXPECT_EQ(e.code(), "malformed_json");
    const auto body = e.to_response().body;
    EXPECT_NE(body.find("\"message_vi\""), std::string::npos);
    EXPECT_NE(body.find("\"fields\":[]"), std::string::npos);
  }
}

TEST(JsonInput, NonObjectBodyIsRefused) {
  EXPECT_THROW(JsonInput("[1,2]"), ApiError);
  EXPECT_THROW(JsonInput("\"x\""), ApiError);
  EXPECT_THROW(JsonInput(""), ApiError);
}

TEST(JsonInput, DeepNestingIsRefusedBeforeItCostsStack) {
  std::string deep = "{\"a\":" + std::string(100, '[') + std::string(100, ']') + "}";
  EXPECT_THROW(JsonInput{deep}, ApiError);
}

TEST(JsonInput, UnknownFieldsAndWrongTypesAreFieldErrors) {
  JsonInput in(R"({"name": 12, "age": "x", "nmae": "typo"})");
  in.required_string("name");
  in.optional_int("age");
  try {
    in.finish();
    FAIL() << "expected validation error";
  } catch (const ApiError& e) {
    EXPECT_EQ(e.status(), 422);
    EXPECT_EQ(fields_of(e), (std::vector<std::string>{"name", "age", "nmae"}));
    EXPECT_EQ(e.fields()[0].message_vi, "Phải là chuỗi ký tự");
    EXPECT_EQ(e.fields()[2].message_en, "Unknown field");
  }
}

TEST(JsonInput, RequiredMissingAndLengthsCountCodePoints) {
  // "Đắk Lắk" is 7 code points but 12 bytes: a 7-character limit must accept it.
  JsonInput in(R"({"place": "  Đắk Lắk  "})");
  EXPECT_EQ(in.required_string("place", {.max_len = 7}), "Đắk Lắk");
  in.required_string("name");
  try {
    in.finish();
    FAIL();
  } catch (const ApiError& e) {
    ASSERT_EQ(e.fields().size(), 1u);
    EXPECT_EQ(e.fields()[0].field, "name");
    EXPECT_EQ(e.fields()[0].message_en, "This field is required");
  }
}

TEST(JsonInput, ControlCharactersAreRejected) {
  JsonInput in("{\"name\": \"a\\u0000b\"}");
  in.optional_string("name");
  EXPECT_THROW(in.finish(), ApiError);
}

TEST(JsonInput, IntegerRangesAndBooleans) {
  JsonInput in(R"({"n": 5, "big": 1.5, "flag": true})");
  EXPECT_EQ(in.required_int("n", {.min = 1, .max = 10}), 5);
  in.optional_int("big");
  EXPECT_EQ(in.optional_bool("flag"), true);
  try {
    in.finish();
    FAIL();
  } catch (const ApiError& e) {
    EXPECT_EQ(fields_of(e), std::vector<std::string>{"big"});
  }
}

TEST(JsonInput, NestedObjectsReportDottedPaths) {
  JsonInput in(R"({"address": {"commune_code": 7}})");
  auto obj = in.optional_object("address");
  ASSERT_TRUE(obj);
  JsonInput sub(*obj, "address");
  sub.required_string("commune_code");
  EXPECT_THROW(sub.finish(), ApiError);
  EXPECT_EQ(sub.errors()[0].field, "address.commune_code");
}
