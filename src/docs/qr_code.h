// QR symbols (TCVN 7322:2009 = ISO/IEC 18004) from libqrencode, as a module matrix the renderer draws with
// cairo rectangles: vector output stays sharp at any print resolution.
#pragma once

#include <string_view>
#include <vector>

namespace motcua::docs {

struct QrMatrix {
  int size = 0;                // modules per side (without the quiet zone)
  std::vector<bool> dark;      // row-major, size*size
  bool at(int x, int y) const { return dark[static_cast<std::size_t>(y) * size + x]; }
};

// Byte-mode symbol of the UTF-8 text, error correction level M (15 %: a stamp or a fold does not kill it).
// Throws std::runtime_error when the text is too long for a QR symbol.
QrMatrix encode_qr(std::string_view utf8);

}  // namespace motcua::docs
