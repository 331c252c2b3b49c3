#include "base/error_kind.h"

#include <doctest/doctest.h>

using namespace ab;

TEST_CASE("error kinds keep the strings reports and the schema use, both ways") {
  const ErrorKind all[] = {ErrorKind::kNone,      ErrorKind::kLlm,           ErrorKind::kTool,
                           ErrorKind::kTimeout,   ErrorKind::kMaxIterations, ErrorKind::kClarification,
                           ErrorKind::kExtractor, ErrorKind::kServer,        ErrorKind::kTemplate,
                           ErrorKind::kCancelled};
  for (ErrorKind k : all) CHECK(ParseErrorKind(ToString(k)) == k);
  CHECK(ToString(ErrorKind::kMaxIterations) == "max_iterations");
  CHECK(ToString(ErrorKind::kLlm) == "llm");
  CHECK(ToString(ErrorKind::kNone).empty());
  CHECK_FALSE(ParseErrorKind("LLM").has_value());
  CHECK_FALSE(ParseErrorKind("max-iterations").has_value());
}

TEST_CASE("only provider, server, template and interruption errors are infrastructure") {
  CHECK(IsInfrastructure(ErrorKind::kLlm));
  CHECK(IsInfrastructure(ErrorKind::kServer));
  CHECK(IsInfrastructure(ErrorKind::kTemplate));
  CHECK(IsInfrastructure(ErrorKind::kCancelled));
  CHECK_FALSE(IsInfrastructure(ErrorKind::kTool));
  CHECK_FALSE(IsInfrastructure(ErrorKind::kTimeout));
  CHECK_FALSE(IsInfrastructure(ErrorKind::kMaxIterations));
  CHECK_FALSE(IsInfrastructure(ErrorKind::kClarification));
  CHECK_FALSE(IsInfrastructure(ErrorKind::kExtractor));
  CHECK_FALSE(IsInfrastructure(ErrorKind::kNone));
}
