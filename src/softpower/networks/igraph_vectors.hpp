#pragma once
// Owning wrappers of igraph's vectors for the networks capability's implementation files (not
// part of its interface): made with a size, destroyed at scope exit, read as std::vector.

#include <igraph.h>

#include <cstddef>
#include <vector>

#include "softpower/networks/graph.hpp"

namespace softpower::networks {

class RealVector {
 public:
  explicit RealVector(std::size_t n = 0) {
    check_igraph(igraph_vector_init(&v_, static_cast<igraph_integer_t>(n)), "a vector");
  }
  ~RealVector() { igraph_vector_destroy(&v_); }
  RealVector(const RealVector&) = delete;
  RealVector& operator=(const RealVector&) = delete;
  igraph_vector_t* get() { return &v_; }
  std::vector<double> values() const {
    const auto n = static_cast<std::size_t>(igraph_vector_size(&v_));
    return {VECTOR(v_), VECTOR(v_) + n};
  }

 private:
  igraph_vector_t v_{};
};

class IntVector {
 public:
  explicit IntVector(std::size_t n = 0) {
    check_igraph(igraph_vector_int_init(&v_, static_cast<igraph_integer_t>(n)), "a vector");
  }
  ~IntVector() { igraph_vector_int_destroy(&v_); }
  IntVector(const IntVector&) = delete;
  IntVector& operator=(const IntVector&) = delete;
  igraph_vector_int_t* get() { return &v_; }
  igraph_integer_t& operator[](std::size_t i) { return VECTOR(v_)[i]; }
  std::vector<int> values() const {
    const auto n = static_cast<std::size_t>(igraph_vector_int_size(&v_));
    std::vector<int> out(n);
    for (std::size_t i = 0; i < n; ++i) out[i] = static_cast<int>(VECTOR(v_)[i]);
    return out;
  }

 private:
  igraph_vector_int_t v_{};
};

/// A read-only igraph view of a std::vector<double> (no copy).
inline igraph_vector_t view_of(const std::vector<double>& values) {
  igraph_vector_t v;
  igraph_vector_view(&v, values.data(), static_cast<igraph_integer_t>(values.size()));
  return v;
}

}  // namespace softpower::networks
