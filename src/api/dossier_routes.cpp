// /api/dossiers*, /api/queues/*, /api/consultations*, /api/tracking/*: the dossier lifecycle over HTTP.
// Routes only decode input and pick the view; app::DossierService authorises, decides and writes (one
// transaction per action, with history, audit and notification).
#include <boost/json.hpp>
#include <algorithm>
#include <optional>

#include "api/auth.h"
#include "api/dossier_views.h"
#include "api/pagination.h"
#include "api/path_params.h"
#include "api/routes.h"
#include "docs/scanned_copy.h"
#include "domain/calendar.h"
#include "http/api_error.h"
#include "http/json_input.h"
#include "http/upload_sink.h"
#include "storage/blob_store.h"

namespace motcua::api {

namespace json = boost::json;
using http::ApiError;
using http::JsonInput;
using http::Request;
using http::Response;

namespace {

constexpr http::StringRule kReason{.min_len = 1, .max_len = 2000};
constexpr http::StringRule kNote{.max_len = 2000};

app::DossierService& service(AppContext& ctx) { return available(ctx.dossiers, "Chức năng hồ sơ", "Dossiers"); }
storage::BlobStore& blobs(AppContext& ctx) { return available(ctx.blobs, "Kho tệp", "File store"); }

// Attachments up to this size are kept in memory while stored, for their page count (larger ones are read back).
constexpr std::uint64_t kKeepForPages = 4 * http::kMiB;

// A stored blob's bytes in one read (nullopt when absent).
std::optional<std::string> read_blob(const storage::BlobStore& store, const std::string& sha256) {
  auto in = store.open(sha256);
  if (!in) return std::nullopt;
  in->seekg(0, std::ios::end);
  std::string bytes(static_cast<std::size_t>(std::max<std::streamoff>(0, in->tellg())), '\0');
  in->seekg(0);
  in->read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  bytes.resize(static_cast<std::size_t>(std::max<std::streamsize>(0, in->gcount())));
  return bytes;
}

ApiError dossier_not_found() { return ApiError::not_found("hồ sơ", "Dossier"); }

std::int64_t id_param(const Request& req, const std::string& name) { return positive_id(req, name, "hồ sơ", "Dossier"); }

// "YYYY-MM-DD HH:MM" in Vietnam time, as people type it.
std::int64_t local_time_field(JsonInput& in, const std::string& key) {
  const auto text = in.required_string(key, {.min_len = 16, .max_len = 16});
  if (text.empty()) return 0;
  const auto t = domain::parse_local_datetime(text);
  if (!t) in.fail(key, "Thời điểm phải có dạng YYYY-MM-DD HH:MM (giờ Việt Nam)", "Expected YYYY-MM-DD HH:MM (Vietnam time)");
  return t.value_or(0);
}

app::DraftInput read_draft(JsonInput& in) {
  app::DraftInput d;
  d.procedure_code = in.required_string("procedure_code", {.min_len = 1, .max_len = 40});
  d.agency_id = in.required_int("agency_id", {.min = 1});
  d.applicant_kind = in.optional_string("applicant_kind", {.max_len = 20}).value_or("citizen");
  d.applicant_name = in.required_string("applicant_name", {.min_len = 2, .max_len = 200});
  d.applicant_id_number = in.optional_string("applicant_id_number", {.max_len = 20});
  d.applicant_phone = in.optional_string("applicant_phone", {.max_len = 20});
  d.applicant_email = in.optional_string("applicant_email", {.max_len = 254});
  d.applicant_address = in.optional_string("applicant_address", {.max_len = 500});
  d.delivery = in.optional_string("delivery", {.max_len = 20}).value_or("online");
  if (auto form = in.optional_object("eform_data")) d.eform_data = json::serialize(*form);
  return d;
}

std::vector<storage::SupplementItem> read_items(JsonInput& in) {
  std::vector<storage::SupplementItem> items;
  const auto* v = in.raw("items");
  if (!v || !v->is_array() || v->as_array().empty() || v->as_array().size() > 100) {
    in.fail("items", "Liệt kê từ 1 đến 100 giấy tờ cần bổ sung, mỗi giấy tờ kèm lý do",
            "List 1 to 100 items to supplement, each with its reason");
    return items;
  }
  const auto& arr = v->as_array();
  for (std::size_t i = 0; i < arr.size(); ++i) {
    const std::string prefix = "items." + std::to_string(i);
    if (!arr[i].is_object()) {
      in.fail(prefix, "Phải là đối tượng {component, reason}", "Must be an object {component, reason}");
      continue;
    }
    JsonInput item(arr[i].as_object(), prefix);
    // The catalogue's own component names run past 1,000 characters (notes and exceptions included).
    storage::SupplementItem s{item.required_string("component", {.min_len = 1, .max_len = 2000}),
                              item.required_string("reason", kReason)};
    try {
      item.finish();
      items.push_back(std::move(s));
    } catch (const ApiError& e) {
      for (const auto& f : e.fields()) in.fail(f.field, f.message_vi, f.message_en);
    }
  }
  return items;
}

// One action on one dossier: decode its body, call the service. Unknown action → 404.
storage::DossierRecord run_action(app::DossierService& s, storage::BlobStore* blobs, const app::DossierActor& a,
                                  std::int64_t id, const std::string& action, const Request& req) {
  JsonInput in(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
  auto done = [&](auto&& call) {
    in.finish();
    return call();
  };
  if (action == "accept") {
    auto note = in.optional_string("note", kNote).value_or("");
    return done([&] { return s.accept(a, id, note); });
  }
  if (action == "request_supplement") {
    auto items = read_items(in);
    return done([&] { return s.request_supplement(a, id, items); });
  }
  if (action == "resubmit") return done([&] { return s.resubmit(a, id, {}); });
  if (action == "refuse" || action == "withdraw" || action == "stop" || action == "send_back") {
    auto reason = in.required_string("reason", kReason);
    return done([&] {
      if (action == "refuse") return s.refuse(a, id, reason);
      if (action == "withdraw") return s.withdraw(a, id, reason);
      if (action == "stop") return s.stop(a, id, reason);
      return s.send_back(a, id, reason);
    });
  }
  if (action == "transfer") {
    auto to = in.required_int("to_agency_id", {.min = 1});
    auto note = in.optional_string("note", kNote).value_or("");
    return done([&] { return s.transfer(a, id, to, note); });
  }
  if (action == "assign") {
    auto who = in.optional_int("assignee_user_id", {.min = 1});
    return done([&] { return who ? s.assign(a, id, *who) : s.assign_round_robin(a, id); });
  }
  if (action == "claim") return done([&] { return s.claim(a, id); });
  if (action == "propose") {
    auto note = in.required_string("note", kReason);
    return done([&] { return s.propose(a, id, note); });
  }
  if (action == "approve") {
    auto note = in.optional_string("note", kNote).value_or("");
    return done([&] { return s.approve(a, id, note); });
  }
  if (action == "request_payment") {
    auto amount = in.required_int("amount_vnd", {.min = 1, .max = 100'000'000'000});
    auto description = in.required_string("description", {.min_len = 1, .max_len = 500});
    return done([&] { return s.request_payment(a, id, amount, description); });
  }
  if (action == "record_payment") {
    auto amount = in.required_int("amount_vnd", {.min = 1, .max = 100'000'000'000});
    return done([&] { return s.record_payment(a, id, amount); });
  }
  if (action == "complete") {
    app::DossierService::ResultInput r;
    r.title = in.required_string("title", {.min_len = 1, .max_len = 500});
    r.sha256 = in.optional_string("sha256", {.min_len = 64, .max_len = 64});
    if (r.sha256 && (!blobs || !blobs->exists(*r.sha256)))
      in.fail("sha256", "Chưa tải lên tệp kết quả có mã băm này", "No uploaded result file has this SHA-256");
    return done([&] { return s.complete(a, id, r); });
  }
  if (action == "apologise") {
    auto when = local_time_field(in, "new_due_at");
    auto reason = in.required_string("reason", kReason);
    return done([&] { return s.apologise(a, id, when, reason); });
  }
  if (action == "return_result") {
    auto note = in.optional_string("note", kNote).value_or("");
    return done([&] { return s.return_result(a, id, note); });
  }
  throw ApiError::not_found("thao tác", "Action");
}

std::optional<app::DossierService::Queue> parse_queue(const std::string& name) {
  using Q = app::DossierService::Queue;
  static const std::pair<const char*, Q> kQueues[] = {
      {"to_receive", Q::to_receive}, {"to_assign", Q::to_assign}, {"to_appraise", Q::to_appraise},
      {"to_approve", Q::to_approve}, {"to_return", Q::to_return}, {"mine", Q::mine},
      {"due_soon", Q::due_soon},     {"overdue", Q::overdue}};
  for (const auto& [k, q] : kQueues)
    if (name == k) return q;
  return std::nullopt;
}

json::object page_of(const storage::DossierPage& p, const Page& page) {
  json::array items;
  for (const auto& s : p.items) items.push_back(dossier_summary_json(s));
  return page_json(std::move(items), page, p.total);
}

}  // namespace

void register_dossier_routes(http::Router& r, AppContext& ctx) {
  // --- public tracking (TT 01/2018 Điều 16: anyone sees the degree of completion) ---
  r.get("/api/tracking/{code}", [&ctx](Request& req) {
    auto t = service(ctx).track_by_code(req.param("code"));
    if (!t) throw dossier_not_found();
    return Response::json(200, public_tracking_json(*t));
  });
  r.get("/api/tracking/qr/{token}", [&ctx](Request& req) {
    auto t = service(ctx).track_by_token(req.param("token"));
    if (!t) throw dossier_not_found();
    return Response::json(200, public_tracking_json(*t));
  });

  // --- drafts and submission ---
  r.post("/api/dossiers", [&ctx](Request& req) {
    const auto p = ctx.auth.require_role(req, {domain::Role::citizen});
    JsonInput in(req.body);
    auto draft = read_draft(in);
    in.finish();
    const auto id = service(ctx).save_draft(dossier_actor(p, req), std::nullopt, draft);
    return Response::json(201, full_view_json(service(ctx).get(dossier_actor(p, req), id)));
  });
  r.put("/api/dossiers/{id}", [&ctx](Request& req) {
    const auto p = ctx.auth.require_role(req, {domain::Role::citizen});
    const auto id = id_param(req, "id");
    JsonInput in(req.body);
    auto draft = read_draft(in);
    in.finish();
    service(ctx).save_draft(dossier_actor(p, req), id, draft);
    return Response::json(200, full_view_json(service(ctx).get(dossier_actor(p, req), id)));
  });
  r.post("/api/dossiers/{id}/submit", [&ctx](Request& req) {
    const auto p = ctx.auth.require_role(req, {domain::Role::citizen});
    JsonInput in(req.body.empty() ? std::string_view("{}") : std::string_view(req.body));
    app::SubmitInput s;
    s.channel = in.optional_string("channel", {.max_len = 20}).value_or("online");
    s.on_behalf_authorisation = in.optional_string("on_behalf_authorisation", {.max_len = 2000});
    in.finish();
    return Response::json(200, dossier_json(service(ctx).submit(dossier_actor(p, req), id_param(req, "id"), s)));
  });
  // Intake by a one-stop officer (counter) or postal staff (postal) on the applicant's behalf.
  r.post("/api/intake", [&ctx](Request& req) {
    const auto p = ctx.auth.require_role(req, {domain::Role::one_stop_officer, domain::Role::postal_staff});
    JsonInput in(req.body);
    auto draft = read_draft(in);
    app::SubmitInput s;
    s.channel = in.required_string("channel", {.min_len = 1, .max_len = 20});
    s.owner_user_id = in.optional_int("owner_user_id", {.min = 1});
    in.finish();
    return Response::json(201, dossier_json(service(ctx).submit_on_behalf(dossier_actor(p, req), draft, s)));
  });

  // Attachments (thành phần hồ sơ), multipart/form-data: each file part's field name is the component
  // key. The body is spooled to disk by the server and streamed into the blob store (each file fsynced
  // under its SHA-256) before one transaction adds every row, so a dossier never shows half its files.
  r.upload("/api/dossiers/{id}/attachments", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const auto id = id_param(req, "id");
    // Files up to kKeepForPages come back with their bytes, so counting pages re-reads nothing.
    const auto up = http::receive_upload(req, blobs(ctx), {}, kKeepForPages);
    if (up.files.empty())
      throw ApiError::validation({{"files", "Chưa chọn tệp nào", "No file was sent"}});
    // Files entered by an official at the counter are digitised paper components (số hóa).
    const bool official = !p.has_role(domain::Role::citizen);
    std::vector<app::AttachmentInput> files;
    for (const auto& f : up.files) {
      files.push_back({f.field, f.filename, f.sniffed_type, f.sha256, static_cast<std::int64_t>(f.size), official, {}});
      // TT 01/2023 Điều 8: the page count of each component is recorded (a scan is checked against the paper).
      if (!docs::has_pages(f.sniffed_type)) continue;
      std::optional<int> n;
      if (f.content.size() == f.size) n = docs::count_pages(f.content, f.sniffed_type);
      else if (auto bytes = read_blob(blobs(ctx), f.sha256)) n = docs::count_pages(*bytes, f.sniffed_type);
      if (n) files.back().page_count = *n;
    }
    const auto ids = service(ctx).add_attachments(dossier_actor(p, req), id, files);
    json::array out;
    for (std::size_t i = 0; i < ids.size(); ++i)
      out.push_back({{"id", ids[i]},
                     {"component_key", files[i].component_key},
                     {"filename", files[i].filename},
                     {"content_type", files[i].content_type},
                     {"sha256", files[i].sha256},
                     {"size", files[i].size},
                     {"digitised", files[i].digitised},
                     {"page_count", files[i].page_count ? json::value(*files[i].page_count) : json::value(nullptr)}});
    return Response::json(201, json::object{{"items", std::move(out)}});
  });

  // Result documents (giấy tờ kết quả): an official in scope uploads the file, then completes the dossier
  // naming it by its SHA-256 ({"title", "sha256"} on the complete action).
  r.upload("/api/dossiers/{id}/result-files", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    if (!p.has_any_role({domain::Role::one_stop_officer, domain::Role::specialist, domain::Role::leader,
                         domain::Role::system_admin}))
      throw ApiError::forbidden();
    const auto id = id_param(req, "id");
    service(ctx).visible(dossier_actor(p, req), id);  // 404 unless the dossier is in the caller's scope
    const auto up = http::receive_upload(req, blobs(ctx));
    if (up.files.empty()) throw ApiError::validation({{"files", "Chưa chọn tệp nào", "No file was sent"}});
    json::array out;
    for (const auto& f : up.files)
      out.push_back({{"filename", f.filename}, {"content_type", f.sniffed_type}, {"sha256", f.sha256},
                     {"size", static_cast<std::int64_t>(f.size)}});
    return Response::json(201, json::object{{"items", std::move(out)}});
  });

  // --- reading ---
  r.get("/api/dossiers", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const Page page = parse_page(req);
    const auto id_number = req.query_param("id_number");
    std::vector<http::FieldError> errors;
    const auto name = parse_search_text(req, errors);
    if (!errors.empty()) throw ApiError::validation(std::move(errors));
    const auto a = dossier_actor(p, req);
    const bool searching = (id_number && !id_number->empty()) || name;
    const auto result = searching ? service(ctx).search(a, id_number && !id_number->empty() ? id_number : std::nullopt,
                                                        name, page.page, page.per_page)
                                  : service(ctx).my_dossiers(a, page.page, page.per_page);
    return Response::json(200, page_of(result, page));
  });
  r.get("/api/dossiers/{id}", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    return Response::json(200, full_view_json(service(ctx).get(dossier_actor(p, req), id_param(req, "id"), true)));
  });

  r.get("/api/dossiers/{id}/assignees", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    json::array items;
    for (const auto& x : service(ctx).assignees(dossier_actor(p, req), id_param(req, "id")))
      items.push_back({{"user_id", x.user_id}, {"full_name", x.full_name}, {"open_load", x.open_load}});
    return Response::json(200, json::object{{"items", std::move(items)}});
  });

  // --- every other step: reception, processing, return ---
  r.post("/api/dossiers/{id}/actions/{action}", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const auto d =
        run_action(service(ctx), ctx.blobs, dossier_actor(p, req), id_param(req, "id"), req.param("action"), req);
    return Response::json(200, dossier_json(d));
  });

  // --- work queues and consultations ---
  r.get("/api/queues/{queue}", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    if (!p.has_any_role({domain::Role::one_stop_officer, domain::Role::specialist, domain::Role::leader,
                         domain::Role::postal_staff, domain::Role::system_admin}))
      throw ApiError::forbidden();
    const auto q = parse_queue(req.param("queue"));
    if (!q) throw ApiError::not_found("hàng đợi", "Queue");
    const Page page = parse_page(req);
    return Response::json(200, page_of(service(ctx).queue(dossier_actor(p, req), *q, page.page, page.per_page), page));
  });
  r.get("/api/consultations", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const bool open_only = req.query_param("all") != std::optional<std::string>("1");
    json::array items;
    for (const auto& c : service(ctx).consultations_received(dossier_actor(p, req), open_only))
      items.push_back(consultation_json(c));
    return Response::json(200, json::object{{"items", std::move(items)}});
  });
  r.post("/api/dossiers/{id}/consultations", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    JsonInput in(req.body);
    const auto to = in.required_int("to_agency_id", {.min = 1});
    const auto question = in.required_string("question", {.min_len = 1, .max_len = 4000});
    const auto due = local_time_field(in, "due_at");
    in.finish();
    const auto cid = service(ctx).consult(dossier_actor(p, req), id_param(req, "id"), to, question, due);
    return Response::json(201, json::object{{"id", cid}});
  });
  r.post("/api/consultations/{id}/answer", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    JsonInput in(req.body);
    const auto answer = in.required_string("answer", {.min_len = 1, .max_len = 4000});
    in.finish();
    return Response::json(200, dossier_json(service(ctx).answer_consultation(dossier_actor(p, req), id_param(req, "id"), answer)));
  });
}

}  // namespace motcua::api
