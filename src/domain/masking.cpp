#include "domain/masking.h"

#include <vector>

#include "domain/vn_fold.h"

namespace motcua::domain {

namespace {

// Byte length of the UTF-8 sequence starting with `lead` (1 for invalid leads, so the loop always advances).
std::size_t utf8_len(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// Splits into code points. Combining marks stay with their base letter only after NFC, which the caller
// applies; Vietnamese letters are all precomposed in NFC.
std::vector<std::string_view> code_points(std::string_view word) {
  std::vector<std::string_view> out;
  for (std::size_t i = 0; i < word.size();) {
    const std::size_t n = std::min(utf8_len(static_cast<unsigned char>(word[i])), word.size() - i);
    out.push_back(word.substr(i, n));
    i += n;
  }
  return out;
}

std::vector<std::string> words_of(std::string_view s) {
  std::vector<std::string> out;
  std::string cur;
  for (char ch : s) {
    if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r') {
      if (!cur.empty()) out.push_back(std::move(cur)), cur.clear();
    } else {
      cur += ch;
    }
  }
  if (!cur.empty()) out.push_back(std::move(cur));
  return out;
}

std::string initial_and_stars(std::string_view word) {
  const auto cps = code_points(word);
  if (cps.empty()) return {};
  std::string out(cps.front());
  out.append(cps.size() - 1, '*');
  return out;
}

}  // namespace

std::string mask_person_name(std::string_view full_name) {
  const auto words = words_of(to_nfc(full_name));
  if (words.empty()) return {};
  if (words.size() == 1) return initial_and_stars(words.front());
  std::string out = words.front();  // họ: shared by millions, not identifying on its own
  for (std::size_t i = 1; i < words.size(); ++i) {
    out += ' ';
    out += initial_and_stars(words[i]);
  }
  return out;
}

std::string mask_applicant_name(std::string_view name, std::string_view applicant_kind) {
  if (applicant_kind == "organisation") return std::string(name);
  return mask_person_name(name);
}

}  // namespace motcua::domain
