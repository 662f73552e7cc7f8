#include "softpower/report/template.hpp"

#include <algorithm>
#include <map>
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
// (the library itself would render nothing for it), and it finds partials among the
// embedded templates rather than in the data.
class StrictContext : public mustache::context<std::string> {
 public:
  explicit StrictContext(const Data* data) : mustache::context<std::string>(data) {}

  const Data* get(const std::string& name) const override {
    const Data* found = mustache::context<std::string>::get(name);
    if (found == nullptr && missing_.empty()) missing_ = name;
    return found;
  }

  const Data* get_partial(const std::string& name) const override {
    auto it = partials_.find(name);
    if (it == partials_.end()) {
      it = partials_.emplace(name, Data(std::string(find_template(name)))).first;
    }
    return &it->second;
  }

  const std::string& missing() const { return missing_; }

 private:
  mutable std::string missing_;
  mutable std::map<std::string, Data, std::less<>> partials_;
};

}  // namespace

std::string render_text(std::string_view name, std::string_view text, const Data& data) {
  const std::string where = "report template '" + std::string(name) + "'";
  mustache::mustache page{std::string(text)};
  if (!page.is_valid()) throw Error(where + ": " + page.error_message());
  page.set_custom_escape([](const std::string& s) { return html::escape(s); });
  StrictContext context(&data);
  std::string out = page.render(context);
  if (!page.is_valid()) throw Error(where + ": " + page.error_message());
  if (!context.missing().empty()) {
    throw Error(where + ": no value for {{" + context.missing() + "}}");
  }
  return out;
}

std::string render(std::string_view name, const Data& data) {
  return render_text(name, find_template(name), data);
}

std::string page(std::string_view name, const std::string& title, const Data& data,
                 std::string_view style) {
  const std::string sheet = style.empty() ? std::string(name) + ".css" : std::string(style);
  return html::document({title, render(sheet, Data()), render(name, data)});
}

std::vector<std::string_view> names() {
  std::vector<std::string_view> out;
  for (const auto& entry : embedded::report_templates()) out.push_back(entry.first);
  return out;
}

Data list(const List& items) {
  return Data(items);
}

Data optional(const std::string& value) {
  if (value.empty()) return Data(false);
  return Data(value);
}

}  // namespace softpower::report::templates
