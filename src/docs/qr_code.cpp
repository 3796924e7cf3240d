#include "docs/qr_code.h"

#include <memory>
#include <stdexcept>

#include <qrencode.h>

namespace motcua::docs {

QrMatrix encode_qr(std::string_view utf8) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> code(
      QRcode_encodeData(static_cast<int>(utf8.size()), reinterpret_cast<const unsigned char*>(utf8.data()), 0,
                        QR_ECLEVEL_M),
      &QRcode_free);
  if (!code) throw std::runtime_error("QR payload too long or not encodable");
  QrMatrix m;
  m.size = code->width;
  m.dark.resize(static_cast<std::size_t>(m.size) * m.size);
  for (std::size_t i = 0; i < m.dark.size(); ++i) m.dark[i] = (code->data[i] & 1) != 0;
  return m;
}

}  // namespace motcua::docs
