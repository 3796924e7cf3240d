// The one error shape of the API:
// {"error":{"code","message_vi","message_en","fields":[{"field","message_vi","message_en"}]}}
// Handlers throw ApiError; the router turns it (and any other exception) into that JSON.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

#include "http/http.h"

namespace motcua::http {

struct FieldError {
  std::string field;  // dotted path, e.g. "address.commune_code"
  std::string message_vi;
  std::string message_en;
};

class ApiError : public std::runtime_error {
 public:
  ApiError(int status, std::string code, std::string message_vi, std::string message_en,
           std::vector<FieldError> fields = {});

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  const std::string& message_vi() const { return message_vi_; }
  const std::string& message_en() const { return message_en_; }
  const std::vector<FieldError>& fields() const { return fields_; }

  Response to_response() const;

  // The common cases, so every module words them the same way.
  static ApiError bad_request(std::string message_vi, std::string message_en);
  static ApiError validation(std::vector<FieldError> fields);  // 422
  static ApiError unauthenticated();                           // 401
  static ApiError forbidden();                                 // 403
  static ApiError not_found(std::string what_vi, std::string what_en);
  static ApiError conflict(std::string code, std::string message_vi, std::string message_en);

 private:
  int status_;
  std::string code_;
  std::string message_vi_;
  std::string message_en_;
  std::vector<FieldError> fields_;
};

}  // namespace motcua::http
