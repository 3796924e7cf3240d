// Thủ tục hành chính (administrative procedure) as structured, versioned catalogue data.
// Parsed from the national portal's text; whatever cannot be parsed is kept verbatim with a review flag,
// never guessed.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace motcua::domain {

// Unit of a processing time (thời hạn giải quyết).
enum class TimeUnit { working_days, working_hours, calendar_days, months, years, unspecified };
std::string_view time_unit_code(TimeUnit u);  // "working_days", ...

// A channel through which a procedure is done (hình thức nộp).
enum class Channel { in_person, online, postal, unspecified };
std::string_view channel_code(Channel c);  // "in_person", "online", "postal", "unspecified"

struct ProcessingTime {  // thời hạn giải quyết
  Channel channel = Channel::unspecified;
  std::optional<double> amount;  // e.g. 5, 0.5; empty when the text gives none
  TimeUnit unit = TimeUnit::unspecified;
  std::string condition;  // case-dependent text ("Trường hợp ..."), empty when it applies always
  std::string raw;        // the source text this was parsed from
  bool parsed = false;    // false: keep raw and flag for review
};

enum class FeeKind { fee, charge, free, unspecified };  // phí, lệ phí, miễn phí
std::string_view fee_kind_code(FeeKind k);              // "fee", "charge", "free", "unspecified"

struct Fee {  // phí, lệ phí
  Channel channel = Channel::unspecified;
  FeeKind kind = FeeKind::unspecified;
  std::optional<std::int64_t> amount_vnd;  // fixed amount; empty when per case or not stated
  bool per_case = false;                   // the amount depends on the case (a table or a formula in text)
  std::string description;
  std::string raw;
  bool parsed = false;
};

struct DossierComponent {  // thành phần hồ sơ
  std::string group;       // the case heading the component belongs to, if the source groups them
  std::string name;
  int originals = 0;       // bản chính
  int copies = 0;          // bản sao
  bool required = true;
  std::string form_template;               // mẫu đơn, tờ khai (file name or title), empty when none
  std::vector<std::string> allowed_types;  // e.g. pdf, jpg; empty = the system default
  std::string raw;
  bool parsed = false;
};

struct PublishingDecision {  // quyết định công bố
  std::string number;                     // e.g. "QĐ/0001-BCA" or "1234/QĐ-BTP"
  std::optional<std::string> date;        // YYYY-MM-DD when known
  std::optional<std::string> effective;   // YYYY-MM-DD when known
};

enum class OnlineLevel { full, partial, none, unknown };  // toàn trình, một phần
std::string_view online_level_code(OnlineLevel l);          // "full", "partial", "none", "unknown"

struct Procedure {
  std::string code;  // mã TTHC, e.g. "1.000178"
  std::string name;
  std::string sector;               // lĩnh vực
  std::vector<std::string> levels;  // cấp thực hiện: "bo", "tinh", "xa", "khac" (and legacy "huyen")
  std::string procedure_type;       // loại thủ tục
  OnlineLevel online_level = OnlineLevel::unknown;
  std::optional<int> legacy_online_level;  // mức độ 2/3/4 (pre-NĐ 42/2022)
  std::vector<ProcessingTime> times;
  std::vector<Fee> fees;
  std::vector<DossierComponent> components;
  std::string steps;          // trình tự thực hiện (text)
  std::string results;        // kết quả
  std::string subjects;       // đối tượng thực hiện
  std::string conditions;     // yêu cầu, điều kiện
  std::string legal_bases;    // căn cứ pháp lý (text)
  std::string agencies;       // cơ quan thực hiện / có thẩm quyền (text)
  PublishingDecision decision;
  std::string source;         // "dvcqg" | "bqp"
  std::string source_url;
  // Field names whose structured value could not be fully parsed; their raw text is kept.
  std::vector<std::string> review_flags;
};

}  // namespace motcua::domain
