// motcua forms: check a province's edited templates, list the vocabulary, and preview a form from a
// fixture dossier as a PDF — the loop a province runs before restarting the server with new wording.
#include <fstream>
#include <iostream>

#include "app/cli.h"
#include "app/data_dir.h"
#include "app/data_files.h"
#include "app/documents.h"
#include "app/form_templates.h"
#include "domain/form_vocabulary.h"

namespace motcua::app {

namespace {

FormTemplates load_forms(const Args& args) {
  return args.has("from") ? FormTemplates::load(std::filesystem::path(args.get("from")) / "forms")
                          : FormTemplates::load_bundled();
}

int cmd_forms(const Config&, const Args& args) {
  const std::string sub = args.positional.empty() ? "" : args.positional[0];
  try {
    if (sub == "check") {
      const auto forms = load_forms(args);
      for (const std::string set : {"tt01-2018", "tt03-2025"}) {
        std::cout << set << ":";
        for (const auto* t : forms.of_set(set)) std::cout << " " << t->id;
        std::cout << "\n";
      }
      std::cout << forms.size() << " templates valid\n";
      return 0;
    }
    if (sub == "fields") {
      for (const auto& f : domain::form_fields()) std::cout << "{" << f.name << "}\t" << f.description << "\n";
      for (const auto& m : domain::form_moments())
        std::cout << "{" << m.name << ".text|.date|.day|.month|.year|.hour|.minute}\t" << m.description << "\n";
      for (const auto& [list, keys] : domain::form_lists()) {
        std::cout << "list " << list << ":";
        for (const auto& k : keys) std::cout << " {item." << k << "}";
        std::cout << "\n";
      }
      return 0;
    }
    if (sub == "preview") {
      const auto forms = load_forms(args);
      const auto* t = forms.find(args.get("set", "tt03-2025"), args.get("form", "mau-01"));
      if (!t) {
        std::cerr << "forms preview: no form " << args.get("form", "mau-01") << " in set " << args.get("set", "tt03-2025")
                  << " (motcua forms check lists them)\n";
        return 2;
      }
      std::string fixture = args.get("fixture");
      if (fixture.empty()) {
        const auto dir = find_data_dir("forms");
        if (!dir) throw std::runtime_error("cannot find data/forms; pass --fixture FILE");
        fixture = *dir + "/forms/examples/dossier.json";
      }
      const auto out = render_form(*t, domain::parse_form_fixture(read_data_file(fixture)));
      const std::string path = args.get("out", out.filename);
      std::ofstream f(path, std::ios::binary);
      f << out.pdf;
      if (!f.flush()) throw std::runtime_error("cannot write " + path);
      std::cerr << "wrote " << path << " (" << out.pages << " page" << (out.pages == 1 ? "" : "s") << ")\n";
      if (args.has("print-qr")) std::cout << out.qr_payload << "\n";
      return 0;
    }
  } catch (const std::exception& e) {
    std::cerr << "forms " << sub << ": " << e.what() << "\n";
    return 1;
  }
  std::cerr << "forms: try 'motcua forms check', 'motcua forms fields' or 'motcua forms preview --form mau-01'\n";
  return 2;
}

}  // namespace

std::vector<Command> forms_commands() {
  return {
      {"forms", "motcua forms check | fields | preview [--set S] [--form F] [--fixture FILE] [--out FILE] [--print-qr] [--from DIR]",
       "The printed forms (data/forms/<set>/<form>.json: TT 01/2018 Mẫu 01–06, TT 03/2025 Mẫu 01–07).\n"
       "check: validates every template (unknown placeholders, keys, layout values) and exits 1 listing problems.\n"
       "fields: the placeholders a template may use. preview: renders one form from a fixture dossier (default\n"
       "data/forms/examples/dossier.json) to a PDF; --print-qr prints the QR payload. --from DIR reads DIR/forms.",
       {"set", "form", "fixture", "out", "from"}, cmd_forms},
  };
}

}  // namespace motcua::app
