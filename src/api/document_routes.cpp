// Printed forms over HTTP: the list of a dossier's forms, each form as a PDF, and the tracking book of a
// receiving unit for a date range. PDFs are never cached by a shared proxy (they carry personal data).
#include <cstdio>

#include <boost/json.hpp>

#include "api/auth.h"
#include "api/dossier_views.h"
#include "api/path_params.h"
#include "api/routes.h"
#include "app/documents.h"
#include "domain/dossier_code.h"
#include "http/api_error.h"

namespace motcua::api {

namespace json = boost::json;
using http::ApiError;
using http::Request;
using http::Response;

namespace {

app::DocumentService& documents(AppContext& ctx) { return available(ctx.documents, "Chức năng in giấy tờ", "Documents"); }

Response pdf(const app::RenderedDocument& d) {
  auto r = Response::text(200, d.pdf, "application/pdf");
  r.with_header("Content-Disposition", "inline; filename=\"" + d.filename + "\"");
  r.with_header("X-Pages", std::to_string(d.pages));
  return r;
}

// A stored file under its sniffed type; the name is ASCII-safe in filename= and exact in filename*= (RFC 6266).
Response stored(const app::StoredFile& f, const char* disposition) {
  std::string safe, encoded;
  for (unsigned char c : f.filename) {
    safe += (std::isalnum(c) || c == '.' || c == '-' || c == '_') ? static_cast<char>(c) : '_';
    if (std::isalnum(c) || c == '.' || c == '-' || c == '_') encoded += static_cast<char>(c);
    else {
      char buf[4];
      std::snprintf(buf, sizeof buf, "%%%02X", c);
      encoded += buf;
    }
  }
  auto r = Response::text(200, f.bytes, f.content_type.empty() ? "application/octet-stream" : f.content_type);
  r.with_header("Content-Disposition", std::string(disposition) + "; filename=\"" + safe + "\"; filename*=UTF-8''" + encoded);
  // Uploaded content never runs as part of the site, whatever it turns out to be.
  r.with_header("Content-Security-Policy", "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'");
  return r;
}

domain::LocalDate date_param(const Request& req, const std::string& key, std::vector<http::FieldError>& errors) {
  const auto v = req.query_param(key);
  if (!v || v->empty()) {
    errors.push_back({key, "Cần ngày (YYYY-MM-DD)", "A date is required (YYYY-MM-DD)"});
    return {};
  }
  const auto d = domain::parse_iso_date(*v);
  if (!d) errors.push_back({key, "Ngày phải có dạng YYYY-MM-DD", "Expected a date YYYY-MM-DD"});
  return d.value_or(domain::LocalDate{});
}

}  // namespace

void register_document_routes(http::Router& r, AppContext& ctx) {
  r.get("/api/dossiers/{id}/documents", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const auto l = documents(ctx).list(dossier_actor(p, req), positive_id(req, "id", "hồ sơ", "Dossier"));
    json::array items;
    for (const auto& i : l.items)
      items.push_back({{"form", i.id},
                       {"name", i.name},
                       {"available", i.available},
                       {"officials_only", i.officials_only},
                       {"href", "/api/dossiers/" + req.param("id") + "/documents/" + i.id + ".pdf"}});
    return Response::json(200, json::object{{"form_set", l.form_set}, {"items", std::move(items)}});
  });

  r.get("/api/dossiers/{id}/documents/{form}", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const auto id = positive_id(req, "id", "hồ sơ", "Dossier");
    std::string form = req.param("form");
    constexpr std::string_view ext = ".pdf";
    if (form.size() <= ext.size() || form.compare(form.size() - ext.size(), ext.size(), ext) != 0)
      throw ApiError(404, "form_not_found", "Giấy tờ được in dạng PDF: …/documents/mau-01.pdf",
                     "Documents are served as PDF: …/documents/mau-01.pdf");
    form.resize(form.size() - ext.size());
    return pdf(documents(ctx).render(dossier_actor(p, req), id, form));
  });

  r.get("/api/dossiers/{id}/attachments/{attachment_id}/stamped.pdf", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    return pdf(documents(ctx).stamped_attachment(dossier_actor(p, req), positive_id(req, "id", "hồ sơ", "Dossier"),
                                                 positive_id(req, "attachment_id", "thành phần hồ sơ", "Attachment")));
  });

  // NĐ 45/2020 Điều 18: the paper copy of a signed e-result, with its verification block and QR.
  r.get("/api/dossiers/{id}/results/{result_id}/paper.pdf", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    return pdf(documents(ctx).paper_copy(dossier_actor(p, req), positive_id(req, "id", "hồ sơ", "Dossier"),
                                         positive_id(req, "result_id", "kết quả", "Result")));
  });

  r.get("/api/dossiers/{id}/attachments/{attachment_id}/file", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    return stored(documents(ctx).attachment_file(dossier_actor(p, req), positive_id(req, "id", "hồ sơ", "Dossier"),
                                                 positive_id(req, "attachment_id", "thành phần hồ sơ", "Attachment")),
                  "inline");
  });
  r.get("/api/dossiers/{id}/results/{result_id}/file", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    return stored(documents(ctx).result_file(dossier_actor(p, req), positive_id(req, "id", "hồ sơ", "Dossier"),
                                             positive_id(req, "result_id", "kết quả", "Result")),
                  "attachment");
  });

  r.get("/api/agencies/{id}/tracking-book.pdf", [&ctx](Request& req) {
    const auto p = ctx.auth.require(req);
    const auto id = positive_id(req, "id", "cơ quan", "Agency");
    std::vector<http::FieldError> errors;
    const auto from = date_param(req, "from", errors);
    const auto to = date_param(req, "to", errors);
    if (!errors.empty()) throw ApiError::validation(std::move(errors));
    return pdf(documents(ctx).book(dossier_actor(p, req), id, from, to));
  });
}

}  // namespace motcua::api
