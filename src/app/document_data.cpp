// DocumentService::dossier_data: the vocabulary (domain/form_vocabulary.h) filled from one dossier.
#include <cmath>
#include <cstdio>
#include <map>

#include <boost/json.hpp>

#include "app/documents.h"
#include "domain/calendar.h"
#include "domain/form_vocabulary.h"
#include "domain/lunar.h"
#include "storage/agency_repo.h"
#include "storage/document_repo.h"
#include "storage/procedure_repo.h"

namespace motcua::app {

namespace json = boost::json;
using storage::Connection;
using storage::HistoryEntry;

std::string processing_time_words(const domain::ProcessingTime& t) {
  if (!t.amount) return t.raw;
  char num[32];
  const double a = *t.amount;
  if (std::floor(a) == a) std::snprintf(num, sizeof num, "%02d", static_cast<int>(a));
  else std::snprintf(num, sizeof num, "%g", a);
  switch (t.unit) {
    case domain::TimeUnit::working_days: return std::string(num) + " ngày làm việc";
    case domain::TimeUnit::working_hours: return std::string(num) + " giờ làm việc";
    case domain::TimeUnit::calendar_days: return std::string(num) + " ngày";
    case domain::TimeUnit::months: return std::string(num) + " tháng";
    case domain::TimeUnit::years: return std::string(num) + " năm";
    case domain::TimeUnit::unspecified: break;
  }
  return t.raw;
}

namespace {

std::string two(std::int64_t n) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "%02lld", static_cast<long long>(n));
  return buf;
}

// Agencies by id, read once per document.
class Agencies {
 public:
  explicit Agencies(Connection& c) : c_(c) {}
  const storage::AgencyRecord* get(std::optional<std::int64_t> id) {
    if (!id) return nullptr;
    auto it = cache_.find(*id);
    if (it == cache_.end()) it = cache_.emplace(*id, storage::get_agency(c_, *id)).first;
    return it->second ? &*it->second : nullptr;
  }
  std::string name(std::optional<std::int64_t> id) {
    const auto* a = get(id);
    return a ? a->fields.name : "";
  }
  std::string parent_name(std::int64_t id) {
    const auto* a = get(id);
    return a ? name(a->fields.parent_id) : "";
  }
  // The root of the agency's tree (the province's UBND): its name gives the place and the system's name.
  std::string root_name(std::int64_t id) {
    const auto* a = get(id);
    if (!a) return "";
    const auto& p = a->path;  // "/1/7/42/"
    const auto end = p.find('/', 1);
    return end == std::string::npos ? a->fields.name : name(std::stoll(p.substr(1, end - 1)));
  }

 private:
  Connection& c_;
  std::map<std::int64_t, std::optional<storage::AgencyRecord>> cache_;
};

// "UBND tỉnh Sơn La" → "tỉnh Sơn La"; "Ủy ban nhân dân tỉnh Đắk Lắk" → "tỉnh Đắk Lắk".
std::string without_council_prefix(const std::string& name) {
  for (const std::string prefix : {"Ủy ban nhân dân ", "Uỷ ban nhân dân ", "UBND "})
    if (name.rfind(prefix, 0) == 0) return name.substr(prefix.size());
  return name;
}

// "tỉnh Sơn La" → "Sơn La": the place name on the date line ("Sơn La, ngày …").
std::string place_of(const std::string& unit) {
  for (const std::string prefix : {"tỉnh ", "Tỉnh ", "thành phố ", "Thành phố "})
    if (unit.rfind(prefix, 0) == 0) return unit.substr(prefix.size());
  return unit;
}

const HistoryEntry* last_action(const std::vector<HistoryEntry>& h, std::string_view action) {
  for (auto it = h.rbegin(); it != h.rend(); ++it)
    if (it->action == action) return &*it;
  return nullptr;
}

std::string channel_words(const std::string& c) {
  if (c == "online") return "Trực tuyến";
  if (c == "counter") return "Trực tiếp tại Bộ phận Một cửa";
  if (c == "postal") return "Qua dịch vụ bưu chính công ích";
  if (c == "third_party") return "Qua người được ủy quyền";
  return c;
}

std::string delivery_words(const std::string& d, const std::string& agency_name) {
  if (d == "online") return "Trực tuyến (tài khoản trên Cổng Dịch vụ công)";
  if (d == "post") return "Qua dịch vụ bưu chính công ích";
  return "Trực tiếp tại " + agency_name;
}

std::string timeliness_words(const std::optional<std::string>& t) {
  if (!t) return "";
  if (*t == "early") return "Trước hạn";
  if (*t == "on_time") return "Đúng hạn";
  if (*t == "late") return "Quá hạn";
  return *t;
}

// Mẫu 05: a handover done before the step's due day is early, on that day on time, after it late.
std::string handover_result(std::int64_t at, std::optional<std::int64_t> due) {
  if (!due) return "";
  if (at > *due) return "Quá hạn";
  return domain::local_day(at) < domain::local_day(*due) ? "Trước hạn" : "Đúng hạn";
}

std::string history_text(const HistoryEntry& h) {
  boost::system::error_code ec;
  auto v = json::parse(h.note, ec);
  std::string text;
  if (!ec && v.is_object())
    if (const auto* s = v.as_object().if_contains("history_vi"); s && s->is_string()) text = std::string(s->get_string());
  if (text.empty()) text = h.action;
  if (h.reason && !h.reason->empty()) text += ": " + *h.reason;
  return text;
}

// Thành phần hồ sơ: the files received, grouped by component, named after the procedure's component list
// when the key is its name or its 1-based number.
std::vector<std::map<std::string, std::string>> component_items(Connection& c, const DossierService::FullView& v) {
  std::vector<domain::DossierComponent> known;
  if (auto p = storage::get_procedure(c, v.dossier.procedure_code)) known = p->procedure.components;
  std::vector<std::pair<std::string, std::vector<const storage::Attachment*>>> groups;
  for (const auto& a : v.attachments) {
    auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == a.component_key; });
    if (it == groups.end()) groups.push_back({a.component_key, {&a}});
    else it->second.push_back(&a);
  }
  std::vector<std::map<std::string, std::string>> out;
  for (const auto& [key, files] : groups) {
    const domain::DossierComponent* comp = nullptr;
    for (std::size_t i = 0; i < known.size(); ++i)
      if (known[i].name == key || std::to_string(i + 1) == key) comp = &known[i];
    int digitised = 0;
    for (const auto* f : files) digitised += f->digitised ? 1 : 0;
    std::string files_text = two(static_cast<std::int64_t>(files.size())) + " tệp";
    if (digitised > 0) files_text += ", " + two(digitised) + " bản số hóa";
    out.push_back({{"index", std::to_string(out.size() + 1)},
                   {"name", comp ? comp->name : key},
                   {"files", files_text},
                   {"originals", comp ? two(comp->originals) : ""},
                   {"copies", comp ? two(comp->copies) : ""}});
  }
  return out;
}

}  // namespace

domain::FormData DocumentService::dossier_data(Connection& c, const DossierService::FullView& v, std::string_view form_id) {
  const auto& d = v.dossier;
  const auto& h = v.history;
  domain::FormData f;
  Agencies agencies(c);
  const auto now = deps_.now_ms();
  const std::string unit = without_council_prefix(agencies.root_name(d.agency_id));
  f.fields["system.name"] = "Hệ thống thông tin giải quyết TTHC " + unit;
  f.fields["place"] = place_of(unit);
  const auto* recv = agencies.get(d.agency_id);
  f.fields["agency.name"] = recv ? recv->fields.name : "";
  f.fields["agency.parent_name"] = agencies.parent_name(d.agency_id);
  f.fields["agency.address"] = recv ? recv->fields.address.value_or("") : "";
  f.fields["agency.phone"] = recv ? recv->fields.phone.value_or(recv->fields.hotline.value_or("")) : "";
  f.fields["handling_agency.name"] = agencies.name(d.current_agency_id);
  f.fields["handling_agency.parent_name"] = agencies.parent_name(d.current_agency_id);

  f.fields["dossier.code"] = d.code.value_or("");
  f.fields["dossier.procedure_code"] = d.procedure_code;
  f.fields["dossier.procedure_name"] = v.procedure_name;
  f.fields["dossier.sets"] = "01";
  f.fields["dossier.processing_time"] = processing_time_words(d.clock.allowance);
  f.fields["dossier.channel_name"] = channel_words(d.channel);
  f.fields["dossier.delivery_name"] = delivery_words(d.delivery, f.fields["agency.name"]);
  if (d.status)
    if (auto s = domain::status_from_code(*d.status)) f.fields["dossier.status_name"] = std::string(domain::status_name_vi(*s));
  f.fields["dossier.timeliness_name"] = timeliness_words(d.timeliness);
  // Agencies the dossier went to after reception (chuyển hồ sơ đến cơ quan giải quyết).
  std::vector<std::int64_t> handled;
  for (const auto& e : h)
    if (e.actor_agency_id && *e.actor_agency_id != d.agency_id &&
        std::find(handled.begin(), handled.end(), *e.actor_agency_id) == handled.end() && e.action != "submit")
      handled.push_back(*e.actor_agency_id);
  if (d.current_agency_id != d.agency_id &&
      std::find(handled.begin(), handled.end(), d.current_agency_id) == handled.end())
    handled.push_back(d.current_agency_id);
  std::string to;
  for (auto id : handled) to += (to.empty() ? "" : ", ") + agencies.name(id);
  f.fields["dossier.transferred_to"] = to;

  f.fields["applicant.name"] = d.applicant_name;
  f.fields["applicant.id_number"] = d.applicant_id_number.value_or("");
  f.fields["applicant.address"] = d.applicant_address.value_or("");
  f.fields["applicant.phone"] = d.applicant_phone.value_or("");
  f.fields["applicant.email"] = d.applicant_email.value_or("");
  f.fields["tracking.url"] = deps_.public_base_url + "/tra-cuu/" + d.qr_token;

  const auto* accepted = last_action(h, "accept");
  f.fields["officer.name"] = accepted ? accepted->actor_name : "";
  static const std::map<std::string_view, std::string_view> kSignerAction{
      {"mau-02", "request_supplement"}, {"mau-03", "refuse"}, {"mau-04", "apologise"}};
  const HistoryEntry* signer_entry = accepted;
  if (auto it = kSignerAction.find(form_id); it != kSignerAction.end()) signer_entry = last_action(h, it->second);
  if (form_id == "mau-05" && form_set_of(d) == "tt03-2025") signer_entry = last_action(h, "stop");
  f.fields["signer.name"] = signer_entry ? signer_entry->actor_name : "";

  domain::set_moment(f, "now", now);
  if (d.submitted_at_ms) domain::set_moment(f, "submitted", *d.submitted_at_ms);
  if (d.received_at_ms) {
    domain::set_moment(f, "received", *d.received_at_ms);
    const auto date = domain::civil_from_days(domain::local_day(*d.received_at_ms));
    const auto year_start = domain::local_to_epoch_ms({date.year, 1, 1}, 0);
    f.fields["book.number"] = std::to_string(date.year);
    f.fields["book.seq"] = two(storage::book_sequence(c, d.agency_id, year_start, *d.received_at_ms, d.id));
  }
  if (d.due_at_ms) domain::set_moment(f, "due", *d.due_at_ms);
  if (auto r = storage::load_receipt(c, d.id)) {
    boost::system::error_code ec;
    auto data = json::parse(r->data, ec);
    if (!ec && data.is_object())
      if (const auto* due = data.as_object().if_contains("due_at_ms"); due && due->is_int64())
        domain::set_moment(f, "original_due", due->get_int64());
  }
  if (d.completed_at_ms) domain::set_moment(f, "completed", *d.completed_at_ms);
  if (d.returned_at_ms) domain::set_moment(f, "returned", *d.returned_at_ms);

  if (auto sr = storage::load_supplement_request(c, d.id)) {
    domain::set_moment(f, "supplement", sr->at_ms);
    f.fields["supplement.number"] = two(sr->id);
    f.fields["supplement.contact"] =
        f.fields["agency.name"] + (f.fields["agency.phone"].empty() ? "" : ", điện thoại " + f.fields["agency.phone"]);
    boost::system::error_code ec;
    auto items = json::parse(sr->items, ec);
    auto& list = f.lists["supplement_items"];
    if (!ec && items.is_array())
      for (const auto& it : items.as_array()) {
        if (!it.is_object()) continue;
        auto str = [&](std::string_view k) {
          const auto* s = it.as_object().if_contains(k);
          return s && s->is_string() ? std::string(s->get_string()) : std::string();
        };
        list.push_back({{"index", std::to_string(list.size() + 1)}, {"component", str("component")},
                        {"reason", str("reason")}, {"originals", ""}, {"certified", ""}, {"photocopies", ""}});
      }
  }
  if (const auto* e = last_action(h, "refuse"); e && e->reason) {
    domain::set_moment(f, "refused", e->at_ms);
    f.fields["refusal.reason"] = *e->reason;
    auto& list = f.lists["refusal_reasons"];
    std::size_t start = 0;
    const std::string& r = *e->reason;
    while (start <= r.size()) {  // one numbered reason per line the officer wrote
      const auto end = r.find('\n', start);
      std::string line = r.substr(start, end == std::string::npos ? std::string::npos : end - start);
      if (line.find_first_not_of(" \t\r") != std::string::npos)
        list.push_back({{"index", std::to_string(list.size() + 1)}, {"text", line}});
      if (end == std::string::npos) break;
      start = end + 1;
    }
  }
  if (const auto* e = last_action(h, "apologise"); e) {
    f.fields["apology.reason"] = e->reason.value_or("");
    if (e->due_after_ms) domain::set_moment(f, "new_due", *e->due_after_ms);
  }
  if (const auto* e = last_action(h, "stop"); e) {
    domain::set_moment(f, "stopped", e->at_ms);
    f.fields["stop.reason"] = e->reason.value_or("");
  }

  f.lists["components"] = component_items(c, v);

  // Phiếu kiểm soát: one row per handover from reception on (who gave, who took next, when, and whether
  // the step was done before, on or after its due date).
  auto& rows = f.lists["control_rows"];
  std::optional<std::int64_t> step_due;
  bool started = false;
  for (std::size_t i = 0; i < h.size(); ++i) {
    const auto& e = h[i];
    if (e.action == "accept") started = true;
    if (!started) continue;
    const std::string receiver = i + 1 < h.size() ? h[i + 1].actor_name : "";
    rows.push_back({{"index", std::to_string(rows.size() + 1)},
                    {"agency", agencies.name(e.actor_agency_id)},
                    {"giver", e.actor_name},
                    {"receiver", receiver},
                    {"time", two(domain::local_ms_of_day(e.at_ms) / 3'600'000) + " giờ " +
                                 two(domain::local_ms_of_day(e.at_ms) / 60'000 % 60) + " phút, " +
                                 domain::date_words(e.at_ms)},
                    {"result", e.action == "accept" ? "" : handover_result(e.at_ms, step_due)},
                    {"note", history_text(e)}});
    step_due = e.step_due_after_ms;
  }
  return f;
}

}  // namespace motcua::app
