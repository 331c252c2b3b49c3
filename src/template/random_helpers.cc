// randomValue, randomInt and randomDecimal, as the reference documents them.
#include <cctype>
#include <cmath>
#include <cstdio>

#include "base/strings.h"
#include "template/helpers.h"
#include "template/random.h"

namespace ab::tmpl {
namespace {

constexpr std::string_view kLower = "abcdefghijklmnopqrstuvwxyz";
constexpr std::string_view kUpper = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kSymbols = "!@#$%^&*()-_=+";
constexpr int64_t kMaxLength = 1 << 20;  // a typo like length=10000000000 should fail, not eat memory

std::string Upper(std::string s) {
  for (char& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

Result<std::string> RandomValueHelper(const HelperArgs& args, const Context& ctx) {
  const std::string type = args.Str("type", "ALPHANUMERIC");
  auto length = args.Int("length", 10);
  if (!length) return length.error();
  if (*length < 0 || *length > kMaxLength) {
    return Error(ErrorCode::kInvalidArgument,
                 "length must be between 0 and " + std::to_string(kMaxLength) + ", got " + std::to_string(*length));
  }
  auto uppercase = args.Bool("uppercase", false);
  if (!uppercase) return uppercase.error();
  const std::string letters = std::string(kLower) + std::string(kUpper);
  const std::string alnum = letters + std::string(kDigits);
  std::string out;
  const size_t n = static_cast<size_t>(*length);
  if (type == "ALPHANUMERIC") {
    out = RandomString(ctx.rng, alnum, n);
  } else if (type == "ALPHABETIC") {
    out = RandomString(ctx.rng, letters, n);
  } else if (type == "NUMERIC") {
    out = RandomString(ctx.rng, kDigits, n);
  } else if (type == "HEXADECIMAL") {
    out = RandomString(ctx.rng, "0123456789abcdef", n);
  } else if (type == "ALPHANUMERIC_AND_SYMBOLS") {
    out = RandomString(ctx.rng, alnum + std::string(kSymbols), n);
  } else if (type == "UUID") {
    out = NewUuidV4(ctx.rng);  // length does not apply to a UUID
  } else {
    static const std::vector<std::string> kTypes = {
        "ALPHANUMERIC", "ALPHABETIC", "NUMERIC", "HEXADECIMAL", "ALPHANUMERIC_AND_SYMBOLS", "UUID"};
    std::string hint = DidYouMean(type, kTypes);
    return Error(ErrorCode::kInvalidArgument,
                 "unknown type '" + type + "'" + (hint.empty() ? " (one of: " + Join(kTypes, ", ") + ")" : hint));
  }
  return *uppercase ? Upper(std::move(out)) : out;
}

Result<std::string> RandomIntHelper(const HelperArgs& args, const Context& ctx) {
  auto lower = args.Int("lower", 0);
  if (!lower) return lower.error();
  auto upper = args.Int("upper", 100);
  if (!upper) return upper.error();
  if (*lower > *upper) {
    return Error(ErrorCode::kInvalidArgument,
                 "lower (" + std::to_string(*lower) + ") is greater than upper (" + std::to_string(*upper) + ")");
  }
  return std::to_string(UniformInt(ctx.rng, *lower, *upper));
}

Result<std::string> RandomDecimalHelper(const HelperArgs& args, const Context& ctx) {
  auto lower = args.Number("lower", 0);
  if (!lower) return lower.error();
  auto upper = args.Number("upper", 100);
  if (!upper) return upper.error();
  if (*lower > *upper) return Error(ErrorCode::kInvalidArgument, "lower is greater than upper");
  // Hundredths must fit an int64 (found by fuzz_template: -1e83 overflowed the conversion).
  if (!(std::fabs(*lower) <= 1e15) || !(std::fabs(*upper) <= 1e15))
    return Error(ErrorCode::kInvalidArgument, "lower and upper must be between -1e15 and 1e15");
  // Draw whole hundredths so the 2-decimal text never rounds outside [lower, upper].
  const double lo_c = *lower * 100, hi_c = *upper * 100;
  int64_t lo = static_cast<int64_t>(lo_c), hi = static_cast<int64_t>(hi_c);
  if (static_cast<double>(lo) < lo_c) ++lo;  // ceil
  if (static_cast<double>(hi) > hi_c) --hi;  // floor
  double value = lo <= hi ? static_cast<double>(UniformInt(ctx.rng, lo, hi)) / 100.0 : *lower;
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", value);
  return std::string(buf);
}

}  // namespace ab::tmpl
