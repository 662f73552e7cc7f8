#include "softpower/report/template.hpp"

#include <algorithm>
#include <map>
#include <memory>
#include <span>
#include <utility>

#include "softpower/core/error.hpp"
#include "softpower/report/html.hpp"

namespace softpower::embedded {
std::span<const std::pair<std::string_view, std::string_view>> report_templates();
}  // namespace softpower::embedded

namespace softpower::report::templates {

namespace {

namespace mustache = kainjow::mustache;

// Where a slot's text goes (Slots): its number between two of these.
constexpr char kSlotMark = '\x01';

std::string_view find_template(std::string_view name) {
  const auto all = embedded::report_templates();
  const auto it =
      std::lower_bound(all.begin(), all.end(), name,
                       [](const auto& entry, std::string_view n) { return entry.first < n; });
  if (it == all.end() || it->first != name) {
    throw Error("report template '" + std::string(name) + "': no such template in " +
                "src/softpower/report/templates");
  }
  // A file's last line break is not part of the template (as in Jinja): files end with one,
  // as editors want, and a page that must end with one ends with an empty line.
  std::string_view text = it->second;
  if (text.ends_with('\n')) text.remove_suffix(1);
  return text;
}

// The library's context, made strict: it remembers the first name it could not resolve
// (the library itself would render nothing for it). Partials never reach it: their text is put
// in place before parsing (with_partials).
class StrictContext : public mustache::context<std::string> {
 public:
  explicit StrictContext(const Data* data) : mustache::context<std::string>(data) {}

  const Data* get(const std::string& name) const override {
    const Data* found = mustache::context<std::string>::get(name);
    if (found == nullptr && missing_.empty()) missing_ = name;
    return found;
  }

  const std::string& missing() const { return missing_; }

 private:
  mutable std::string missing_;
};

}  // namespace

namespace {

// Renders the parsed `tmpl` with `data`, appending to `out` as the library hands over each
// line (no string stream copied at the end).
void render_parsed(std::string& out, std::string_view name, mustache::mustache& tmpl,
                   const Data& data) {
  const std::string where = "report template '" + std::string(name) + "'";
  StrictContext context(&data);
  struct Appender {
    std::string& text;
    Appender& operator<<(const std::string& part) {
      text += part;
      return *this;
    }
  };
  Appender appender{out};
  tmpl.render(context, appender);
  if (!tmpl.is_valid()) throw Error(where + ": " + tmpl.error_message());
  if (!context.missing().empty()) {
    throw Error(where + ": no value for {{" + context.missing() + "}}");
  }
}

// The text with each partial's text in place of its tag ({{> name}}), partials within partials
// too: a partial rendered with the data in place is the same as its text there (the templates
// change no delimiters), and the library would parse a partial's text again at every use (at
// every row of a table).
std::string with_partials(std::string_view name, std::string_view text, int depth = 0) {
  constexpr int kMaxDepth = 16;
  if (depth > kMaxDepth) {
    throw Error("report template '" + std::string(name) + "': partials nested more than " +
                std::to_string(kMaxDepth) + " deep");
  }
  std::string out;
  std::size_t from = 0;
  for (std::size_t at = text.find("{{>"); at != std::string_view::npos;
       at = text.find("{{>", from)) {
    const std::size_t end = text.find("}}", at);
    if (end == std::string_view::npos) break;  // unclosed: the parser says so
    std::string_view partial = text.substr(at + 3, end - at - 3);
    while (!partial.empty() && partial.front() == ' ') partial.remove_prefix(1);
    while (!partial.empty() && partial.back() == ' ') partial.remove_suffix(1);
    out.append(text, from, at - from);
    out += with_partials(partial, find_template(partial), depth + 1);
    from = end + 2;
  }
  out.append(text, from);
  return out;
}

std::unique_ptr<mustache::mustache> parse(std::string_view name, std::string_view text) {
  auto tmpl = std::make_unique<mustache::mustache>(with_partials(name, text));
  if (!tmpl->is_valid()) {
    throw Error("report template '" + std::string(name) + "': " + tmpl->error_message());
  }
  tmpl->set_custom_escape([](const std::string& s) { return html::escape(s); });
  return tmpl;
}

// Each embedded template parsed once per thread: a table renders its row template once a row.
// A render that failed leaves the library's error in the template, so it is parsed afresh.
void render_into(std::string& out, std::string_view name, const Data& data) {
  thread_local std::map<std::string, std::unique_ptr<mustache::mustache>, std::less<>> parsed;
  auto it = parsed.find(name);
  if (it == parsed.end()) it = parsed.emplace(name, parse(name, find_template(name))).first;
  try {
    render_parsed(out, name, *it->second, data);
  } catch (...) {
    parsed.erase(it);
    throw;
  }
}

}  // namespace

std::string render_text(std::string_view name, std::string_view text, const Data& data) {
  std::string out;
  render_parsed(out, name, *parse(name, text), data);
  return out;
}

std::string render(std::string_view name, const Data& data) {
  std::string out;
  render_into(out, name, data);
  return out;
}

void render(Sink& out, std::string_view name, const Data& data) {
  render_into(out.text, name, data);
  out.part_done();
}

std::string page(std::string_view name, const std::string& title, const Data& data,
                 std::string_view style) {
  const std::string sheet = style.empty() ? std::string(name) + ".css" : std::string(style);
  return html::document({title, render(sheet, Data()), render(name, data)});
}

Data Slots::add(Write write) {
  writes_.push_back(std::move(write));
  return Data(kSlotMark + std::to_string(writes_.size() - 1) + kSlotMark);
}

void render(Sink& out, std::string_view name, const Data& data, const Slots& slots) {
  const std::string text = render(name, data);  // small: the large parts are slots
  std::size_t from = 0;
  for (std::size_t at = text.find(kSlotMark); at != std::string::npos;
       at = text.find(kSlotMark, from)) {
    const std::size_t end = text.find(kSlotMark, at + 1);
    std::size_t slot = slots.size();
    if (end != std::string::npos && end > at + 1 &&
        std::all_of(text.begin() + static_cast<std::ptrdiff_t>(at) + 1,
                    text.begin() + static_cast<std::ptrdiff_t>(end),
                    [](char c) { return c >= '0' && c <= '9'; })) {
      slot = std::stoul(text.substr(at + 1, end - at - 1));
    }
    if (slot >= slots.size()) {
      throw Error("report template '" + std::string(name) +
                  "': a U+0001 character that marks no slot at byte " + std::to_string(at));
    }
    out.text.append(text, from, at - from);
    slots.write(slot, out);
    out.part_done();
    from = end + 1;
  }
  out.text.append(text, from);
  out.part_done();
}

void page(Sink& out, std::string_view name, const std::string& title, const Data& data,
          const Slots& slots, std::string_view style) {
  const std::string sheet = style.empty() ? std::string(name) + ".css" : std::string(style);
  Slots shell;
  const Data body = shell.add([&](Sink& o) { render(o, name, data, slots); });
  render(out, "page",
         Data(Object{{"title", title}, {"style", render(sheet, Data())}, {"body", body}}), shell);
}

std::vector<std::string_view> names() {
  std::vector<std::string_view> out;
  for (const auto& entry : embedded::report_templates()) out.push_back(entry.first);
  return out;
}

Data list(List items) {
  Data out(Data::type::list);
  // The library has no way to move a list in; its list is the object's own, so it may be
  // swapped with ours rather than copied item by item (a table's rows would be copied whole).
  const_cast<List&>(out.list_value()).swap(items);
  return out;
}

Data optional(const std::string& value) {
  if (value.empty()) return Data(false);
  return Data(value);
}

}  // namespace softpower::report::templates
