#include "base/redact.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <memory>
#include <mutex>
#include <set>
#include <utility>

#include "base/json.h"
#include "base/json_dump.h"
#include "base/strings.h"

namespace ab {
namespace {

constexpr std::string_view kMask = "[REDACTED]";
// Base64 and URL forms of very long values (PEM private keys) would multiply the automaton's size for forms no
// output ever shows; such values keep their raw and escaped forms.
constexpr size_t kMaxEncodedFormSource = 512;
// A base64 fragment shorter than this (from a value just over the minimum length) would match ordinary base64.
constexpr size_t kMinBase64Fragment = 8;

// ---- Forms --------------------------------------------------------------------------------------------------

std::string JsonEscaped(std::string_view s) {
  std::string quoted = DumpJson(Json(std::string(s)));
  return quoted.substr(1, quoted.size() - 2);
}

// As report/escape.cc's JsonTextForScript writes JSON inside <script> (the HTML report's data block).
std::string ScriptEscaped(std::string_view json_text) {
  std::string out;
  for (char c : json_text) {
    if (c == '<') out += "\\u003c";
    else if (c == '>') out += "\\u003e";
    else if (c == '&') out += "\\u0026";
    else out += c;
  }
  return out;
}

// As report/escape.cc's MarkdownInline writes a table cell.
std::string MarkdownEscaped(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == '|') out += "\\|";
    else if (c == '<') out += "&lt;";
    else if (c == '>') out += "&gt;";
    else out += c;
  }
  return out;
}

// Percent-encoding of everything but RFC 3986 unreserved characters; |plus_for_space| gives the form encoding.
std::string UrlEncoded(std::string_view s, bool upper, bool plus_for_space) {
  const char* hex = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  std::string out;
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (std::isalnum(c) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += ch;
    } else if (c == ' ' && plus_for_space) {
      out += '+';
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

std::string Base64(std::string_view s, bool url) {
  const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                             : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < s.size(); i += 3) {
    const uint32_t n = (uint32_t(uint8_t(s[i])) << 16) | (uint32_t(uint8_t(s[i + 1])) << 8) | uint8_t(s[i + 2]);
    for (int shift : {18, 12, 6, 0}) out += alphabet[(n >> shift) & 63];
  }
  if (i < s.size()) {
    const uint32_t n = (uint32_t(uint8_t(s[i])) << 16) | (i + 1 < s.size() ? uint32_t(uint8_t(s[i + 1])) << 8 : 0);
    out += alphabet[(n >> 18) & 63];
    out += alphabet[(n >> 12) & 63];
    out += i + 1 < s.size() ? alphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

// The base64 characters that depend only on |s| when it is encoded after |offset| (0..2) unknown bytes and before
// unknown bytes: "user:secret" encodes the secret at the alignment set by the length of "user:". Whole groups of
// four characters only, so the fragment matches whatever the neighbours are.
std::string Base64Fragment(std::string_view s, size_t offset, bool url) {
  const size_t skip = offset == 0 ? 0 : 3 - offset;  // secret bytes sharing a group with the prefix
  if (s.size() <= skip) return "";
  std::string_view aligned = s.substr(skip);
  aligned = aligned.substr(0, aligned.size() - aligned.size() % 3);
  return Base64(aligned, url);
}

// ---- Matching -------------------------------------------------------------------------------------------------

// An Aho-Corasick automaton over byte classes (the bytes the patterns use, plus one class for all others), with a
// dense transition table: one table lookup per input byte.
class Automaton {
 public:
  explicit Automaton(const std::set<std::string>& patterns) {
    classes_.fill(0);
    int next_class = 1;
    for (const auto& p : patterns)
      for (unsigned char c : p)
        if (classes_[c] == 0) classes_[c] = next_class++;
    width_ = next_class;
    AddState(0);
    for (const auto& p : patterns) {
      int s = 0;
      for (unsigned char c : p) {
        int& t = next_[s * width_ + classes_[c]];
        if (t == 0) {
          t = static_cast<int>(depth_.size());
          AddState(depth_[s] + 1);  // may reallocate next_: |t| is not used after this
        }
        s = next_[s * width_ + classes_[c]];
      }
      longest_[s] = depth_[s];
    }
    // Breadth-first: failure links, then goto completion, and the longest pattern that is a suffix of each state.
    std::vector<int> fail(depth_.size(), 0), queue;
    for (int k = 1; k < width_; ++k)
      if (int t = next_[k]; t != 0) queue.push_back(t);
    for (size_t qi = 0; qi < queue.size(); ++qi) {
      const int s = queue[qi];
      if (longest_[s] == 0) longest_[s] = longest_[fail[s]];
      for (int k = 1; k < width_; ++k) {
        int& t = next_[s * width_ + k];
        if (t != 0) {
          fail[t] = next_[fail[s] * width_ + k];
          queue.push_back(t);
        } else {
          t = next_[fail[s] * width_ + k];
        }
      }
    }
    // The matching loop's table: targets pre-multiplied by the width, and ~target (negative) when a pattern ends
    // there, so each input byte costs one load and one test.
    fast_.resize(next_.size());
    for (size_t i = 0; i < next_.size(); ++i) {
      const int32_t target = next_[i] * width_;
      fast_[i] = longest_[static_cast<size_t>(next_[i])] > 0 ? ~target : target;
    }
    for (size_t c = 0; c < 256; ++c) classes16_[c] = static_cast<uint16_t>(classes_[c]);
    std::vector<int>().swap(next_);  // only the matching table is kept
    std::vector<int>().swap(depth_);
  }

  std::string Redact(std::string_view text) const {
    // Intervals [start, end) to mask, kept sorted and disjoint; matches end in increasing order.
    std::vector<std::pair<size_t, size_t>> hits;
    const int32_t* next = fast_.data();
    const uint16_t* cls = classes16_.data();
    uint32_t at_state = 0;  // state * width_, as fast_ stores it
    for (size_t i = 0; i < text.size(); ++i) {
      const int32_t t = next[at_state + cls[static_cast<unsigned char>(text[i])]];
      if (t >= 0) {
        at_state = static_cast<uint32_t>(t);
        continue;
      }
      at_state = static_cast<uint32_t>(~t);
      size_t start = i + 1 - static_cast<size_t>(longest_[at_state / static_cast<uint32_t>(width_)]), end = i + 1;
      while (!hits.empty() && hits.back().second > start) {  // overlaps an earlier match: merge
        start = std::min(start, hits.back().first);
        hits.pop_back();
      }
      hits.emplace_back(start, end);
    }
    if (hits.empty()) return std::string(text);
    std::string out;
    out.reserve(text.size());
    size_t at = 0;
    for (const auto& [start, end] : hits) {
      out.append(text.substr(at, start - at));
      out.append(kMask);
      at = end;
    }
    out.append(text.substr(at));
    return out;
  }

 private:
  void AddState(int depth) {
    depth_.push_back(depth);
    longest_.push_back(0);
    next_.resize(next_.size() + static_cast<size_t>(width_), 0);
  }

  std::array<int, 256> classes_{};
  std::array<uint16_t, 256> classes16_{};  // up to 257 classes: all bytes plus "other"
  int width_ = 1;
  std::vector<int32_t> fast_;  // see the end of the constructor
  std::vector<int> next_;      // state * width_ + class -> state
  std::vector<int> depth_;     // length of the state's prefix
  std::vector<int> longest_;   // longest pattern ending at this state, 0 = none
};

struct Registry {
  std::mutex mu;
  std::set<std::string> secrets;
  std::set<std::string> patterns;
  std::shared_ptr<const Automaton> automaton;  // rebuilt on the next Redact after a registration
  bool dirty = false;
};

Registry& Reg() {
  static Registry* r = new Registry();  // never destroyed: threads may still log during exit
  return *r;
}

}  // namespace

std::vector<std::string> SecretForms(std::string_view secret) {
  std::vector<std::string> forms;
  auto add = [&](std::string f, size_t min_size) {
    if (f.size() >= min_size && std::find(forms.begin(), forms.end(), f) == forms.end()) forms.push_back(std::move(f));
  };
  const std::string raw(secret);
  add(raw, 1);
  const std::string json = JsonEscaped(raw);
  add(json, 1);
  add(JsonEscaped(json), 1);    // JSON text inside a JSON string (a tool result holding JSON)
  add(ScriptEscaped(json), 1);  // the HTML report's data block
  add(ScriptEscaped(JsonEscaped(json)), 1);
  add(HtmlEscaped(raw, "&#39;"), 1);   // HTML
  add(HtmlEscaped(raw, "&apos;"), 1);  // XML (JUnit)
  add(MarkdownEscaped(raw), 1);
  if (raw.size() <= kMaxEncodedFormSource) {
    for (bool upper : {true, false})
      for (bool plus : {false, true}) add(UrlEncoded(raw, upper, plus), 1);
    for (bool url : {false, true}) {
      add(Base64(raw, url), 1);
      for (size_t offset = 0; offset < 3; ++offset) add(Base64Fragment(raw, offset, url), kMinBase64Fragment);
    }
  }
  return forms;
}

void RegisterSecret(std::string_view secret) {
  std::string s(Trim(secret));
  if (s.size() < kMinSecretLength) return;
  Registry& r = Reg();
  std::lock_guard<std::mutex> lock(r.mu);
  if (!r.secrets.insert(s).second) return;
  for (std::string& f : SecretForms(s)) r.patterns.insert(std::move(f));
  r.dirty = true;
}

std::string Redact(std::string_view text) {
  std::shared_ptr<const Automaton> automaton;
  {
    Registry& r = Reg();
    std::lock_guard<std::mutex> lock(r.mu);
    if (r.dirty) {
      r.automaton = std::make_shared<const Automaton>(r.patterns);
      r.dirty = false;
    }
    automaton = r.automaton;
  }
  if (!automaton) return std::string(text);
  return automaton->Redact(text);
}

bool IsSecretHeader(std::string_view name) {
  std::string n = ToLower(name);
  return n == "authorization" || n == "proxy-authorization" || n == "api-key" || n == "x-api-key" ||
         n == "x-goog-api-key" || n == "cookie" || n == "set-cookie" || n.find("token") != std::string::npos ||
         n.find("secret") != std::string::npos;
}

}  // namespace ab
