// Reading the data files the importers and loaders take: plain or gzip-compressed, whole.
#pragma once

#include <filesystem>
#include <string>

namespace motcua::app {

// dir/relative as it is, else dir/relative.gz; throws std::runtime_error naming both when neither exists.
std::filesystem::path locate_source(const std::filesystem::path& dir, const std::string& relative);

// The whole file; a .gz file (or any gzip stream) is decompressed (gzread passes plain files through).
// Throws std::runtime_error naming the file when it cannot be opened or read.
std::string read_data_file(const std::filesystem::path& path);

}  // namespace motcua::app
