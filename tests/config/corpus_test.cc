// Loads every real-world file of ../shared/compat-corpus (beside the repository): no crash, and every rejection is
// precise (file:line:col). Prints a summary of what is accepted and why the rest is rejected.
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "config/loader.h"

namespace ab::config {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> CorpusFiles(const fs::path& root) {
  std::vector<fs::path> out;
  for (const auto& entry : fs::recursive_directory_iterator(root)) {
    const std::string ext = entry.path().extension().string();
    if (entry.is_regular_file() && (ext == ".yaml" || ext == ".yml")) out.push_back(entry.path());
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST_CASE("every compat-corpus file loads or fails with precise diagnostics") {
  const fs::path root = fs::path(AB_SOURCE_DIR) / ".." / "shared" / "compat-corpus";
  if (!fs::is_directory(root)) {
    MESSAGE("compat corpus not found at " << root.string() << "; skipped");
    return;
  }
  int accepted = 0, rejected = 0;
  std::string summary;
  for (const fs::path& path : CorpusFiles(root)) {
    const std::string p = path.string();
    const bool suite = LooksLikeSuite(p);
    Diagnostics diags;
    bool ok = false;
    if (suite) {
      Loaded<Suite> s = LoadSuite(p);
      ok = s.ok();
      diags = s.diagnostics;
    } else {
      Loaded<TestFile> f = LoadTestFile(p);
      ok = f.ok();
      diags = f.diagnostics;
    }
    for (const Diagnostic& d : diags) {
      CHECK_MESSAGE(d.loc.known(), d.ToString());  // every message points at a line and column
      CHECK_MESSAGE(!d.message.empty(), p);
    }
    const std::string name = path.filename().string();
    if (ok) {
      ++accepted;
      summary += "  ok       " + name + "\n";
      continue;
    }
    ++rejected;
    auto first =
        std::find_if(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; });
    REQUIRE(first != diags.end());
    const int errors = static_cast<int>(
        std::count_if(diags.begin(), diags.end(), [](const Diagnostic& d) { return d.severity == Severity::kError; }));
    summary += "  rejected " + name + " (" + std::to_string(errors) + " errors): " + std::to_string(first->loc.line) +
               ":" + std::to_string(first->loc.col) + ": " + first->message + "\n";
  }
  std::cout << "compat corpus: " << accepted << " accepted / " << rejected << " rejected\n" << summary;
  CHECK(accepted + rejected > 0);
}

TEST_CASE("truncated and mangled corpus files never crash the loader") {
  const fs::path root = fs::path(AB_SOURCE_DIR) / ".." / "shared" / "compat-corpus";
  if (!fs::is_directory(root)) {
    MESSAGE("compat corpus not found; skipped");
    return;
  }
  int parsed = 0;
  for (const fs::path& path : CorpusFiles(root)) {
    std::ifstream in(path);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    // Cut at a spread of offsets (mid-key, mid-value, mid-flow-collection) and drop a character there.
    for (size_t cut = 1; cut < 8; ++cut) {
      const size_t at = text.size() * cut / 8;
      for (const std::string& variant : {text.substr(0, at), text.substr(0, at) + text.substr(at + 1)}) {
        Loaded<TestFile> f = ParseTestFile(variant, "mangled.yaml");
        for (const Diagnostic& d : f.diagnostics) CHECK_MESSAGE(!d.message.empty(), d.ToString());
        ++parsed;
      }
    }
  }
  CHECK(parsed > 0);
}

}  // namespace
}  // namespace ab::config
