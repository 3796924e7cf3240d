// Biểu mẫu điện tử (e-form) schemas: the JSON Schema subset a procedure's form is written in, and the
// validation of a dossier's eform_data against it. Pure (no I/O). The subset is documented with examples in
// data/eforms/README.md; in short:
//   type (object, string, integer, number, boolean, array; REQUIRED on every schema), title (the Vietnamese
//   label used in messages), description, properties, required, additionalProperties (false only), enum,
//   const, minLength/maxLength (Unicode code points), pattern (ECMAScript, std::regex, search semantics,
//   on the UTF-8 bytes; a value over 1000 bytes is refused unmatched, as std::regex recurses per byte), minimum/maximum, format ("date", "email", "cccd", "phone-vn"), items,
//   minItems/maxItems; "$schema", "$id" and "$comment" are accepted and ignored.
// Loading REFUSES anything else — an unknown keyword (a typo such as "minLenght"), a keyword that does not
// apply to the declared type, a `required` name that is not a property, a bad regex — with an error naming
// the file and the JSON path ("$.properties.nguoi_khai.properties.ngay_sinh"), so a slip in a schema can
// never silently switch a check off.
//
// Validation reports every problem, not the first one, each with a dotted path ("nguoi_khai.ngay_sinh",
// "thanh_vien[0].ho_ten"; "" for the whole form) and Vietnamese + English messages that name the field by
// its title. Two modes:
//   draft  — everything except `required`: a draft may be incomplete, but what is filled in must be right.
//   submit — everything.
// An object property whose value is null, "" or only whitespace counts as NOT FILLED IN (form UIs send
// empty inputs that way): it is skipped by every check and, in submit mode, reported as missing when required.
#pragma once

#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

class EformSchemaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class EformMode { draft, submit };

struct EformProblem {
  std::string path;  // dotted JSON path inside the form data; "" = the form itself
  std::string message_vi;
  std::string message_en;
};

struct EformNode;  // the parsed schema tree (eform_schema.cpp)

class EformSchema {
 public:
  // Parses and checks a schema. `source_name` (a file name) prefixes every error message.
  // Throws EformSchemaError: "<source_name>: <json path>: <what is wrong>".
  static EformSchema parse(std::string_view source_name, std::string_view json_text);

  // Validates form data (JSON text). Malformed JSON or a non-object is one problem with path "".
  std::vector<EformProblem> validate(std::string_view data_json, EformMode mode) const;

  const std::string& source_name() const { return source_name_; }
  const std::string& title() const;  // the form's title ("" when the schema has none)
  // The top-level property names in file order (for documentation and tests).
  std::vector<std::string> property_names() const;

 private:
  std::string source_name_;
  std::shared_ptr<const EformNode> root_;
};

}  // namespace motcua::domain
