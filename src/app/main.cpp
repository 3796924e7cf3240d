#include "app/cli.h"

int main(int argc, char** argv) { return motcua::app::run_cli(argc, argv); }
