#include "template/helpers.h"

#include <cerrno>
#include <cstdlib>

#include "base/strings.h"

namespace ab::tmpl {
namespace {

// One line per helper; the order is the order of the reference's documentation.
const std::vector<HelperSpec>& Table() {
  static const std::vector<HelperSpec> table = {
      {"randomValue",
       &RandomValueHelper,
       {"type", "length", "uppercase"},
       0,
       0,
       "randomValue type='ALPHANUMERIC' length=10 uppercase=false"},
      {"randomInt", &RandomIntHelper, {"lower", "upper"}, 0, 0, "randomInt lower=0 upper=100"},
      {"randomDecimal", &RandomDecimalHelper, {"lower", "upper"}, 0, 0, "randomDecimal lower=0 upper=100"},
      {"now",
       &NowHelper,
       {"format", "offset", "timezone"},
       0,
       0,
       "now format='yyyy-MM-dd' offset='7 days' timezone='UTC'"},
      {"faker", &FakerHelper, {}, 1, 1, "faker 'Category.key'"},
      {"cut", &CutHelper, {}, 2, 2, "cut value remove"},
      {"replace", &ReplaceHelper, {}, 3, 3, "replace value old new"},
      {"substring", &SubstringHelper, {"start", "end"}, 1, 1, "substring value start=0 end=5"},
  };
  return table;
}

}  // namespace

std::string HelperArgs::Str(const std::string& key, const std::string& fallback) const {
  auto it = named.find(key);
  return it == named.end() ? fallback : it->second;
}

Result<int64_t> HelperArgs::Int(const std::string& key, int64_t fallback) const {
  auto it = named.find(key);
  if (it == named.end()) return fallback;
  std::string text(Trim(it->second));
  errno = 0;
  char* end = nullptr;
  long long v = std::strtoll(text.c_str(), &end, 10);
  if (text.empty() || *end != '\0' || errno == ERANGE) {
    return Error(ErrorCode::kInvalidArgument, key + " must be an integer, got '" + it->second + "'");
  }
  return static_cast<int64_t>(v);
}

Result<double> HelperArgs::Number(const std::string& key, double fallback) const {
  auto it = named.find(key);
  if (it == named.end()) return fallback;
  std::string text(Trim(it->second));
  char* end = nullptr;
  double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || v != v) {
    return Error(ErrorCode::kInvalidArgument, key + " must be a number, got '" + it->second + "'");
  }
  return v;
}

Result<bool> HelperArgs::Bool(const std::string& key, bool fallback) const {
  auto it = named.find(key);
  if (it == named.end()) return fallback;
  std::string v = ToLower(Trim(it->second));
  if (v == "true" || v == "1" || v == "yes") return true;
  if (v == "false" || v == "0" || v == "no" || v.empty()) return false;
  return Error(ErrorCode::kInvalidArgument, key + " must be true or false, got '" + it->second + "'");
}

const HelperSpec* FindHelper(std::string_view name) {
  for (const auto& h : Table()) {
    if (name == h.name) return &h;
  }
  return nullptr;
}

std::vector<std::string> HelperNames() {
  std::vector<std::string> out;
  for (const auto& h : Table()) out.emplace_back(h.name);
  return out;
}

}  // namespace ab::tmpl
