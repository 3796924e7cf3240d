#include "domain/form_vocabulary.h"

#include <algorithm>
#include <cstdio>

#include <boost/json.hpp>

#include "domain/calendar.h"
#include "domain/lunar.h"

namespace motcua::domain {

const std::vector<VocabularyEntry>& form_fields() {
  static const std::vector<VocabularyEntry> fields{
      {"system.name", "Tên hệ thống thông tin (nguồn của giấy tờ)"},
      {"place", "Địa danh ghi ở dòng ngày tháng (tỉnh của cơ quan)"},
      {"agency.name", "Cơ quan tiếp nhận (Bộ phận một cửa)"},
      {"agency.parent_name", "Cơ quan chủ quản của nơi tiếp nhận"},
      {"agency.address", "Địa chỉ nơi tiếp nhận"},
      {"agency.phone", "Điện thoại nơi tiếp nhận"},
      {"handling_agency.name", "Cơ quan giải quyết hồ sơ"},
      {"handling_agency.parent_name", "Cơ quan chủ quản của cơ quan giải quyết"},
      {"dossier.code", "Mã hồ sơ"},
      {"dossier.procedure_code", "Mã thủ tục hành chính"},
      {"dossier.procedure_name", "Tên thủ tục hành chính (nội dung yêu cầu giải quyết)"},
      {"dossier.sets", "Số lượng hồ sơ (bộ)"},
      {"dossier.processing_time", "Thời gian giải quyết theo quy định (vd. \"05 ngày làm việc\")"},
      {"dossier.channel_name", "Hình thức nộp"},
      {"dossier.delivery_name", "Hình thức nhận kết quả (đăng ký nhận kết quả tại)"},
      {"dossier.status_name", "Trạng thái hồ sơ"},
      {"dossier.timeliness_name", "Kết quả giải quyết: Trước hạn / Đúng hạn / Quá hạn"},
      {"dossier.transferred_to", "Cơ quan đã chuyển hồ sơ đến giải quyết"},
      {"applicant.name", "Tên cá nhân, tổ chức nộp hồ sơ"},
      {"applicant.id_number", "Số định danh cá nhân / mã số doanh nghiệp"},
      {"applicant.address", "Địa chỉ"},
      {"applicant.phone", "Số điện thoại"},
      {"applicant.email", "Thư điện tử"},
      {"officer.name", "Người tiếp nhận hồ sơ"},
      {"signer.name", "Người ký phiếu (người thực hiện thao tác tương ứng)"},
      {"book.number", "Sổ theo dõi hồ sơ: quyển số (năm)"},
      {"book.seq", "Sổ theo dõi hồ sơ: số thứ tự trong năm"},
      {"book.agency_name", "Sổ theo dõi hồ sơ: nơi tiếp nhận"},
      {"book.period", "Sổ theo dõi hồ sơ: khoảng thời gian in"},
      {"supplement.number", "Số phiếu yêu cầu bổ sung (…/HDHS)"},
      {"supplement.contact", "Nơi tra cứu quy định và liên hệ"},
      {"refusal.reason", "Lý do từ chối"},
      {"apology.reason", "Lý do chậm trả kết quả"},
      {"stop.reason", "Lý do dừng giải quyết"},
      {"tracking.url", "Địa chỉ tra cứu hồ sơ (mã QR)"},
  };
  return fields;
}

const std::vector<VocabularyEntry>& form_moments() {
  static const std::vector<VocabularyEntry> moments{
      {"now", "Thời điểm in"},
      {"submitted", "Thời điểm nộp"},
      {"received", "Thời gian nhận hồ sơ"},
      {"due", "Thời gian hẹn trả kết quả (hiện hành)"},
      {"original_due", "Ngày hẹn trả ghi trên giấy tiếp nhận"},
      {"new_due", "Thời gian hẹn trả kết quả lại (phiếu xin lỗi)"},
      {"supplement", "Thời điểm yêu cầu bổ sung"},
      {"refused", "Thời điểm từ chối"},
      {"stopped", "Thời điểm dừng giải quyết"},
      {"completed", "Thời điểm có kết quả"},
      {"returned", "Thời điểm trả kết quả"},
      {"book.from", "Sổ theo dõi: từ ngày"},
      {"book.to", "Sổ theo dõi: đến ngày"},
  };
  return moments;
}

const std::map<std::string, std::vector<std::string>>& form_lists() {
  static const std::map<std::string, std::vector<std::string>> lists{
      {"components", {"index", "name", "files", "originals", "copies"}},
      {"supplement_items", {"index", "component", "reason", "originals", "certified", "photocopies"}},
      {"refusal_reasons", {"index", "text"}},
      {"control_rows", {"index", "agency", "giver", "receiver", "time", "result", "note"}},
      {"book_rows", {"index", "code", "procedure", "sets", "applicant", "contact", "handling_agency", "received",
                     "due", "transferred", "result_received", "returned", "note"}},
  };
  return lists;
}

FormVocabulary form_vocabulary() {
  FormVocabulary v;
  for (const auto& f : form_fields()) v.fields.emplace_back(f.name);
  for (const auto& m : form_moments())
    for (const char* suffix : {".text", ".date", ".day", ".month", ".year", ".hour", ".minute"})
      v.fields.push_back(std::string(m.name) + suffix);
  v.lists = form_lists();
  return v;
}

namespace {
std::string two(int n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d", n);
  return buf;
}
}  // namespace

std::string date_words(std::int64_t epoch_ms) {
  const auto d = civil_from_days(local_day(epoch_ms));
  return "ngày " + two(d.day) + " tháng " + two(d.month) + " năm " + std::to_string(d.year);
}

std::string date_dmy(std::int64_t epoch_ms) {
  const auto d = civil_from_days(local_day(epoch_ms));
  return two(d.day) + "/" + two(d.month) + "/" + std::to_string(d.year);
}

void set_moment(FormData& data, std::string_view prefix, std::int64_t epoch_ms) {
  const std::string p(prefix);
  const auto d = civil_from_days(local_day(epoch_ms));
  const auto minute = static_cast<int>(local_ms_of_day(epoch_ms) / kMsPerMinute);
  data.fields[p + ".day"] = two(d.day);
  data.fields[p + ".month"] = two(d.month);
  data.fields[p + ".year"] = std::to_string(d.year);
  data.fields[p + ".hour"] = two(minute / 60);
  data.fields[p + ".minute"] = two(minute % 60);
  data.fields[p + ".date"] = date_dmy(epoch_ms);
  data.fields[p + ".text"] = two(minute / 60) + " giờ " + two(minute % 60) + " phút, " + date_words(epoch_ms);
}

FormData parse_form_fixture(std::string_view json_text) {
  namespace json = boost::json;
  boost::system::error_code ec;
  const auto v = json::parse(json_text, ec);
  if (ec || !v.is_object()) throw FormTemplateError("fixture: not a JSON object");
  const auto vocab = form_vocabulary();
  const auto& o = v.get_object();
  FormData d;
  auto known = [&](const std::string& f) { return std::find(vocab.fields.begin(), vocab.fields.end(), f) != vocab.fields.end(); };
  auto text = [](const json::value& x, const std::string& where) {
    if (!x.is_string()) throw FormTemplateError("fixture: " + where + " must be a string");
    return std::string(x.get_string());
  };
  for (const auto& kv : o) {
    const std::string key(kv.key());
    if (key == "about") continue;
    if (!kv.value().is_object()) throw FormTemplateError("fixture: " + key + " must be an object");
    for (const auto& e : kv.value().get_object()) {
      const std::string name(e.key());
      if (key == "fields") {
        if (!known(name)) throw FormTemplateError("fixture: unknown field " + name);
        d.fields[name] = text(e.value(), name);
      } else if (key == "moments") {
        const bool ok = std::any_of(form_moments().begin(), form_moments().end(), [&](const auto& m) { return m.name == name; });
        const auto t = parse_local_datetime(text(e.value(), name));
        if (!ok || !t) throw FormTemplateError("fixture: moment " + name + " unknown or not YYYY-MM-DD HH:MM");
        set_moment(d, name, *t);
      } else if (key == "lists") {
        const auto it = vocab.lists.find(name);
        if (it == vocab.lists.end() || !e.value().is_array()) throw FormTemplateError("fixture: unknown list " + name);
        auto& list = d.lists[name];
        for (const auto& item : e.value().get_array()) {
          if (!item.is_object()) throw FormTemplateError("fixture: " + name + " items must be objects");
          std::map<std::string, std::string> m;
          for (const auto& f : item.get_object()) {
            const std::string k(f.key());
            if (std::find(it->second.begin(), it->second.end(), k) == it->second.end())
              throw FormTemplateError("fixture: unknown item field " + name + "." + k);
            m[k] = text(f.value(), name + "." + k);
          }
          list.push_back(std::move(m));
        }
      } else {
        throw FormTemplateError("fixture: unknown key " + key);
      }
    }
  }
  return d;
}

}  // namespace motcua::domain
