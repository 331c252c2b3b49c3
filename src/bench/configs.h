// The bench configs file (configs.yaml): which provider/model configurations to compare, which variable sets
// (variants) to run them on, and how many repetitions. The file is read in config/ (config/bench_spec.h, with
// the one YAML reader: file:line:col and a did-you-mean for every mistake); bench receives the typed structs.
#pragma once

#include "config/bench_spec.h"

namespace ab::bench {

using config::BenchConfig;
using config::BenchSpec;
using config::InlineProvider;
using config::kDefaultVariant;
using config::LoadBenchSpec;
using config::ParseBenchSpec;
using config::Variant;

}  // namespace ab::bench
