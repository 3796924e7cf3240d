// Mẫu thông báo (notification templates): the Vietnamese e-mail/SMS text sent to the applicant on every
// status change (and on a re-appointment, which moves the due date without changing the status). Pure:
// the service renders and enqueues the result in the outbox inside the same transaction as the change.
//
// Placeholders: {code} mã hồ sơ, {procedure} tên thủ tục, {status} tên trạng thái, {applicant},
// {due} ngày hẹn trả "HH giờ MM phút, ngày DD/MM/YYYY" (Vietnam time), {reason} lý do, {url} tra cứu.
// A line whose placeholders are all empty is dropped, so "Lý do: {reason}" disappears when there is none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/dossier.h"

namespace motcua::domain {

// "08 giờ 05 phút, ngày 15/03/2024" in Vietnam time (UTC+7).
std::string format_vi_datetime(std::int64_t epoch_ms);

struct NoticeContext {
  std::string code;       // empty before reception: the template then names the procedure only
  std::string procedure_name;
  std::string applicant_name;
  std::optional<std::int64_t> due_at_ms;
  std::string reason;
  std::string tracking_url;  // e.g. https://dichvucong.example/tra-cuu/<qr_token>
};

enum class NoticeEvent {
  status_changed,  // the status in NoticeContext's call is the new one
  reappointed,     // phiếu xin lỗi và hẹn lại (TT 01/2018 Mẫu 04): new due date, same status
};

struct Notice {
  std::string subject;
  std::string body;
};

// The template text itself (subject, body), for review and tests.
struct NoticeTemplate {
  std::string_view subject;
  std::string_view body;
};
NoticeTemplate notice_template(NoticeEvent event, DossierStatus status);

// Replaces the placeholders; unknown placeholders are left as they are (a template bug shows, never crashes).
std::string render_template(std::string_view text, const NoticeContext& ctx, DossierStatus status);

Notice render_notice(NoticeEvent event, DossierStatus status, const NoticeContext& ctx);

}  // namespace motcua::domain
