// Assertions about the agent's final answer (text, regex, JSON) and about files the test left behind.
#include <re2/re2.h>

#include <filesystem>

#include "assert/compare.h"
#include "assert/compiled_cache.h"
#include "assert/factories.h"
#include "assert/fields.h"
#include "assert/output_json.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

std::string Preview(const std::string& output) {
  return output.empty() ? "the output was empty" : "the output was \"" + Truncate(output, 200) + "\"";
}

class OutputContains : public Assertion {
 public:
  OutputContains(const config::AssertionSpec& spec, bool negate) : fields_(spec.fields), negate_(negate) {}
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto value = TextField(fields_, "value", ctx);
    if (!value) return Verdict(false, value.error().message);
    size_t at = t.final_output.find(*value);
    bool found = at != std::string::npos;
    Json details = {{"expected", *value}, {"actual", Truncate(t.final_output, 2000)}};
    if (found) details["evidence"] = {{"offset", at}};
    if (found != negate_) {
      return Verdict(
          true, negate_ ? "the output does not contain \"" + *value + "\"" : "the output contains \"" + *value + "\"",
          details);
    }
    if (negate_) {
      return Verdict(false,
                     "expected the output not to contain \"" + *value + "\"; found at byte " + std::to_string(at) +
                         " in \"" + Truncate(t.final_output, 200) + "\"",
                     details);
    }
    return Verdict(false, "expected the output to contain \"" + *value + "\"; " + Preview(t.final_output), details);
  }

 private:
  Json fields_;
  bool negate_;
};

class OutputRegex : public Assertion {
 public:
  explicit OutputRegex(const config::AssertionSpec& spec) : fields_(spec.fields) {}
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto pattern = TextField(fields_, "pattern", ctx);
    if (!pattern) return Verdict(false, pattern.error().message);
    auto re = CompiledRegex(*pattern);
    if (!re) return Verdict(false, re.error().message);
    re2::StringPiece match;
    bool found = (*re)->Match(t.final_output, 0, t.final_output.size(), RE2::UNANCHORED, &match, 1);
    Json details = {{"expected", *pattern}, {"actual", Truncate(t.final_output, 2000)}};
    if (found) {
      details["evidence"] = {{"match", std::string(match.data(), match.size())}};
      return Verdict(true, "the output matches /" + *pattern + "/", details);
    }
    return Verdict(false, "expected the output to match /" + *pattern + "/; " + Preview(t.final_output), details);
  }

 private:
  Json fields_;
};

class OutputJsonValid : public Assertion {
 public:
  AssertionResult Check(const Transcript& t, const EvalContext&) const override {
    auto json = ParseOutputJson(t.final_output);
    Json details = {{"expected", "JSON"}, {"actual", Truncate(t.final_output, 2000)}};
    if (json) return Verdict(true, "the output is valid JSON", details);
    return Verdict(false, "expected the output to be JSON (or hold a ```json block); " + Preview(t.final_output),
                   details);
  }
};

class OutputMatchesJson : public Assertion {
 public:
  explicit OutputMatchesJson(const config::AssertionSpec& spec) : fields_(spec.fields) {}
  AssertionResult Check(const Transcript& t, const EvalContext& ctx) const override {
    auto path_text = TextField(fields_, "path", ctx);
    if (!path_text) return Verdict(false, path_text.error().message);
    auto path = CompiledPath(*path_text);
    if (!path) return Verdict(false, path.error().message);
    auto expected = RenderJson(fields_["value"], ctx);
    if (!expected) return Verdict(false, "cannot render 'value': " + expected.error().message);
    Json details = {{"expected", *expected}, {"path", *path_text}};
    auto doc = ParseOutputJson(t.final_output);
    if (!doc) {
      details["actual"] = Truncate(t.final_output, 2000);
      return Verdict(false,
                     "expected JSON output with " + *path_text + " = " + Describe(*expected) + "; " +
                         Preview(t.final_output) + ", not JSON",
                     details);
    }
    Json values = Json::array();
    for (const Json* node : jsonpath::Select(**path, *doc)) {
      if (ValuesMatch(*expected, *node)) {
        details["actual"] = *node;
        return Verdict(true, *path_text + " is " + Describe(*node), details);
      }
      values.push_back(*node);
    }
    details["actual"] = values;
    std::string got =
        values.empty() ? "it selected nothing" : "it was " + Describe(values.size() == 1 ? values[0] : values);
    return Verdict(false, "expected " + *path_text + " = " + Describe(*expected) + " in the output; " + got, details);
  }

 private:
  Json fields_;
};

bool IsAbsolute(const std::string& p) { return !p.empty() && p[0] == '/'; }

// True when the normalized absolute |path| is |dir| or lies inside it.
bool Within(const std::filesystem::path& path, std::filesystem::path dir) {
  if (!dir.has_filename() && dir != dir.root_path()) dir = dir.parent_path();  // "/tmp/" -> "/tmp"
  auto p = path.begin();
  for (const auto& part : dir) {
    if (p == path.end() || *p != part) return false;
    ++p;
  }
  return true;
}

// Resolves |rendered| against |base_dir|. A path written literally is the author's: an absolute one is used as
// it is, a relative one must not climb out of |base_dir| with "..". A templated path must stay inside its
// intended directory (the test directory, or for "/tmp/{{name}}" the literal directory before the template),
// whatever the values hold: "..", an absolute path, or a symbolic link that points elsewhere.
Result<std::filesystem::path> ResolveTestPath(const std::string& raw, const std::string& rendered,
                                              const std::string& base_dir) {
  namespace fs = std::filesystem;
  fs::path base = base_dir.empty() ? fs::path(".") : fs::path(base_dir);
  if (!HasTemplate(raw)) {
    if (IsAbsolute(raw)) return fs::path(rendered).lexically_normal();
    fs::path rel = fs::path(rendered).lexically_normal();
    if (!rel.empty() && *rel.begin() == "..") {
      return Error(ErrorCode::kInvalidArgument, "path '" + rendered + "' escapes the test directory through '..'");
    }
    return (base / rel).lexically_normal();
  }
  const bool anchored_abs = IsAbsolute(raw);
  const std::string what =
      anchored_abs ? "'" + raw.substr(0, raw.rfind('/', raw.find("{{")) + 1) + "'" : std::string("the test directory");
  if (!anchored_abs && IsAbsolute(rendered)) {
    return Error(ErrorCode::kInvalidArgument,
                 "path '" + rendered + "' (from '" + raw + "') is absolute: a templated path must stay inside " + what);
  }
  std::error_code ec;
  const fs::path anchor =
      fs::absolute(anchored_abs ? fs::path(raw.substr(0, raw.rfind('/', raw.find("{{")) + 1)) : base, ec)
          .lexically_normal();
  const fs::path path = (anchored_abs ? fs::path(rendered) : anchor / rendered).lexically_normal();
  if (ec || !Within(path, anchor)) {
    return Error(ErrorCode::kInvalidArgument,
                 "path '" + rendered + "' (from '" + raw + "') escapes " + what + " through '..'");
  }
  const fs::path real_anchor = fs::weakly_canonical(anchor, ec);
  const fs::path real_path = ec ? fs::path() : fs::weakly_canonical(path, ec);
  if (ec || !Within(real_path, real_anchor)) {
    return Error(ErrorCode::kInvalidArgument, "path '" + rendered + "' (from '" + raw + "') escapes " + what +
                                                  " through a symbolic link (it leads to '" + real_path.string() +
                                                  "')");
  }
  return path;
}

class FileCreated : public Assertion {
 public:
  explicit FileCreated(const config::AssertionSpec& spec) : fields_(spec.fields) {}
  AssertionResult Check(const Transcript&, const EvalContext& ctx) const override {
    std::string raw = ScalarText(fields_["path"]);
    auto rendered = TextField(fields_, "path", ctx);
    if (!rendered) return Verdict(false, rendered.error().message);
    auto path = ResolveTestPath(raw, *rendered, ctx.test_dir);
    if (!path) return Verdict(false, path.error().message);
    std::error_code ec;
    bool exists = std::filesystem::exists(*path, ec);
    Json details = {{"expected", *rendered}, {"actual", exists}, {"evidence", {{"resolved", path->string()}}}};
    if (exists) return Verdict(true, "file '" + path->string() + "' exists", details);
    return Verdict(false, "expected file '" + path->string() + "' to exist after the test; it does not", details);
  }

 private:
  Json fields_;
};

}  // namespace

std::unique_ptr<Assertion> MakeOutputContains(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<OutputContains>(spec, false);
}

std::unique_ptr<Assertion> MakeOutputNotContains(const config::AssertionSpec& spec, BuildContext&) {
  return std::make_unique<OutputContains>(spec, true);
}

std::unique_ptr<Assertion> MakeOutputRegex(const config::AssertionSpec& spec, BuildContext& bc) {
  bc.CheckRegex(spec, "pattern");
  return std::make_unique<OutputRegex>(spec);
}

std::unique_ptr<Assertion> MakeOutputJsonValid(const config::AssertionSpec&, BuildContext&) {
  return std::make_unique<OutputJsonValid>();
}

std::unique_ptr<Assertion> MakeOutputMatchesJson(const config::AssertionSpec& spec, BuildContext& bc) {
  bc.CheckJsonPath(spec, "path");
  return std::make_unique<OutputMatchesJson>(spec);
}

std::unique_ptr<Assertion> MakeFileCreated(const config::AssertionSpec& spec, BuildContext& bc) {
  std::string raw = ScalarText(spec.fields["path"]);
  if (raw.empty()) bc.Error(spec, "path", "'path' must not be empty");
  if (!HasTemplate(raw)) {
    auto path = ResolveTestPath(raw, raw, "");
    if (!path) bc.Error(spec, "path", path.error().message);
  }
  return std::make_unique<FileCreated>(spec);
}

}  // namespace ab::assertions
