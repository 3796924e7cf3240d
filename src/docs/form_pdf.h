// Lays a filled form (domain/form_template.h) out on A5 or A4 pages: the QR at the top left (TT 01/2023)
// with the blocks that start beside it pushed to its right, one labelled page set per copy (2 liên),
// tables that break across pages with their heading repeated, and "Trang N" on numbered books.
#pragma once

#include <string>

#include "domain/form_template.h"

namespace motcua::docs {

struct FormRenderStats {
  int pages = 0;
};

// `qr_payload` empty = no QR even when the template asks for one (e.g. a dossier without a code yet).
std::string render_form_pdf(const domain::FilledForm& form, const std::string& qr_payload,
                            FormRenderStats* stats = nullptr);

}  // namespace motcua::docs
