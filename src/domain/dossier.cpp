// Codes and names of the dossier values (dossier.h). The status names are the national portal's
// (legal-rules §7.2); the other codes are this system's API/storage codes and never change once shipped.
#include "domain/code_table.h"
#include "domain/dossier.h"

#include <array>
#include <utility>

namespace motcua::domain {

namespace {

constexpr std::array<std::pair<IntakeChannel, std::string_view>, 4> kChannels{{
    {IntakeChannel::online, "online"},
    {IntakeChannel::counter, "counter"},
    {IntakeChannel::postal, "postal"},
    {IntakeChannel::third_party, "third_party"},
}};

constexpr std::array<std::pair<ResultDelivery, std::string_view>, 3> kDeliveries{{
    {ResultDelivery::online, "online"},
    {ResultDelivery::post, "post"},
    {ResultDelivery::counter, "counter"},
}};

constexpr std::array<std::pair<ClockEffect, std::string_view>, 6> kClockEffects{{
    {ClockEffect::none, "none"},
    {ClockEffect::start, "start"},
    {ClockEffect::pause, "pause"},
    {ClockEffect::resume, "resume"},
    {ClockEffect::restart, "restart"},
    {ClockEffect::extend, "extend"},
}};

constexpr std::array<std::pair<Timeliness, std::string_view>, 3> kTimeliness{{
    {Timeliness::early, "early"},
    {Timeliness::on_time, "on_time"},
    {Timeliness::late, "late"},
}};

}  // namespace

std::string_view status_name_vi(DossierStatus s) {
  switch (s) {
    case DossierStatus::submitted: return "Mới đăng ký";
    case DossierStatus::received: return "Được tiếp nhận";
    case DossierStatus::not_received: return "Không được tiếp nhận";
    case DossierStatus::processing: return "Đang xử lý";
    case DossierStatus::supplement_requested: return "Yêu cầu bổ sung giấy tờ";
    case DossierStatus::awaiting_payment: return "Yêu cầu thực hiện nghĩa vụ tài chính";
    case DossierStatus::withdrawn: return "Công dân yêu cầu rút hồ sơ";
    case DossierStatus::stopped: return "Dừng xử lý";
    case DossierStatus::completed: return "Đã xử lý xong";
    case DossierStatus::returned: return "Đã trả kết quả";
  }
  return "";
}

std::optional<DossierStatus> status_from_code(int code) {
  if (code < 1 || code > 10) return std::nullopt;
  return static_cast<DossierStatus>(code);
}

std::string_view channel_code(IntakeChannel c) { return code_of(kChannels, c); }
std::optional<IntakeChannel> parse_intake_channel(std::string_view code) { return value_of(kChannels, code); }

std::string_view delivery_code(ResultDelivery d) { return code_of(kDeliveries, d); }
std::optional<ResultDelivery> parse_result_delivery(std::string_view code) { return value_of(kDeliveries, code); }

std::string_view clock_effect_code(ClockEffect e) { return code_of(kClockEffects, e); }
std::optional<ClockEffect> parse_clock_effect(std::string_view code) { return value_of(kClockEffects, code); }

std::string_view timeliness_code(Timeliness t) { return code_of(kTimeliness, t); }

}  // namespace motcua::domain
