// The sample server's tool catalogue and its pure helpers (no I/O), so they can be tested and reused.
#pragma once

#include <optional>
#include <string>

#include "base/json.h"

namespace ab::sample {

/// Every tool the sample server offers, as tools/list items (name, title, description, inputSchema, ...).
Json ToolCatalogue();
/// Evaluates + - * / ^ and parentheses over decimal numbers; empty on a syntax error or division by zero.
std::optional<double> Calculate(const std::string& expression);
/// A deterministic fake forecast for |city| (same city, same answer).
Json Weather(const std::string& city);

inline constexpr const char* kTinyPng =
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
inline constexpr const char* kTinyWav = "UklGRiQAAABXQVZFZm10IBAAAAABAAEAQB8AAEAfAAABAAgAZGF0YQAAAAA=";

}  // namespace ab::sample
