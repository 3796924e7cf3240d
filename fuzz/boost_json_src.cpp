// Boost.JSON compiled into the fuzz build itself so the parser is instrumented too.
#include <boost/json/src.hpp>
