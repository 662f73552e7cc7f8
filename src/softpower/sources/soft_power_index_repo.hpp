#pragma once
// The paul1734/Soft-Power-Index repository snapshot, from which several cleaned tables
// (CPI, Polity, Sum_Unesco, CSI, Scimago, UN DESA migration) were copied.

#include <string_view>

namespace softpower::sources {

inline constexpr std::string_view kSoftPowerIndexRepo = "paul1734/Soft-Power-Index";
inline constexpr std::string_view kSoftPowerIndexCommit =
    "f9d05bd578ba66ad64cec794fdb22eaa0bcf2c99";

}  // namespace softpower::sources
