// Replays the fuzz targets' corpora (seed inputs and every past finding) through the same entry points without
// libFuzzer, so the normal test suite (and the ASan build) checks them: `ab_fuzz_replay TARGET DIR...`.
// Each fuzz_<target>.cc is compiled in with its entry point renamed to AbFuzz_<target> (see CMakeLists.txt).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <vector>

#define AB_FUZZ_TARGET(t) extern "C" int AbFuzz_##t(const uint8_t* data, size_t size);
#include "replay_targets.inc"
#undef AB_FUZZ_TARGET

int main(int argc, char** argv) {
  using Entry = int (*)(const uint8_t*, size_t);
  const std::map<std::string, Entry> targets = {
#define AB_FUZZ_TARGET(t) {#t, &AbFuzz_##t},
#include "replay_targets.inc"
#undef AB_FUZZ_TARGET
  };
  if (argc < 3 || targets.count(argv[1]) == 0) {
    std::fprintf(stderr, "usage: ab_fuzz_replay TARGET DIR...  (targets:");
    for (const auto& [name, entry] : targets) std::fprintf(stderr, " %s", name.c_str());
    std::fprintf(stderr, ")\n");
    return 2;
  }
  const Entry entry = targets.at(argv[1]);
  int files = 0;
  for (int i = 2; i < argc; ++i) {
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::recursive_directory_iterator(argv[i]))
      if (e.is_regular_file()) paths.push_back(e.path());
    for (const auto& path : paths) {
      std::ifstream in(path, std::ios::binary);
      const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      entry(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      ++files;
    }
  }
  if (files == 0) {
    std::fprintf(stderr, "ab_fuzz_replay: no input files found\n");
    return 1;
  }
  std::printf("%s: %d inputs replayed, no crash\n", argv[1], files);
  return 0;
}
