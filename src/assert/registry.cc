#include <cassert>
#include <exception>

#include "assert/assertion.h"
#include "assert/compiled_cache.h"
#include "assert/fields.h"
#include "base/redact.h"
#include "base/strings.h"

namespace ab::assertions {
namespace {

const char* KindName(FieldKind k) {
  switch (k) {
    case FieldKind::kString: return "a string";
    case FieldKind::kInteger: return "a non-negative integer";
    case FieldKind::kNumber: return "a number";
    case FieldKind::kAny: return "a value";
    case FieldKind::kStringList: return "a list of strings";
    case FieldKind::kMap: return "a mapping";
  }
  return "a value";
}

bool IsScalar(const Json& v) { return v.is_string() || v.is_number() || v.is_boolean(); }

bool ShapeOk(FieldKind kind, const Json& v) {
  switch (kind) {
    case FieldKind::kString: return IsScalar(v);
    case FieldKind::kInteger:
      if (v.is_number_integer()) return v.get<int64_t>() >= 0;
      if (v.is_number_float())
        return v.get<double>() >= 0 && v.get<double>() == static_cast<double>(static_cast<int64_t>(v.get<double>()));
      if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        if (HasTemplate(s)) return true;
        auto n = ParseInteger(s);
        return n.has_value() && *n >= 0;
      }
      return false;
    case FieldKind::kNumber:
      if (v.is_number()) return true;
      if (v.is_string()) {
        const std::string& s = v.get_ref<const std::string&>();
        return HasTemplate(s) || ParseNumber(s).has_value();
      }
      return false;
    case FieldKind::kAny: return true;
    case FieldKind::kStringList:
      if (!v.is_array()) return false;
      for (const auto& item : v)
        if (!IsScalar(item)) return false;
      return true;
    case FieldKind::kMap: return v.is_object();
  }
  return false;
}

// Redacts every string inside |j|: details may quote tool output that echoes a secret.
void RedactJson(Json& j) {
  if (j.is_string()) {
    j = Redact(j.get_ref<const std::string&>());
  } else if (j.is_array() || j.is_object()) {
    for (auto& child : j) RedactJson(child);
  }
}

}  // namespace

AssertionResult Assertion::Run(const Transcript& t, const EvalContext& ctx) const {
  AssertionResult r;
  try {
    r = Check(t, ctx);
  } catch (const std::exception& e) {
    r = AssertionResult();
    r.message = std::string("could not evaluate: ") + e.what();
  }
  r.type = type;
  r.loc = loc;
  r.message = Redact(r.message);
  RedactJson(r.details);
  return r;
}

void BuildContext::Error(const config::AssertionSpec& spec, const std::string& field, const std::string& message) {
  Diagnostic d;
  auto it = spec.field_locs.find(field);
  d.loc = it != spec.field_locs.end() && it->second.known() ? it->second : spec.loc;
  d.message = "assertion '" + spec.type + "': " + message;
  diagnostics.push_back(std::move(d));
}

void Registry::Add(TypeInfo info) {
  assert(index_.count(info.type) == 0 && "assertion type registered twice");
  index_[info.type] = types_.size();
  types_.push_back(std::move(info));
}

const TypeInfo* Registry::Find(const std::string& type) const {
  auto it = index_.find(type);
  return it == index_.end() ? nullptr : &types_[it->second];
}

std::unique_ptr<Assertion> Registry::Create(const config::AssertionSpec& spec, Diagnostics& diagnostics,
                                            int depth) const {
  BuildContext bc{*this, diagnostics, depth};
  const size_t errors_before = diagnostics.size();
  const TypeInfo* info = Find(spec.type);
  if (info == nullptr) {
    Diagnostic d;
    auto it = spec.field_locs.find("type");
    d.loc = it != spec.field_locs.end() && it->second.known() ? it->second : spec.loc;
    if (spec.type.empty()) {
      d.message = "assertion has no 'type'";
    } else {
      std::vector<std::string> names;
      for (const auto& t : types_) names.push_back(t.type);
      d.message = "unknown assertion type '" + spec.type + "'" + DidYouMean(spec.type, names);
    }
    diagnostics.push_back(std::move(d));
    return nullptr;
  }
  std::vector<std::string> field_names;
  for (const auto& f : info->fields)
    if (f.rejected_hint.empty()) field_names.push_back(f.name);
  if (spec.fields.is_object()) {
    for (auto it = spec.fields.begin(); it != spec.fields.end(); ++it) {
      const FieldSpec* field = nullptr;
      for (const auto& f : info->fields)
        if (f.name == it.key()) field = &f;
      if (field != nullptr && !field->rejected_hint.empty()) {
        bc.Error(spec, it.key(), "field '" + it.key() + "' is not supported: " + field->rejected_hint);
        continue;
      }
      if (field == nullptr) {
        std::string hint = field_names.empty() ? " (this type takes no fields)" : DidYouMean(it.key(), field_names);
        if (hint.empty()) hint = " (its fields: " + Join(field_names, ", ") + ")";
        bc.Error(spec, it.key(), "unknown field '" + it.key() + "'" + hint);
        // `validate --fix` renames the field when the suggestion is certain, not already a field, and the value
        // has the suggested field's shape (`param: name` + `value: v` is not fixed by renaming `param`).
        const std::string certain = UniqueSuggestion(it.key(), field_names);
        const FieldSpec* target = nullptr;
        for (const auto& f : info->fields)
          if (f.name == certain) target = &f;
        auto loc = spec.field_locs.find(it.key());
        if (target != nullptr && ShapeOk(target->kind, *it) && !spec.fields.contains(certain) &&
            loc != spec.field_locs.end() && loc->second.known())
          diagnostics.back().fix = TextFix{loc->second, it.key(), certain};
        continue;
      }
      if (!ShapeOk(field->kind, *it)) {
        bc.Error(spec, it.key(),
                 "field '" + it.key() + "' must be " + KindName(field->kind) + ", got " + Truncate(it->dump(), 80));
      }
    }
  }
  for (const auto& f : info->fields) {
    if (f.required && !(spec.fields.is_object() && spec.fields.contains(f.name))) {
      bc.Error(spec, "", "missing required field '" + f.name + "'");
    }
  }
  if (!info->combinator && !spec.children.empty()) bc.Error(spec, "", "only anyOf, allOf and not take children");
  if (diagnostics.size() != errors_before) return nullptr;
  std::unique_ptr<Assertion> a = info->factory(spec, bc);
  if (!a || diagnostics.size() != errors_before) return nullptr;
  a->type = spec.type;
  a->loc = spec.loc;
  return a;
}

AssertionResult Verdict(bool passed, std::string message, Json details) {
  AssertionResult r;
  r.passed = passed;
  r.message = std::move(message);
  r.details = std::move(details);
  return r;
}

void BuildContext::CheckRegex(const config::AssertionSpec& spec, const std::string& field) {
  if (!spec.fields.is_object() || !spec.fields.contains(field)) return;
  std::string pattern = ScalarText(spec.fields[field]);
  if (HasTemplate(pattern)) return;
  auto re = CompiledRegex(pattern);
  if (!re) Error(spec, field, re.error().message);
}

void BuildContext::CheckRegexMap(const config::AssertionSpec& spec, const std::string& field) {
  if (!spec.fields.is_object() || !spec.fields.contains(field)) return;
  const Json& map = spec.fields[field];
  for (auto it = map.begin(); it != map.end(); ++it) {
    if (it->is_array() || it->is_object() || it->is_null()) {
      Error(spec, field, "pattern for '" + it.key() + "' must be a string");
      continue;
    }
    std::string pattern = ScalarText(*it);
    if (HasTemplate(pattern)) continue;
    auto re = CompiledRegex(pattern);
    if (!re) Error(spec, field, "'" + it.key() + "': " + re.error().message);
  }
}

void BuildContext::CheckJsonPath(const config::AssertionSpec& spec, const std::string& field) {
  if (!spec.fields.is_object() || !spec.fields.contains(field)) return;
  std::string path = ScalarText(spec.fields[field]);
  if (HasTemplate(path)) return;
  auto p = CompiledPath(path);
  if (!p) Error(spec, field, p.error().message);
}

const Registry& BuiltinRegistry() {
  static const Registry* registry = [] {
    auto* r = new Registry();
    RegisterBuiltinAssertions(*r);
    return r;
  }();
  return *registry;
}

}  // namespace ab::assertions
