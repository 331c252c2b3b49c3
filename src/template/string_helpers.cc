// cut, replace and substring: the reference's string helpers.
#include <algorithm>

#include "base/strings.h"
#include "template/helpers.h"

namespace ab::tmpl {
namespace {

bool IsContinuation(const std::string& s, size_t i) {
  return i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80;
}

// Bounded like a render: a 1 MiB value of "a"s with each "a" replaced by a 1 MiB value would be a terabyte.
// An empty |from| leaves s unchanged, as the reference does.
Result<std::string> ReplaceAll(const std::string& s, const std::string& from, const std::string& to) {
  std::optional<std::string> out = ReplaceAllBounded(s, from, to, kMaxRenderedBytes);
  if (!out)
    return Error(ErrorCode::kInvalidArgument, "the result would be larger than " +
                                                  std::to_string(kMaxRenderedBytes >> 20) +
                                                  " MiB (the limit per templated value)");
  return std::move(*out);
}

}  // namespace

Result<std::string> CutHelper(const HelperArgs& args, const Context&) {
  return ReplaceAll(args.positional[0], args.positional[1], "");
}

Result<std::string> ReplaceHelper(const HelperArgs& args, const Context&) {
  return ReplaceAll(args.positional[0], args.positional[1], args.positional[2]);
}

Result<std::string> SubstringHelper(const HelperArgs& args, const Context&) {
  const std::string& s = args.positional[0];
  const int64_t size = static_cast<int64_t>(s.size());
  auto start = args.Int("start", 0);
  if (!start) return start.error();
  auto end = args.Int("end", size);
  if (!end) return end.error();
  // Byte indices as in the reference, clamped to the string ...
  size_t b = static_cast<size_t>(std::clamp<int64_t>(*start, 0, size));
  size_t e = static_cast<size_t>(std::clamp<int64_t>(*end, 0, size));
  // ... and then narrowed to whole UTF-8 characters, so a cut never produces invalid text.
  while (IsContinuation(s, b)) ++b;
  while (e > 0 && IsContinuation(s, e)) --e;
  if (e <= b) return std::string();
  return s.substr(b, e - b);
}

}  // namespace ab::tmpl
