// libFuzzer target: every YAML reader of config/ (test files, bench configs, calibration specs) must turn any byte
// string into diagnostics, never a crash or a hang.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/bench_spec.h"
#include "config/calibration_spec.h"
#include "config/loader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto loaded = ab::config::ParseTestFile(text, "fuzz.yaml");
  // Touch the result so the optimiser cannot drop the parse.
  auto bench = ab::config::ParseBenchSpec(text, "fuzz.yaml");
  auto spec = ab::config::ParseCalibrationSpec(text, "fuzz.yaml");
  volatile size_t sink = loaded.diagnostics.size() + (loaded.value ? 1u : 0u) + (bench ? 1u : 0u) + (spec ? 1u : 0u);
  (void)sink;
  return 0;
}
