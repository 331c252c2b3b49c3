// Fake data for {{faker 'Category.key'}}: every key the reference documents, drawn from small built-in lists
// with the context's random engine, so a seed reproduces it.
#pragma once

#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "base/result.h"

namespace ab::tmpl {

/// A fake value for |key| (e.g. "Internet.email"). An unknown key is an error with a did-you-mean (the
/// reference silently renders "").
Result<std::string> Fake(std::string_view key, std::mt19937_64& rng);

/// Every supported key, "Category.key", in documentation order.
std::vector<std::string> FakerKeys();

}  // namespace ab::tmpl
