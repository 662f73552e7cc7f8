#pragma once
// A number written to a CSV file and read back: the cell holds the very double (compared bit
// for bit, so 0.1 + 0.2 is not 0.3 and -0 is not 0), or is empty for NaN.

#include <gtest/gtest.h>

#include <bit>
#include <cmath>
#include <cstdint>

#include "softpower/core/table.hpp"

namespace softpower::testing {

inline void expect_cell_is(const Table& t, std::size_t row, std::size_t col, double value) {
  if (std::isnan(value)) {
    EXPECT_EQ(t.cell(row, col), "") << "row " << row << ", column " << col;
    return;
  }
  EXPECT_EQ(std::bit_cast<std::uint64_t>(t.number(row, col)), std::bit_cast<std::uint64_t>(value))
      << "row " << row << ", column " << col << ": " << t.cell(row, col);
}

}  // namespace softpower::testing
