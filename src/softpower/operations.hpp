#pragma once
// Every operation of every capability, declared once; the CLI and the HTTP API are both
// generated from this list.

#include "softpower/core/operation.hpp"

namespace softpower {

const OperationRegistry& operations();

}  // namespace softpower
