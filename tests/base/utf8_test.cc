#include "base/utf8.h"

#include <doctest/doctest.h>

namespace ab {

TEST_CASE("Valid UTF-8 passes through untouched") {
  const std::string text = "plain, caf\xC3\xA9, \xE2\x82\xAC, \xF0\x9F\x98\x80";
  CHECK(FirstInvalidUtf8(text) == std::string::npos);
  CHECK(ValidUtf8(text) == text);
  std::string copy = text;
  CHECK_FALSE(MakeValidUtf8(copy));
  CHECK(copy == text);
  CHECK(FirstInvalidUtf8("") == std::string::npos);
}

TEST_CASE("A Latin-1 byte becomes one U+FFFD") {
  const std::string latin1 = "caf\xE9 au lait";
  CHECK(FirstInvalidUtf8(latin1) == 3);
  CHECK(ValidUtf8(latin1) == "caf\xEF\xBF\xBD au lait");
  std::string s = latin1;
  CHECK(MakeValidUtf8(s));
  CHECK(FirstInvalidUtf8(s) == std::string::npos);
}

TEST_CASE("Invalid forms are replaced, one U+FFFD per maximal subpart") {
  const std::string R(kReplacementChar);
  CHECK(ValidUtf8("\xC0\xAF") == R + R);                  // overlong '/' : C0 is never a lead byte
  CHECK(ValidUtf8("\xE0\x80\x80") == R + R + R);          // overlong 3-byte form
  CHECK(ValidUtf8("\xED\xA0\x80") == R + R + R);          // a surrogate
  CHECK(ValidUtf8("\xF4\x90\x80\x80") == R + R + R + R);  // above U+10FFFF
  CHECK(ValidUtf8("\xE2\x82") == R);                      // cut mid-character at the end
  CHECK(ValidUtf8("\xE2\x82x") == R + "x");               // cut mid-character before ASCII
  CHECK(ValidUtf8("\xF0\x9F\x98") == R);
  CHECK(ValidUtf8("\x80\xBF") == R + R);  // lone continuation bytes
  CHECK(ValidUtf8("\xFF") == R);
  CHECK(FirstInvalidUtf8("ok\xE2\x82") == 2);
}

TEST_CASE("Every byte string comes out valid") {
  // All two-byte strings: the output must always validate, whatever went in.
  for (int a = 0; a < 256; ++a) {
    for (int b = 0; b < 256; b += 3) {
      const std::string in{static_cast<char>(a), static_cast<char>(b)};
      REQUIRE(FirstInvalidUtf8(ValidUtf8(in)) == std::string::npos);
    }
  }
}

}  // namespace ab
