#include "http/api_error.h"

#include <boost/json.hpp>

namespace motcua::http {

ApiError::ApiError(int status, std::string code, std::string message_vi, std::string message_en,
                   std::vector<FieldError> fields)
    : std::runtime_error(message_en),
      status_(status),
      code_(std::move(code)),
      message_vi_(std::move(message_vi)),
      message_en_(std::move(message_en)),
      fields_(std::move(fields)) {}

Response ApiError::to_response() const {
  boost::json::array fields;
  for (const auto& f : fields_)
    fields.push_back({{"field", f.field}, {"message_vi", f.message_vi}, {"message_en", f.message_en}});
  boost::json::object err{{"code", code_}, {"message_vi", message_vi_}, {"message_en", message_en_},
                          {"fields", std::move(fields)}};
  return Response::json(status_, boost::json::object{{"error", std::move(err)}});
}

ApiError ApiError::bad_request(std::string message_vi, std::string message_en) {
  return ApiError(400, "bad_request", std::move(message_vi), std::move(message_en));
}

ApiError ApiError::validation(std::vector<FieldError> fields) {
  return ApiError(422, "validation_failed", "Dữ liệu không hợp lệ, vui lòng kiểm tra các trường được đánh dấu",
                  "Invalid data, please check the marked fields", std::move(fields));
}

ApiError ApiError::unauthenticated() {
  return ApiError(401, "unauthenticated", "Vui lòng đăng nhập", "Please log in");
}

ApiError ApiError::forbidden() {
  return ApiError(403, "forbidden", "Bạn không có quyền thực hiện thao tác này",
                  "You are not allowed to do this");
}

ApiError ApiError::not_found(std::string what_vi, std::string what_en) {
  return ApiError(404, "not_found", "Không tìm thấy " + what_vi, what_en + " not found");
}

ApiError ApiError::conflict(std::string code, std::string message_vi, std::string message_en) {
  return ApiError(409, std::move(code), std::move(message_vi), std::move(message_en));
}

}  // namespace motcua::http
