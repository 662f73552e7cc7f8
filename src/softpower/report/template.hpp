#pragma once
// Pages from templates: the markup and prose of every HTML page live in
// src/softpower/report/templates/<name>.mustache (compiled into the binary by CMake, so nothing
// is read at run time); C++ computes the data (numbers formatted, rows, names) and the SVG
// geometry, and render() fills the template with it (mustache, kainjow's header library).
//
// The rules a template can rely on (docs/reports.md):
// - {{x}} is escaped exactly as html::escape does (& < > " '); {{{x}}} is inserted as it is,
//   for markup C++ made and escaped itself (SVG, shared table heads).
// - {{#x}}...{{/x}} repeats over a list, shows once for true or an object, hides for false or
//   an empty list; {{^x}}...{{/x}} shows only for false or an empty list.
// - {{> other}} inserts the template other.mustache with the same data.
// - A file's last line break is not part of the template (as in Jinja), so a file ends with a
//   line break and a page that ends with one ends with an empty line.
// - Strict: a tag naming a value the data does not hold is an error, not empty output; an
//   optional value is set to false, never left out.
// - A line holding only section tags and spaces disappears when its section is shown, but not
//   when it is hidden (the library's reading of mustache's "standalone" rule); templates keep
//   section tags beside other text where exact line breaks matter.

#include <kainjow/mustache.hpp>
#include <string>
#include <string_view>
#include <vector>

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

/// The names of every embedded template, sorted.
std::vector<std::string_view> names();

/// A list of data items.
Data list(const List& items);
/// The value when it is not empty, else false (for {{#x}} ... {{/x}} around optional text).
Data optional(const std::string& value);

}  // namespace softpower::report::templates
