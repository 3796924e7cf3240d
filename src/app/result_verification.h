// Xác thực kết quả điện tử: what /verify/{code} (the QR target on a result, TT 01/2023) answers anyone
// holding the code. The signature is checked against the statement rebuilt from the stored row, with the
// key's status as it is NOW: a key revoked after signing makes the result show as revoked even though the
// signature is still mathematically valid (NĐ 45/2020 Điều 14: only a validly signed e-result has the
// legal value of paper). An uploaded file is compared by SHA-256 and never stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "app/config.h"
#include "domain/result_signature.h"
#include "storage/agency_key_repo.h"
#include "storage/db.h"
#include "storage/result_repo.h"

namespace motcua::app {

// The public address of a result's verification page: "<public base URL>/verify/<code>". The QR printed
// on the result (and on its paper copy) carries this URL.
std::string verify_url(std::string_view base_url, std::string_view verify_code);
inline std::string verify_url(const Config& config, std::string_view verify_code) {
  return verify_url(config.effective_base_url(), verify_code);
}

struct ResultVerification {
  storage::ResultRecord result;
  std::optional<storage::AgencyKeyRecord> key;  // as it is now; nullopt when unsigned or the row is gone
  domain::Verdict verdict = domain::Verdict::bad_signature;
  std::optional<std::string> uploaded_sha256;  // when a file was uploaded to compare
  std::optional<bool> upload_matches;
};

// nullopt when the code is malformed or unknown (the caller answers 404).
std::optional<ResultVerification> verify_result(storage::Db& db, std::string_view code,
                                                const std::optional<std::string>& uploaded_sha256 = std::nullopt);

}  // namespace motcua::app
