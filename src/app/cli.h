// The motcua command line. Each module contributes its subcommands through a table in its own file
// (calendar_cli.cpp, catalogue_cli.cpp, ...), so adding a command never edits a shared switch.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "app/config.h"

namespace motcua::app {

struct Args {
  std::vector<std::string> positional;
  std::map<std::string, std::string> options;  // --name value, or --flag with ""
  bool has(const std::string& k) const { return options.count(k) != 0; }
  std::string get(const std::string& k, const std::string& def = "") const {
    auto it = options.find(k);
    return it == options.end() ? def : it->second;
  }
};

struct Command {
  std::string name;
  std::string usage;
  std::string help;
  std::vector<std::string> value_options;  // options that take a value
  int (*run)(const Config&, const Args&);
};

// Tables contributed by modules.
std::vector<Command> calendar_commands();   // motcua calendar ...
std::vector<Command> catalogue_commands();  // motcua import catalogue, motcua catalogue ...
std::vector<Command> rules_commands();      // motcua profiles ..., motcua rules ...
std::vector<Command> forms_commands();      // motcua forms ...
std::vector<Command> keys_commands();       // motcua keys ... (result-signing keys)
std::vector<Command> generate_commands();   // motcua generate dossiers (benchmark data)

// motcua import catalogue [--from DIR] (the "import" command dispatches here).
int run_import_catalogue(const Config& config, const Args& args);

// Parses the command line and runs one subcommand; returns the process exit code.
int run_cli(int argc, char** argv);

}  // namespace motcua::app
