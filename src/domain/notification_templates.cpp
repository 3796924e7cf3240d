#include "domain/notification_templates.h"

#include <cstdio>
#include <vector>

#include "domain/dossier_code.h"

namespace motcua::domain {

std::string format_vi_datetime(std::int64_t epoch_ms) {
  const LocalDateTime t = vietnam_local_time(epoch_ms);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%02d giờ %02d phút, ngày %02d/%02d/%04d", t.hour, t.minute, t.date.day,
                t.date.month, t.date.year);
  return buf;
}

namespace {

constexpr std::string_view kGreeting = "Kính gửi {applicant},\n";
constexpr std::string_view kFooter =
    "Tra cứu tình trạng hồ sơ: {url}\n"
    "Đây là thư tự động của Hệ thống thông tin giải quyết thủ tục hành chính, vui lòng không trả lời.";

struct Entry {
  std::string_view subject;
  std::string_view body;  // between greeting and footer
};

// One template per TrangThaiHoSo (legal-rules §7.2); wording follows the Phiếu of TT 01/2018 (Mẫu 01–06).
Entry status_entry(DossierStatus s) {
  switch (s) {
    case DossierStatus::submitted:
      return {"Đã nộp hồ sơ: {procedure}",
              "Hồ sơ thủ tục \"{procedure}\" của Ông/Bà đã được gửi và đang chờ cơ quan tiếp nhận.\n"
              "Trạng thái: {status}.\n"};
    case DossierStatus::received:
      return {"Hồ sơ {code} đã được tiếp nhận",
              "Hồ sơ thủ tục \"{procedure}\" đã được tiếp nhận với mã số hồ sơ {code}.\n"
              "Thời gian hẹn trả kết quả: {due}.\n"};
    case DossierStatus::not_received:
      return {"Hồ sơ không được tiếp nhận: {procedure}",
              "Hồ sơ thủ tục \"{procedure}\" không được tiếp nhận.\n"
              "Lý do: {reason}\n"};
    case DossierStatus::processing:
      return {"Hồ sơ {code} đang được xử lý",
              "Hồ sơ {code} (thủ tục \"{procedure}\") đang được xử lý.\n"
              "Thời gian hẹn trả kết quả: {due}.\n"};
    case DossierStatus::supplement_requested:
      return {"Yêu cầu bổ sung hồ sơ {code}",
              "Hồ sơ {code} (thủ tục \"{procedure}\") cần được bổ sung, hoàn thiện. Ông/Bà vui lòng bổ sung một "
              "lần đầy đủ các nội dung sau:\n"
              "{reason}\n"
              "Thời hạn giải quyết tạm dừng cho đến khi cơ quan nhận đủ hồ sơ bổ sung.\n"};
    case DossierStatus::awaiting_payment:
      return {"Yêu cầu thực hiện nghĩa vụ tài chính: hồ sơ {code}",
              "Hồ sơ {code} (thủ tục \"{procedure}\") đang chờ Ông/Bà thực hiện nghĩa vụ tài chính.\n"
              "Nội dung: {reason}\n"
              "Thời hạn giải quyết tạm dừng cho đến khi nghĩa vụ tài chính được ghi nhận.\n"};
    case DossierStatus::withdrawn:
      return {"Đã rút hồ sơ {code}",
              "Theo yêu cầu của Ông/Bà, hồ sơ {code} (thủ tục \"{procedure}\") đã được rút.\n"
              "Lý do: {reason}\n"};
    case DossierStatus::stopped:
      return {"Dừng xử lý hồ sơ {code}",
              "Hồ sơ {code} (thủ tục \"{procedure}\") đã dừng xử lý.\n"
              "Lý do: {reason}\n"};
    case DossierStatus::completed:
      return {"Hồ sơ {code} đã có kết quả",
              "Hồ sơ {code} (thủ tục \"{procedure}\") đã được giải quyết xong. Ông/Bà vui lòng nhận kết quả theo "
              "hình thức đã đăng ký.\n"};
    case DossierStatus::returned:
      return {"Đã trả kết quả hồ sơ {code}",
              "Kết quả giải quyết hồ sơ {code} (thủ tục \"{procedure}\") đã được trả cho Ông/Bà.\n"
              "Kính mời Ông/Bà đánh giá mức độ hài lòng về việc giải quyết thủ tục hành chính.\n"};
  }
  return {"Hồ sơ {code}: {status}", "Trạng thái hồ sơ: {status}.\n"};
}

constexpr Entry kReappointed = {
    "Thư xin lỗi và hẹn lại ngày trả kết quả: hồ sơ {code}",
    "Cơ quan giải quyết xin lỗi Ông/Bà vì hồ sơ {code} (thủ tục \"{procedure}\") chưa thể trả kết quả đúng hẹn.\n"
    "Lý do: {reason}\n"
    "Thời gian hẹn trả kết quả mới: {due}.\n"};

std::string value_of(std::string_view name, const NoticeContext& ctx, DossierStatus status, bool& known) {
  known = true;
  if (name == "code") return ctx.code;
  if (name == "procedure") return ctx.procedure_name;
  if (name == "applicant") return ctx.applicant_name.empty() ? "Ông/Bà" : ctx.applicant_name;
  if (name == "status") return std::string(status_name_vi(status));
  if (name == "due") return ctx.due_at_ms ? format_vi_datetime(*ctx.due_at_ms) : std::string();
  if (name == "reason") return ctx.reason;
  if (name == "url") return ctx.tracking_url;
  known = false;
  return {};
}

// Renders one line; `dropped` is set when it had placeholders and every one of them was empty.
std::string render_line(std::string_view line, const NoticeContext& ctx, DossierStatus status, bool& dropped) {
  std::string out;
  int placeholders = 0, empty = 0;
  for (std::size_t i = 0; i < line.size();) {
    if (line[i] == '{') {
      const auto close = line.find('}', i);
      if (close != std::string_view::npos) {
        bool known = false;
        std::string v = value_of(line.substr(i + 1, close - i - 1), ctx, status, known);
        if (known) {
          ++placeholders;
          if (v.empty()) ++empty;
          out += v;
          i = close + 1;
          continue;
        }
      }
    }
    out += line[i++];
  }
  dropped = placeholders > 0 && placeholders == empty;
  return out;
}

}  // namespace

NoticeTemplate notice_template(NoticeEvent event, DossierStatus status) {
  const Entry e = event == NoticeEvent::reappointed ? kReappointed : status_entry(status);
  return {e.subject, e.body};
}

std::string render_template(std::string_view text, const NoticeContext& ctx, DossierStatus status) {
  std::string out;
  std::size_t start = 0;
  while (start <= text.size()) {
    const auto nl = text.find('\n', start);
    const std::string_view line = text.substr(start, nl == std::string_view::npos ? text.size() - start : nl - start);
    bool dropped = false;
    std::string rendered = render_line(line, ctx, status, dropped);
    if (!dropped) {
      out += rendered;
      if (nl != std::string_view::npos) out += '\n';
    }
    if (nl == std::string_view::npos) break;
    start = nl + 1;
  }
  return out;
}

Notice render_notice(NoticeEvent event, DossierStatus status, const NoticeContext& ctx) {
  const NoticeTemplate t = notice_template(event, status);
  std::string body_text = std::string(kGreeting) + std::string(t.body) + std::string(kFooter);
  Notice n;
  NoticeContext subject_ctx = ctx;
  // A subject must never read "Hồ sơ  đã …": before reception there is no code, name the procedure instead.
  if (subject_ctx.code.empty()) subject_ctx.code = ctx.procedure_name;
  n.subject = render_template(t.subject, subject_ctx, status);
  n.body = render_template(body_text, ctx, status);
  return n;
}

}  // namespace motcua::domain
