// Hồ sơ (dossier): the values the lifecycle works on. Pure data; the workflow engine decides what may
// happen next, the clock decides when things are due, storage keeps the current state on the row and
// appends one history row per transition.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace motcua::domain {

// National-portal status codes (TrangThaiHoSo 1–10, legal-rules §7.2).
enum class DossierStatus : int {
  submitted = 1,             // Mới đăng ký
  received = 2,              // Được tiếp nhận
  not_received = 3,          // Không được tiếp nhận
  processing = 4,            // Đang xử lý
  supplement_requested = 5,  // Yêu cầu bổ sung giấy tờ
  awaiting_payment = 6,      // Yêu cầu thực hiện nghĩa vụ tài chính
  withdrawn = 7,             // Công dân yêu cầu rút hồ sơ
  stopped = 8,               // Dừng xử lý
  completed = 9,             // Đã xử lý xong
  returned = 10,             // Đã trả kết quả
};
std::string_view status_name_vi(DossierStatus s);
std::optional<DossierStatus> status_from_code(int code);  // nullopt outside 1–10

enum class IntakeChannel { online, counter, postal, third_party };  // kênh tiếp nhận
std::string_view channel_code(IntakeChannel c);
std::optional<IntakeChannel> parse_intake_channel(std::string_view code);

enum class ResultDelivery { online, post, counter };  // hình thức nhận kết quả
std::string_view delivery_code(ResultDelivery d);
std::optional<ResultDelivery> parse_result_delivery(std::string_view code);

// What an action does to the processing clock (thời hạn giải quyết).
enum class ClockEffect { none, start, pause, resume, restart, extend };
std::string_view clock_effect_code(ClockEffect e);
std::optional<ClockEffect> parse_clock_effect(std::string_view code);

// Orthogonal conditions are flags on the dossier, not extra states (lessons-from-peers: OpenCRVS flags).
struct DossierFlags {
  bool payment_pending = false;    // nghĩa vụ tài chính chưa hoàn thành
  bool waiting_for_citizen = false;
  bool open_consultations = false; // a sub-case (xin ý kiến) is open: completion is blocked
  bool apology_issued = false;     // phiếu xin lỗi và hẹn lại: at most once
  bool supplement_used = false;    // yêu cầu bổ sung: at most once
};

// Timeliness at completion (QĐ 766: trước hạn / đúng hạn / trễ hạn).
enum class Timeliness { early, on_time, late };
std::string_view timeliness_code(Timeliness t);

}  // namespace motcua::domain
