// Random primitives shared by the random helpers and faker. They use only the engine's raw 64-bit output (not
// std::uniform_*_distribution, whose algorithms differ between standard libraries), so one seed gives the same
// values everywhere.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

namespace ab::tmpl {

/// Uniform integer in [lo, hi] (inclusive); requires lo <= hi.
int64_t UniformInt(std::mt19937_64& rng, int64_t lo, int64_t hi);
/// Uniform double in [0, 1).
double Uniform01(std::mt19937_64& rng);
/// |n| characters drawn uniformly from |charset| (which must not be empty).
std::string RandomString(std::mt19937_64& rng, std::string_view charset, size_t n);
/// One element of |items| (which must not be empty).
template <typename T>
const T& Pick(std::mt19937_64& rng, const std::vector<T>& items) {
  return items[static_cast<size_t>(UniformInt(rng, 0, static_cast<int64_t>(items.size()) - 1))];
}

}  // namespace ab::tmpl
