// `validate --fix`: the loader attaches a fix only to a certain did-you-mean, and applying the fixes edits only
// the keys' bytes. Also the order and positions of the messages a user reads.
#include "config/fixes.h"

#include <doctest/doctest.h>

#include "config_test_util.h"

namespace ab::config {
namespace {

using testing::All;
using testing::Parse;

// The file's text after applying every fix the loader attached to its diagnostics.
std::string FixedText(const std::string& yaml, FixOutcome* outcome = nullptr) {
  Loaded<TestFile> loaded = Parse(yaml);
  std::string text = yaml;
  FixOutcome done;
  for (auto& [file, fixes] : FixesByFile(loaded.diagnostics)) {
    CHECK(file == "t.yaml");
    done = ApplyFixes(text, fixes);
  }
  if (outcome) *outcome = done;
  return text;
}

std::string FixWithProvider(const std::string& provider_lines) {
  return "providers:\n  - name: mock\n    type: MOCK\n" + provider_lines +
         "agents:\n  - name: a\n    provider: mock\nsessions:\n  - name: s\n    tests:\n      - name: t\n"
         "        prompt: hi\n";
}

TEST_CASE("fixes rename only the keys' bytes: comments, spacing and values stay") {
  const std::string before = FixWithProvider(
      "    # limits of the shared key\n"
      "    rate_limits:\n"
      "      requests_per_minute:   60   # per key\n"
      "      tokens_per_minute: 1000\n"
      "    max_token: 50  # typo\n");
  const std::string after = FixWithProvider(
      "    # limits of the shared key\n"
      "    rate_limits:\n"
      "      rpm:   60   # per key\n"
      "      tpm: 1000\n"
      "    max_tokens: 50  # typo\n");
  FixOutcome done;
  CHECK(FixedText(before, &done) == after);
  REQUIRE(done.applied.size() == 3);
  CHECK(done.applied[0].old_text == "requests_per_minute");
  CHECK(done.applied[0].new_text == "rpm");
  CHECK(done.applied[0].loc.line == 6);
  CHECK(done.applied[0].loc.col == 7);
  CHECK(done.skipped.empty());
  CHECK(!HasErrors(Parse(after).diagnostics));
}

TEST_CASE("several fixes on one line of a flow-style mapping, and a quoted key") {
  CHECK(FixedText(FixWithProvider("    rate_limits: {requests_per_minute: 5, tokens_per_minute: 9}\n")) ==
        FixWithProvider("    rate_limits: {rpm: 5, tpm: 9}\n"));
  CHECK(FixedText(FixWithProvider("    rate_limits: {\"requests_per_minute\": 5, 'tokens_per_minute': 9}\n")) ==
        FixWithProvider("    rate_limits: {\"rpm\": 5, 'tpm': 9}\n"));
}

TEST_CASE("an ambiguous suggestion, or one that would duplicate a key, is left alone") {
  // 'xpm' is as close to 'rpm' as to 'tpm'.
  const std::string ambiguous = FixWithProvider("    rate_limits: {xpm: 5}\n");
  CHECK(FixedText(ambiguous) == ambiguous);
  CHECK(All(Parse(ambiguous)).find("unknown key 'xpm'") != std::string::npos);
  const std::string duplicate = FixWithProvider("    rate_limits:\n      rpm: 5\n      requests_per_minute: 6\n");
  CHECK(FixedText(duplicate) == duplicate);
  for (const Diagnostic& d : Parse(duplicate).diagnostics) CHECK(!d.fix);
}

TEST_CASE("a fix whose text is not at its position (an escaped key, a changed file) is skipped with a note") {
  std::string text = "a: 1\n\"re\\x71uests_per_minute\": 2\n";
  FixOutcome done = ApplyFixes(text, {TextFix{SourceLoc{"f.yaml", 2, 1}, "requests_per_minute", "rpm"},
                                      TextFix{SourceLoc{"f.yaml", 9, 1}, "a", "b"}});
  CHECK(text == "a: 1\n\"re\\x71uests_per_minute\": 2\n");
  CHECK(done.applied.empty());
  REQUIRE(done.skipped.size() == 2);
  CHECK(done.skipped[0].severity == Severity::kNote);
  CHECK(done.skipped[0].ToString().find("f.yaml:2:1: note: left 'requests_per_minute' unchanged") == 0);
}

TEST_CASE("the same fix twice is one edit, and overlapping fixes are both skipped") {
  std::string text = "abc: 1\n";
  FixOutcome done =
      ApplyFixes(text, {TextFix{SourceLoc{"f", 1, 1}, "abc", "x"}, TextFix{SourceLoc{"f", 1, 1}, "abc", "x"}});
  CHECK(text == "x: 1\n");
  CHECK(done.applied.size() == 1);
  text = "abc: 1\n";
  done = ApplyFixes(text, {TextFix{SourceLoc{"f", 1, 1}, "abc", "x"}, TextFix{SourceLoc{"f", 1, 2}, "bc", "y"}});
  CHECK(text == "abc: 1\n");
  CHECK(done.skipped.size() == 2);
}

TEST_CASE("a file's diagnostics come out in line order, each file's together") {
  Diagnostics d = {{Severity::kError, SourceLoc{"a.yaml", 9, 1}, "late"},
                   {Severity::kError, SourceLoc{"SKILL.md", 3, 1}, "skill"},
                   {Severity::kWarning, SourceLoc{"a.yaml", 2, 5}, "early"},
                   {Severity::kError, SourceLoc{"a.yaml", 2, 5}, "early too"},
                   {Severity::kError, SourceLoc{"SKILL.md", 1, 1}, "skill first"}};
  Diagnostics sorted = InFileOrder(d);
  std::vector<std::string> messages;
  for (const auto& x : sorted) messages.push_back(x.message);
  CHECK(messages == std::vector<std::string>{"early", "early too", "late", "skill first", "skill"});
}

TEST_CASE("a key with nothing after it is reported at the key, not at the next line") {
  Loaded<TestFile> loaded = Parse(
      "providers:\n"
      "  - name: mock\n"
      "    type:\n"
      "    model: x\n"
      "agents:\n  - name: a\n    provider: mock\nsessions:\n  - name: s\n    tests:\n      - name: t\n"
      "        prompt: hi\n");
  INFO(All(loaded));
  bool found = false;
  for (const Diagnostic& d : loaded.diagnostics) {
    if (d.message.find("type") == std::string::npos) continue;
    found = true;
    CHECK(d.loc.line == 3);
    CHECK(d.loc.col == 5);
  }
  CHECK(found);
}

}  // namespace
}  // namespace ab::config
