// Processing times (thời hạn giải quyết): the time cell of a method row ("5 Ngày làm việc", "07 Ngày",
// "8 Giờ", "1") and the case-dependent times that descriptions spell out ("Trường hợp ...: 05 ngày làm việc",
// "20 ngày làm việc đối với trường hợp ...").
//
// Units. The portal's unit list distinguishes "Ngày làm việc" (4,151 rows of the scrape; the API sample
// calls it WORKING_DAY) from plain "Ngày" (1,576 rows), and some procedures use both side by side for
// different channels (1.000811: "Dịch vụ bưu chính21 Ngày làm việc", "Trực tiếp21 Ngày"). A plain day is
// therefore read literally as a calendar day, which is also how Bộ luật Dân sự 2015 Điều 147–148 counts a
// period in days (legal-rules.md §3.4). Where the row's own description contradicts that ("15 Ngày" in the
// cell, "15 ngày làm việc" in the text) the unit is left unspecified and the row goes to review.
// "Giờ"/"Giờ làm việc" → working hours (the NĐ 45/2020 "08 giờ làm việc" convention); "Tháng" → months;
// "Năm" → years. A bare number ("Trực tuyến1Miễn phí", 1.001193) takes its unit only from a description
// that states the same number with a unit; otherwise the unit stays unspecified (never guessed).
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/procedure.h"

namespace motcua::domain {

struct TimeCell {
  bool ok = false;  // the cell is "<number>[ <unit>]"
  std::optional<double> amount;
  bool unit_given = false;
  TimeUnit unit = TimeUnit::unspecified;  // unspecified also for a unit word outside the enum ("Tuần")
};
TimeCell parse_time_cell(std::string_view cell);

// A duration mentioned in running text: "05 (năm) ngày làm việc", "10 ngày", "08 giờ làm việc", "03 tháng".
struct Duration {
  double amount = 0;
  TimeUnit unit = TimeUnit::unspecified;
  std::size_t begin = 0, end = 0;  // byte range in the text
};
std::vector<Duration> find_durations(std::string_view text);

// Explicit case-dependent times in a description, in the two shapes the sources use:
//   "Trường hợp <condition>: [không quá|trong thời hạn] <N> <unit>" (also "Đối với <condition>: ...")
//   "<N> <unit> đối với [trường hợp] <condition>"
// Anything looser is not extracted (the caller flags it for review instead).
std::vector<ProcessingTime> case_times_from_text(std::string_view text, Channel channel);

// The times of one row of the method table. `several_rows` is true when the same channel has several
// rows: the portal's own way of listing case-dependent times, where each row's description is its
// condition. `needs_review` is set when the row's text mentions other times that could not be structured.
std::vector<ProcessingTime> parse_row_times(Channel channel, std::string_view time_cell,
                                            std::string_view description, std::string_view raw,
                                            bool several_rows, bool& needs_review);

}  // namespace motcua::domain
