#pragma once
// Pages from templates: the markup and prose of every HTML page live in
// src/softpower/report/templates/<name>.mustache (compiled into the binary by CMake, so nothing
// is read at run time); C++ computes the data (numbers formatted, rows, names) and the SVG
// geometry, and render() fills the template with it (mustache, kainjow's header library).
//
// The rules a template can rely on (docs/reports.md):
// - {{x}} is escaped exactly as html::escape does (& < > " '); {{{x}}} is inserted as it is,
//   for markup C++ made and escaped itself (SVG) and for slots (Slots below).
// - {{#x}}...{{/x}} repeats over a list, shows once for true or an object, hides for false or
//   an empty list; {{^x}}...{{/x}} shows only for false or an empty list.
// - {{> other}} inserts the template other.mustache with the same data (its text is put in
//   place before the template is parsed, once per thread).
// - A file's last line break is not part of the template (as in Jinja), so a file ends with a
//   line break and a page that ends with one ends with an empty line.
// - Strict: a tag naming a value the data does not hold is an error, not empty output; an
//   optional value is set to false, never left out.
// - A line holding only section tags and spaces disappears when its section is shown, but not
//   when it is hidden (the library's reading of mustache's "standalone" rule); templates keep
//   section tags beside other text where exact line breaks matter.

#include <functional>
#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <vector>

#include "softpower/report/sink.hpp"

namespace softpower::report::templates {

using Data = kainjow::mustache::data;
using List = kainjow::mustache::list;
using Object = kainjow::mustache::object;

/// Renders the embedded template `name` (its file name without ".mustache") with `data`.
/// Throws Error naming the template when it does not exist or does not parse, and naming the
/// tag when the data holds no value for it.
std::string render(std::string_view name, const Data& data);

/// Renders template text given here; `name` only names it in errors (for tests).
std::string render_text(std::string_view name, std::string_view text, const Data& data);

/// A whole page (html::document): template `name` as its body and `style` (by default
/// `name`.css) as its own style sheet.
std::string page(std::string_view name, const std::string& title, const Data& data,
                 std::string_view style = {});

/// Parts of a page written straight into the output where the template places them, rather
/// than made whole and copied into the data: the sections of report.html and the rows of its
/// large tables, each rendered from its own template when the page reaches it. add() gives the
/// value to place (unescaped, {{{x}}}); render() replaces it by what the writer puts in the
/// sink. The value is a marker between two U+0001 characters, which no page holds otherwise
/// (HTML does not allow that character in a document).
class Slots {
 public:
  using Write = std::function<void(Sink&)>;
  Data add(Write write);
  std::size_t size() const { return writes_.size(); }
  void write(std::size_t slot, Sink& out) const { writes_.at(slot)(out); }

 private:
  std::vector<Write> writes_;
};

/// Renders template `name` at the end of `out` (a table's row, a part of a page); the sink may
/// spill after it.
void render(Sink& out, std::string_view name, const Data& data);

/// Renders template `name` into `out`, each slot written where its value stands; the sink may
/// spill between the parts.
void render(Sink& out, std::string_view name, const Data& data, const Slots& slots);

/// A whole page into `out`, as page() makes it, the body with its slots.
void page(Sink& out, std::string_view name, const std::string& title, const Data& data,
          const Slots& slots, std::string_view style = {});

/// The names of every embedded template, sorted.
std::vector<std::string_view> names();

/// A list of data items (moved in when given an rvalue: std::move a list built for it).
Data list(List items);
/// The value when it is not empty, else false (for {{#x}} ... {{/x}} around optional text).
Data optional(const std::string& value);

}  // namespace softpower::report::templates
