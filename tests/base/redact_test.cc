#include "base/redact.h"

#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include "base/json.h"

namespace ab {

TEST_CASE("Redact hides registered secrets everywhere") {
  RegisterSecret("sk-test-1234567890");
  RegisterSecret("abc");  // too short to register safely
  CHECK(Redact("Authorization: Bearer sk-test-1234567890 and sk-test-1234567890") ==
        "Authorization: Bearer [REDACTED] and [REDACTED]");
  CHECK(Redact("abc stays") == "abc stays");
  CHECK(Redact("") == "");
  CHECK(IsSecretHeader("Authorization"));
  CHECK(IsSecretHeader("x-api-key"));
  CHECK(IsSecretHeader("X-Goog-Api-Key"));
  CHECK_FALSE(IsSecretHeader("Content-Type"));
}

TEST_CASE("values shorter than the minimum length are not registered") {
  RegisterSecret("12345");     // kMinSecretLength - 1
  RegisterSecret("  xyz9  ");  // trimmed to 4
  RegisterSecret("len6ok");    // exactly the minimum
  CHECK(kMinSecretLength == 6);
  CHECK(Redact("port 12345, xyz9") == "port 12345, xyz9");
  CHECK(Redact("got len6ok.") == "got [REDACTED].");
}

TEST_CASE("a secret with quotes and backslashes is found raw and in its JSON-escaped forms") {
  const std::string secret = R"(pa"ss\word-Q7)";
  RegisterSecret(secret);
  CHECK(Redact("raw " + secret) == "raw [REDACTED]");
  // A tool result echoing it inside JSON, and that JSON inside the report's JSON.
  const std::string once = Json(secret).dump();
  CHECK(once == R"("pa\"ss\\word-Q7")");
  CHECK(Redact(once) == "\"[REDACTED]\"");
  const std::string twice = Json(once).dump();
  CHECK(Redact(twice).find("word-Q7") == std::string::npos);
  CHECK(Redact(Json({{"text", once}}).dump()).find("word-Q7") == std::string::npos);
}

TEST_CASE("a secret is found URL-encoded, base64-encoded and HTML/XML/Markdown-escaped") {
  const std::string secret = "db pass&<tok>|'9";
  RegisterSecret(secret);
  const std::vector<std::string> forms = SecretForms(secret);
  CHECK(forms.front() == secret);
  for (const std::string& encoded :
       {std::string("db%20pass%26%3Ctok%3E%7C%279"), std::string("db+pass%26%3Ctok%3E%7C%279"),
        std::string("db%20pass%26%3ctok%3e%7c%279"),
        std::string("ZGIgcGFzcyY8dG9rPnwnOQ=="),  // base64("db pass&<tok>|'9")
        std::string("db pass&amp;&lt;tok&gt;|&#39;9"), std::string("db pass&amp;&lt;tok&gt;|&apos;9"),
        std::string("db pass\\u0026\\u003ctok\\u003e|'9")}) {
    CAPTURE(encoded);
    CHECK(Redact("x=" + encoded + ";") == "x=[REDACTED];");
  }
}

TEST_CASE("the base64 of user:secret in a Basic header is found whatever the user's length") {
  const std::string secret = "GhPat-0123456789abcdef";
  RegisterSecret(secret);
  // Base64 by hand through the forms: each alignment's fragment must occur inside the encoded pair.
  for (const std::string user : {"u", "us", "usr", "user", "admin"}) {
    CAPTURE(user);
    const std::string pair = user + ":" + secret;
    // Encode with the same alphabet the forms use.
    static const char* kAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string b64;
    size_t i = 0;
    for (; i + 2 < pair.size(); i += 3) {
      const unsigned n =
          (unsigned(uint8_t(pair[i])) << 16) | (unsigned(uint8_t(pair[i + 1])) << 8) | uint8_t(pair[i + 2]);
      for (int shift : {18, 12, 6, 0}) b64 += kAlphabet[(n >> shift) & 63];
    }
    if (i < pair.size()) {
      const unsigned n =
          (unsigned(uint8_t(pair[i])) << 16) | (i + 1 < pair.size() ? unsigned(uint8_t(pair[i + 1])) << 8 : 0u);
      b64 += kAlphabet[(n >> 18) & 63];
      b64 += kAlphabet[(n >> 12) & 63];
      b64 += i + 1 < pair.size() ? kAlphabet[(n >> 6) & 63] : '=';
      b64 += '=';
    }
    const std::string redacted = Redact("Authorization: Basic " + b64);
    CHECK(redacted.find("[REDACTED]") != std::string::npos);
    // What is left of the encoding is the user and at most the bytes sharing a group with it or the end.
    CHECK(redacted.size() < std::string("Authorization: Basic ").size() + 10 + 16);
  }
}

TEST_CASE("overlapping secrets are masked as one and the longest wins") {
  RegisterSecret("overlapAAAA");
  RegisterSecret("AAAAoverlapBBBB");
  RegisterSecret("overlapAAAABBBBlonger");
  CHECK(Redact("x overlapAAAABBBBlonger y") == "x [REDACTED] y");
  CHECK(Redact("x AAAAoverlapBBBB y") == "x [REDACTED] y");
  CHECK(Redact("AAAAoverlapAAAA") == "AAAA[REDACTED]");
  CHECK(Redact("overlapAAAAoverlapBBBB!") == "[REDACTED]!");  // two overlapping matches, one mask
  CHECK(Redact("overlapAAAA overlapAAAA") == "[REDACTED] [REDACTED]");
}

TEST_CASE("a secret using every byte value is still matched (257 byte classes)") {
  std::string secret = "all-bytes:";
  for (int c = 0; c < 256; ++c) secret += static_cast<char>(c);
  secret += ":end";
  RegisterSecret(secret);
  CHECK(Redact("<" + secret + ">") == "<[REDACTED]>");
  std::string near_miss = secret;
  near_miss[100] = 'X';
  CHECK(Redact(near_miss) == near_miss);
}

TEST_CASE("redacting a large text with many secrets is one pass") {
  for (int i = 0; i < 200; ++i) RegisterSecret("bulk-secret-" + std::to_string(i) + "-q8Zt");
  std::string text;
  for (int i = 0; i < 200'000; ++i) text += "ordinary report text with numbers " + std::to_string(i) + "\n";
  text += "bulk-secret-199-q8Zt";
  const auto start = std::chrono::steady_clock::now();
  const std::string out = Redact(text);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  CHECK(out.size() == text.size() - std::string("bulk-secret-199-q8Zt").size() + 10);
  CHECK(out.find("q8Zt") == std::string::npos);
  MESSAGE("Redact of " << text.size() / 1'000'000.0 << " MB with 200+ secrets: " << seconds << " s");
  CHECK(seconds < 2.0);  // ~8 MB; one table lookup per byte, not one scan per secret and form
}

}  // namespace ab
