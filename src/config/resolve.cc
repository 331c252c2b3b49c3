// Settings resolution: a file's settings over its suite's over the defaults of EffectiveSettings.
#include "config/model.h"

namespace ab::config {

namespace {

template <typename T>
void Apply(T& dst, const std::optional<T>& over, const std::optional<T>& base) {
  if (over) {
    dst = *over;
  } else if (base) {
    dst = *base;
  }
}

}  // namespace

EffectiveSettings Resolve(const Settings& over, const Settings& base) {
  EffectiveSettings e;
  Apply(e.verbose, over.verbose, base.verbose);
  Apply(e.max_iterations, over.max_iterations, base.max_iterations);
  Apply(e.tool_timeout, over.tool_timeout, base.tool_timeout);
  e.test_timeout = over.test_timeout ? over.test_timeout : base.test_timeout;
  Apply(e.test_delay, over.test_delay, base.test_delay);
  Apply(e.session_delay, over.session_delay, base.session_delay);
  Apply(e.variable_policy, over.variable_policy, base.variable_policy);
  Apply(e.max_concurrent, over.max_concurrent, base.max_concurrent);
  Apply(e.max_result_bytes, over.max_result_bytes, base.max_result_bytes);
  return e;
}

}  // namespace ab::config
