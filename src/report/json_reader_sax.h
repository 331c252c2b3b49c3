// Internal to report/json_reader*: reads a whole report as SAX events, so a 10 000-test report is never one tree.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "base/json.h"
#include "base/json_parse.h"

namespace ab::report::json_in {

/// Builds a tree from SAX events (what nlohmann's internal DOM parser does, written here so nothing depends on
/// nlohmann::detail). A key written twice keeps its last value, as Json::parse does.
class TreeBuilder {
 public:
  using string_t = Json::string_t;
  explicit TreeBuilder(Json& root) : root_(root) {}

  bool null() { return Put(Json(nullptr)); }
  bool boolean(bool v) { return Put(Json(v)); }
  bool number_integer(Json::number_integer_t v) { return Put(Json(v)); }
  bool number_unsigned(Json::number_unsigned_t v) { return Put(Json(v)); }
  bool number_float(Json::number_float_t v, const string_t&) { return Put(Json(v)); }
  bool string(string_t& v) { return Put(Json(v)); }
  bool binary(Json::binary_t& v) { return Put(Json::binary(std::move(v))); }
  bool start_object(std::size_t) { return Open(Json::object()); }
  bool end_object() { return Close(); }
  bool start_array(std::size_t) { return Open(Json::array()); }
  bool end_array() { return Close(); }
  bool key(string_t& k) {
    key_ = k;
    return true;
  }

 private:
  // Only the open containers are held, and only the innermost grows, so the pointers stay valid.
  Json* Slot(Json value) {
    if (open_.empty()) {
      root_ = std::move(value);
      return &root_;
    }
    Json& parent = *open_.back();
    if (parent.is_array()) {
      parent.push_back(std::move(value));
      return &parent.back();
    }
    Json& slot = parent[key_];
    slot = std::move(value);
    return &slot;
  }
  bool Put(Json value) {
    Slot(std::move(value));
    return true;
  }
  bool Open(Json container) {
    open_.push_back(Slot(std::move(container)));
    return true;
  }
  bool Close() {
    if (!open_.empty()) open_.pop_back();
    return true;
  }

  Json& root_;
  std::vector<Json*> open_;
  string_t key_;
};

// SAX handler for a whole report: every member but detailed_results goes into |header|; each detailed_results
// entry is built as a small tree on its own and handed to |entry|, then dropped.
class ReportSax {
 public:
  using Dom = TreeBuilder;
  using string_t = Json::string_t;

  ReportSax(Json& header, std::function<void(const Json&)> entry) : header_dom_(header), on_entry_(std::move(entry)) {}

  bool saw_details() const { return saw_details_; }
  const std::string& error() const { return error_; }

  bool null() {
    return Scalar([](Dom& d) { return d.null(); });
  }
  bool boolean(bool v) {
    return Scalar([v](Dom& d) { return d.boolean(v); });
  }
  bool number_integer(Json::number_integer_t v) {
    return Scalar([v](Dom& d) { return d.number_integer(v); });
  }
  bool number_unsigned(Json::number_unsigned_t v) {
    return Scalar([v](Dom& d) { return d.number_unsigned(v); });
  }
  bool number_float(Json::number_float_t v, const string_t& s) {
    return Scalar([v, &s](Dom& d) { return d.number_float(v, s); });
  }
  bool string(string_t& v) {
    return Scalar([&v](Dom& d) { return d.string(v); });
  }
  bool binary(Json::binary_t& v) {
    return Scalar([&v](Dom& d) { return d.binary(v); });
  }

  bool start_object(std::size_t n) {
    if (!Deeper()) return false;
    if (state_ == kEntry) {
      ++entry_depth_;
      return entry_dom_->start_object(n);
    }
    if (state_ == kDetails) {
      state_ = kEntry;
      entry_ = Json();
      entry_dom_.emplace(entry_);
      entry_depth_ = 1;
      return entry_dom_->start_object(n);
    }
    if (details_next_) return Fail("detailed_results is not an array");
    ++depth_;
    return header_dom_.start_object(n);
  }
  bool end_object() {
    --nesting_;
    if (state_ == kEntry) {
      bool ok = entry_dom_->end_object();
      if (--entry_depth_ == 0) {
        on_entry_(entry_);
        entry_dom_.reset();
        entry_ = Json();
        state_ = kDetails;
      }
      return ok;
    }
    --depth_;
    return header_dom_.end_object();
  }
  bool start_array(std::size_t n) {
    if (!Deeper()) return false;
    if (state_ == kEntry) {
      ++entry_depth_;
      return entry_dom_->start_array(n);
    }
    if (state_ == kDetails) return Fail("detailed_results holds a non-object entry");
    if (details_next_) {
      details_next_ = false;
      state_ = kDetails;
      return true;
    }
    ++depth_;
    return header_dom_.start_array(n);
  }
  bool end_array() {
    --nesting_;
    if (state_ == kEntry) {
      --entry_depth_;
      return entry_dom_->end_array();
    }
    if (state_ == kDetails) {
      state_ = kHeader;
      return true;
    }
    --depth_;
    return header_dom_.end_array();
  }
  bool key(string_t& k) {
    if (state_ == kEntry) return entry_dom_->key(k);
    if (depth_ == 1 && k == "detailed_results") {
      details_next_ = saw_details_ = true;
      return true;
    }
    return header_dom_.key(k);
  }
  bool parse_error(std::size_t position, const std::string&, const Json::exception&) {
    return Fail("not valid JSON (at byte " + std::to_string(position) + ")");
  }

 private:
  enum State { kHeader, kDetails, kEntry };

  template <typename F>
  bool Scalar(F&& f) {
    if (state_ == kEntry) return f(*entry_dom_);
    if (state_ == kDetails) return Fail("detailed_results holds a non-object entry");
    if (details_next_) return Fail("detailed_results is not an array");
    return f(header_dom_);
  }
  bool Fail(std::string message) {
    if (error_.empty()) error_ = std::move(message);
    return false;
  }
  // The SAX parser keeps its own stack on the heap, but the trees built here are copied and walked recursively:
  // a report (which may come from anywhere, e.g. a shard to merge) nested deeper than any we write is refused.
  bool Deeper() {
    if (++nesting_ <= kStoredJsonLimits.max_depth) return true;
    return Fail("nested deeper than " + std::to_string(kStoredJsonLimits.max_depth) + " levels (json_max_depth)");
  }

  Dom header_dom_;
  std::function<void(const Json&)> on_entry_;
  State state_ = kHeader;
  int depth_ = 0;        // nesting of the header document
  int entry_depth_ = 0;  // nesting inside the current entry
  size_t nesting_ = 0;   // arrays and objects open, in all states, for the depth limit
  bool details_next_ = false;
  bool saw_details_ = false;
  Json entry_;
  std::optional<Dom> entry_dom_;
  std::string error_;
};

}  // namespace ab::report::json_in
