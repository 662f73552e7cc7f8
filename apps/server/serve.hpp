#pragma once
// `softpower serve`, declared as an Operation so that the command line builds its options
// from the same kind of declaration as every other command. It is a command-line operation
// only: it is not in operations(), so the HTTP API does not list it (a server does not
// start servers).

#include "softpower/core/operation.hpp"

namespace softpower::server {

Operation serve_operation();

}  // namespace softpower::server
