// Vietnamese by default, English on request; the choice is remembered on the device. Server messages come in
// both languages (message_vi / message_en) and are shown in the chosen one (api.ts).
import { ref } from "vue";
import { adminMessages, consoleMessages } from "./messages-console";

export type Lang = "vi" | "en";

const saved = typeof localStorage !== "undefined" ? localStorage.getItem("motcua.lang") : null;
export const lang = ref<Lang>(saved === "en" ? "en" : "vi");

export function setLang(l: Lang) {
  lang.value = l;
  localStorage.setItem("motcua.lang", l);
  document.documentElement.lang = l;
}

const messages = {
  "app.portal": ["Cổng Dịch vụ công", "Public Service Portal"],
  "nav.home": ["Trang chủ", "Home"],
  "nav.procedures": ["Thủ tục hành chính", "Procedures"],
  "nav.lookup": ["Tra cứu hồ sơ", "Track a dossier"],
  "nav.language": ["English", "Tiếng Việt"],
  "home.title": ["Tìm thủ tục hành chính", "Find an administrative procedure"],
  "home.search": ["Nhập tên hoặc mã thủ tục, có dấu hoặc không dấu", "Name or code of the procedure, with or without diacritics"],
  "home.search_button": ["Tìm kiếm", "Search"],
  "home.popular": ["Dịch vụ công trực tuyến toàn trình", "Fully online public services"],
  "home.hotline": ["Đường dây nóng", "Hotline"],
  "home.stats": ["Tình hình giải quyết hồ sơ tháng", "Dossiers handled in"],
  "home.received": ["Đã tiếp nhận", "Received"],
  "home.resolved": ["Đã giải quyết", "Resolved"],
  "home.on_time": ["Đúng hạn, trước hạn", "On time or early"],
  "home.most_used": ["Thủ tục được sử dụng nhiều", "Most used procedures"],
  "home.dossiers": ["hồ sơ", "dossiers"],
  "home.contacts": ["Liên hệ, hỗ trợ", "Contacts and help"],
  "home.lookup_hint": ["Đã nộp hồ sơ? Tra cứu bằng mã hồ sơ in trên giấy tiếp nhận.", "Submitted already? Track it with the code on your receipt."],
  "search.sector": ["Lĩnh vực", "Sector"],
  "search.online": ["Mức độ trực tuyến", "Online level"],
  "search.any": ["Tất cả", "Any"],
  "search.results": ["kết quả", "results"],
  "search.none": ["Không tìm thấy thủ tục phù hợp.", "No matching procedure."],
  "online.full": ["Toàn trình", "Fully online"],
  "online.partial": ["Một phần", "Partly online"],
  "online.none": ["Trực tiếp", "In person"],
  "online.unknown": ["Chưa rõ", "Unknown"],
  "proc.components": ["Thành phần hồ sơ", "Dossier components"],
  "proc.times": ["Thời hạn giải quyết", "Processing time"],
  "proc.fees": ["Phí, lệ phí", "Fees"],
  "proc.legal": ["Căn cứ pháp lý", "Legal bases"],
  "proc.originals": ["bản chính", "originals"],
  "proc.copies": ["bản sao", "copies"],
  "proc.template": ["Mẫu đơn, tờ khai", "Form template"],
  "lookup.title": ["Tra cứu hồ sơ", "Track a dossier"],
  "lookup.code": ["Mã hồ sơ", "Dossier code"],
  "lookup.button": ["Tra cứu", "Look up"],
  "lookup.procedure": ["Thủ tục", "Procedure"],
  "lookup.applicant": ["Người nộp", "Applicant"],
  "lookup.status": ["Trạng thái", "Status"],
  "lookup.submitted": ["Ngày nộp", "Submitted"],
  "lookup.received": ["Ngày tiếp nhận", "Received"],
  "lookup.due": ["Ngày hẹn trả", "Due"],
  "lookup.result": ["Ngày có kết quả", "Result ready"],
  "lookup.returned": ["Ngày trả kết quả", "Returned"],
  "common.loading": ["Đang tải…", "Loading…"],
  "nav.login": ["Đăng nhập", "Log in"],
  "nav.logout": ["Đăng xuất", "Log out"],
  "nav.register": ["Đăng ký tài khoản", "Create an account"],
  "nav.mine": ["Hồ sơ của tôi", "My dossiers"],
  "auth.login": ["Thư điện tử, số điện thoại hoặc tên đăng nhập", "E-mail, phone number or user name"],
  "auth.password": ["Mật khẩu", "Password"],
  "auth.full_name": ["Họ và tên", "Full name"],
  "auth.email": ["Thư điện tử", "E-mail"],
  "auth.phone": ["Số điện thoại", "Phone number"],
  "auth.id_number": ["Số định danh cá nhân (CCCD)", "Personal ID number (CCCD)"],
  "auth.password_hint": ["Ít nhất 10 ký tự, có chữ và số", "At least 10 characters, letters and digits"],
  "auth.registered": ["Đã tạo tài khoản. Mời đăng nhập.", "Account created. Please log in."],
  "submit.title": ["Nộp hồ sơ trực tuyến", "Submit a dossier online"],
  "submit.start": ["Nộp hồ sơ trực tuyến", "Submit online"],
  "submit.agency": ["Nơi tiếp nhận hồ sơ", "Where to submit"],
  "submit.delivery": ["Hình thức nhận kết quả", "How to receive the result"],
  "delivery.online": ["Trực tuyến (tải về trên Cổng)", "Online (download here)"],
  "delivery.post": ["Qua bưu chính công ích", "By post"],
  "delivery.counter": ["Trực tiếp tại nơi nộp", "In person where submitted"],
  "submit.applicant": ["Người nộp hồ sơ", "Applicant"],
  "submit.address": ["Địa chỉ", "Address"],
  "submit.files": ["Thành phần hồ sơ (tải tệp lên)", "Dossier components (upload files)"],
  "submit.save": ["Lưu và tiếp tục", "Save and continue"],
  "submit.review": ["Xem lại và nộp", "Review and submit"],
  "submit.send": ["Nộp hồ sơ", "Submit the dossier"],
  "submit.done": ["Đã nộp hồ sơ. Mã hồ sơ được cấp khi cơ quan tiếp nhận; theo dõi tại Hồ sơ của tôi.", "Submitted. The dossier code is given at reception; follow it under My dossiers."],
  "submit.uploaded": ["Đã tải lên", "Uploaded"],
  "submit.need_login": ["Cần đăng nhập để nộp hồ sơ trực tuyến.", "Log in to submit online."],
  "mine.empty": ["Chưa có hồ sơ nào.", "No dossiers yet."],
  "mine.receipt": ["Tải giấy tiếp nhận (PDF)", "Download the receipt (PDF)"],
  "mine.result": ["Tải kết quả", "Download the result"],
  "mine.history": ["Quá trình xử lý", "Progress"],
  "mine.withdraw": ["Rút hồ sơ", "Withdraw"],
  "mine.reason": ["Lý do", "Reason"],
  "mine.supplement": ["Bổ sung hồ sơ theo yêu cầu", "Supplement as requested"],
  "mine.resubmit": ["Gửi lại hồ sơ đã bổ sung", "Send the completed dossier"],
  "common.required": ["Vui lòng nhập", "Required"],
  ...consoleMessages,
  ...adminMessages,
} as const;

export type MessageKey = keyof typeof messages;

export function t(key: MessageKey): string {
  return messages[key][lang.value === "vi" ? 0 : 1];
}

// A workflow action's name: the definition's Vietnamese name, or its English one from this table.
export function actionName(key: string, nameVi: string): string {
  if (lang.value === "vi") return nameVi;
  const k = `action.${key}` as MessageKey;
  return k in messages ? messages[k][1] : key;
}
