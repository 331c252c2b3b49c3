#include "base/spilled_text.h"

#include <dirent.h>
#include <doctest/doctest.h>
#include <unistd.h>

#include <string>
#include <thread>
#include <vector>

namespace ab {
namespace {

// Descriptors open in this process: the spill file is one of them while a text refers to it.
int OpenDescriptors() {
  int n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d)) ++n;
    closedir(d);
  }
  return n;
}

TEST_CASE("a kept text reads back exactly, copies share it, and clear empties only the cleared copy") {
  std::string text = "{\"a\":\"x\\u0000y\"}\n";
  text.push_back('\0');  // binary-safe
  text += std::string(100000, 'z');
  SpilledText kept = SpilledText::Keep(text);
  CHECK_FALSE(kept.empty());
  CHECK(kept.size() == text.size());
  CHECK(kept.str() == text);
  SpilledText copy = kept;
  kept.clear();
  CHECK(kept.empty());
  CHECK(kept.str().empty());
  CHECK(copy.str() == text);
  CHECK(SpilledText::Keep("").empty());
  CHECK(SpilledText().str().empty());
}

TEST_CASE("texts kept from many threads at once each read back whole") {
  std::vector<std::vector<SpilledText>> kept(8);
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([t, &kept] {
      for (int i = 0; i < 200; ++i)
        kept[t].push_back(SpilledText::Keep(std::to_string(t) + ":" + std::string(i, 'a' + t)));
    });
  }
  for (auto& th : threads) th.join();
  for (int t = 0; t < 8; ++t) {
    for (int i = 0; i < 200; ++i) {
      REQUIRE(kept[t][i].str() == std::to_string(t) + ":" + std::string(i, 'a' + t));
    }
  }
}

TEST_CASE("the spill file is closed when the last text referring to it goes away") {
  const int before = OpenDescriptors();
  {
    SpilledText a = SpilledText::Keep("first");
    SpilledText b = SpilledText::Keep("second");  // the same file
    CHECK(OpenDescriptors() == before + 1);
    CHECK(a.str() == "first");
    CHECK(b.str() == "second");
  }
  CHECK(OpenDescriptors() == before);
}

TEST_CASE("with no usable temporary directory the text stays in memory") {
  const char* old = std::getenv("TMPDIR");
  std::string saved = old ? old : "";
  setenv("TMPDIR", "/nonexistent/agent-bench-no-such-dir", 1);
  SpilledText kept = SpilledText::Keep("still here");
  if (old) setenv("TMPDIR", saved.c_str(), 1);
  else unsetenv("TMPDIR");
  CHECK(kept.str() == "still here");
}

}  // namespace
}  // namespace ab
