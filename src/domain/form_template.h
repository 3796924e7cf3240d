// Mẫu phiếu as data (TT 01/2018/TT-VPCP Điều 9–10 Mẫu 01–06; TT 03/2025/TT-VPCP Phụ lục I Mẫu 01–07): a
// province adjusts the wording in data/forms/<set>/<form>.json without recompiling. A template is a list of
// blocks (text, columns, list, table, signatures, spacer) whose text is Pango markup with {placeholders}.
// Placeholders are checked against the vocabulary (form_vocabulary.h) when the template is loaded, so a typo
// is refused at start-up rather than printed on a citizen's receipt. Filling escapes every value, so an
// applicant named "<b>" stays text. No I/O here: the renderer (src/docs) lays the filled blocks out.
#pragma once

#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

class FormTemplateError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

enum class Paper { a5, a4 };
enum class Orientation { portrait, landscape };
enum class Align { left, center, right, justify };

struct FormColumn {  // a column of a `columns` or `signatures` block, or of a table
  std::string header;             // table: the column heading (markup)
  std::vector<std::string> lines; // columns/signatures: lines above (markup with placeholders)
  std::string name;               // signatures: the name printed under the signing space
  std::string cell;               // table: the cell text per item
  double width = 1;               // relative width
  Align align = Align::center;
};

enum class BlockKind { text, columns, list, table, signatures, spacer };

struct FormBlock {
  BlockKind kind = BlockKind::text;
  std::string text;   // text: the paragraph; list: the line per item
  Align align = Align::left;
  double size_pt = 0;      // 0 = the template's base size
  double space_before_mm = 1;
  double indent_mm = 0;
  std::string when;        // printed only when this field (or list) is non-empty; "" = always
  std::string list;        // list/table: the list it repeats over
  std::string empty;       // list/table: printed when the list is empty
  std::vector<FormColumn> columns;
  double sign_space_mm = 18;  // signatures: room for the signature and seal
  double mm = 0;              // spacer height
};

struct FormTemplate {
  std::string id;        // "mau-01"
  std::string form_set;  // "tt01-2018" | "tt03-2025"
  std::string name;      // tên giấy tờ (also in the QR payload)
  std::string source;    // article it implements
  std::string tag;       // C | S | R (legal-rules.md confidence)
  Paper paper = Paper::a5;
  Orientation orientation = Orientation::portrait;
  double base_size_pt = 11;
  std::string applies_when;         // field that must be non-empty for the form to exist for a dossier
  std::vector<std::string> copies;  // one labelled copy each (2 liên on the receipt); empty = one unlabelled
  bool qr = true;                   // QR at the top left (TT 01/2023)
  bool page_numbers = false;
  bool qr_due = false;              // the QR carries the appointment (ngày hẹn trả): the receipt
  bool officials_only = false;      // internal papers (control sheet, book): not printed for the applicant
  bool book = false;                // the Sổ theo dõi: filled per agency and date range, not per dossier        // "Trang N" at the foot (the book's numbered pages, TT 01/2018 Điều 10)
  std::vector<FormBlock> blocks;
};

// What the templates may name: scalar fields ("applicant.name") and lists with their item keys
// ("components" → index, name, …; written {item.name} inside the list's blocks).
struct FormVocabulary {
  std::vector<std::string> fields;
  std::map<std::string, std::vector<std::string>> lists;
};

// Parses and validates one template file's text. Errors name the JSON path ("blocks[3].text: unknown field
// {applicant.nam}"); unknown keys, bad enums and unbalanced braces are refused.
FormTemplate parse_form_template(std::string_view json_text, const FormVocabulary& vocabulary);

// The values a template is filled with (built by the application layer from a dossier).
struct FormData {
  std::map<std::string, std::string> fields;
  std::map<std::string, std::vector<std::map<std::string, std::string>>> lists;
  bool has(const std::string& name) const;  // a non-empty field or list
};

// A block with every placeholder replaced (values markup-escaped); lists expanded into `lines` or `rows`.
struct FilledBlock {
  BlockKind kind = BlockKind::text;
  Align align = Align::left;
  double size_pt = 11;
  double space_before_mm = 1;
  double indent_mm = 0;
  std::vector<std::string> lines;               // text: one; list: one per item (or the `empty` text)
  std::vector<FormColumn> columns;              // columns/signatures/table: lines, name and header filled
  std::vector<std::vector<std::string>> rows;   // table: cells per item
  double sign_space_mm = 0;
  double mm = 0;
};

struct FilledForm {
  const FormTemplate* form = nullptr;
  std::vector<std::string> copies;  // the copy labels, filled
  std::vector<FilledBlock> blocks;
};

FilledForm fill_form(const FormTemplate& t, const FormData& data);

// Replaces {placeholders} in `text` (markup-escaped values; {{ and }} are literal braces). `item` supplies
// {item.*}. A missing value fills as "" — the vocabulary check already refused unknown names.
std::string fill_text(std::string_view text, const FormData& data,
                      const std::map<std::string, std::string>* item = nullptr);

// Escapes &, <, >, ' and " for Pango markup.
std::string escape_markup(std::string_view text);

}  // namespace motcua::domain
