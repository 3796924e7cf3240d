// What the public sees of a signed e-result (NĐ 45/2020 Điều 14; TT 01/2023: the QR on a result links to
// /verify/{code}): the JSON of /api/verify/{code}, the HTML page of /verify/{code}, and the published keys.
// The applicant's name is masked (domain/masking.h); the signed statement is shown in full so anyone can
// check the signature offline with the key from /.well-known/motcua-keys.json.
#pragma once

#include <boost/json/object.hpp>
#include <optional>
#include <string>
#include <vector>

#include "app/result_verification.h"
#include "storage/agency_key_repo.h"
#include "storage/result_repo.h"

namespace motcua::api {

struct UploadedFile {  // what the verification page says about a file someone uploaded
  std::string filename;
  std::string sha256;
};

boost::json::object verification_json(const app::ResultVerification& v, const std::string& base_url);
boost::json::object key_json(const storage::AgencyKeyRecord& k);
boost::json::object published_keys_json(const std::vector<storage::AgencyKeyRecord>& keys, const std::string& base_url);
// A result as its dossier's owner and officials see it (GET /api/dossiers/{id}/results).
boost::json::object result_json(const storage::ResultRecord& r, const std::string& base_url);

// The page of /verify/{code}: verdict first, Vietnamese then English, and a form to check a file.
// `v` null: the code is unknown. `error_vi/en`: an upload that was refused (shown above the form).
std::string verification_page(const app::ResultVerification* v, const std::string& code,
                              const std::optional<UploadedFile>& upload, const std::string& error_vi = "",
                              const std::string& error_en = "");

}  // namespace motcua::api
