#include "app/data_files.h"

#include <zlib.h>

#include <stdexcept>

namespace motcua::app {

namespace fs = std::filesystem;

fs::path locate_source(const fs::path& dir, const std::string& relative) {
  fs::path path = dir / relative;
  std::error_code ec;
  if (fs::exists(path, ec)) return path;
  path += ".gz";
  if (fs::exists(path, ec)) return path;
  throw std::runtime_error("cannot find " + (dir / relative).string() + " (nor .gz)");
}

std::string read_data_file(const fs::path& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) throw std::runtime_error("cannot open " + path.string());
  std::string text;
  char buf[1 << 16];
  int n = 0;
  while ((n = gzread(f, buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  int err = Z_OK;
  const std::string message = n < 0 ? gzerror(f, &err) : "";
  gzclose(f);
  if (n < 0) throw std::runtime_error("cannot read " + path.string() + ": " + message);
  return text;
}

}  // namespace motcua::app
