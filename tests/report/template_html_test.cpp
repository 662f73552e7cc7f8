// report/template: pages rendered from the embedded mustache templates. Escaping must equal
// html::escape (or every page would change), a missing value or a broken template must be an
// error naming the template, and every embedded template must parse.

#include <gtest/gtest.h>

#include "softpower/core/error.hpp"
#include "softpower/report/html.hpp"
#include "softpower/report/template.hpp"
#include "support/spilled.hpp"

namespace softpower::report {
namespace {

using templates::Data;

Data one(const std::string& name, Data value) {
  Data data;
  data[name] = std::move(value);
  return data;
}

std::string error_of(const std::function<void()>& work) {
  try {
    work();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST(Template, EscapesExactlyAsHtmlEscape) {
  const std::string nasty = "A&B <C> \"d\" 'e' \xe2\x80\x94";
  EXPECT_EQ(templates::render_text("t", "{{x}}", one("x", nasty)), html::escape(nasty));
  EXPECT_EQ(templates::render_text("t", "{{x}}", one("x", nasty)),
            "A&amp;B &lt;C&gt; &quot;d&quot; &#39;e&#39; \xe2\x80\x94");
  EXPECT_EQ(templates::render_text("t", "{{{x}}}|{{&x}}", one("x", "<b>'</b>")),
            "<b>'</b>|<b>'</b>");
}

TEST(Template, SectionsRepeatShowAndHide) {
  templates::List rows;
  for (const char* name : {"a", "b"}) rows.push_back(one("name", std::string(name)));
  Data data = one("rows", templates::list(rows));
  data["flag"] = false;
  data["note"] = templates::optional("");
  data["title"] = templates::optional("T");
  EXPECT_EQ(templates::render_text(
                "t",
                "{{#rows}}<i>{{name}}</i>{{/rows}}{{#flag}}x{{/flag}}{{^flag}}y{{/flag}}"
                "{{#note}}n{{/note}}{{#title}}[{{title}}]{{/title}}",
                data),
            "<i>a</i><i>b</i>y[T]");
}

TEST(Template, LineOfSectionTagsOnlyGoesWhenShown) {
  // What docs/report.md tells template writers: the library drops a line holding only
  // section tags when the section is shown, and keeps its line break when it is hidden.
  const std::string text = "<ul>\n{{#xs}}\n<li>{{.}}</li>\n{{/xs}}\n</ul>\n";
  templates::List xs;
  xs.emplace_back(std::string("1"));
  EXPECT_EQ(templates::render_text("t", text, one("xs", templates::list(xs))),
            "<ul>\n<li>1</li>\n</ul>\n");
  EXPECT_EQ(templates::render_text("t", text, one("xs", templates::list({}))), "<ul>\n\n</ul>\n");
}

TEST(Template, MissingValueIsAnErrorNamingTemplateAndTag) {
  EXPECT_EQ(error_of([] { templates::render_text("perception", "<p>{{count}}</p>", Data()); }),
            "report template 'perception': no value for {{count}}");
  EXPECT_EQ(error_of([] { templates::render_text("t", "{{#rows}}x{{/rows}}", Data()); }),
            "report template 't': no value for {{rows}}");
  // A name missing inside a section is looked up in the outer data too, and only then missing.
  Data data = one("rows", templates::list({one("a", std::string("1"))}));
  data["b"] = std::string("2");
  EXPECT_EQ(templates::render_text("t", "{{#rows}}{{a}}{{b}}{{/rows}}", data), "12");
  EXPECT_EQ(error_of([&] { templates::render_text("t", "{{#rows}}{{c}}{{/rows}}", data); }),
            "report template 't': no value for {{c}}");
}

TEST(Template, BrokenTemplateIsAnError) {
  const std::string unclosed = error_of([] { templates::render_text("t", "{{#a}}x", Data()); });
  EXPECT_EQ(unclosed.rfind("report template 't': Unclosed section \"a\"", 0), 0u) << unclosed;
  const std::string unopened = error_of([] { templates::render_text("t", "x{{/a}}", Data()); });
  EXPECT_EQ(unopened.rfind("report template 't': Unopened section \"a\"", 0), 0u) << unopened;
  EXPECT_EQ(error_of([] { templates::render("no-such-page", Data()); }),
            "report template 'no-such-page': no such template in src/softpower/report/templates");
  EXPECT_EQ(error_of([] { templates::render_text("t", "{{> no-such-part}}", Data()); }),
            "report template 'no-such-part': no such template in src/softpower/report/templates");
}

TEST(Template, EveryEmbeddedTemplateParses) {
  const auto names = templates::names();
  ASSERT_FALSE(names.empty());
  EXPECT_TRUE(std::is_sorted(names.begin(), names.end()));
  for (const std::string_view name : names) {
    // Empty data: the first tag is missing, but the template itself must have parsed.
    const std::string message = error_of([&] { templates::render(name, Data()); });
    EXPECT_TRUE(message == "no error" || message.find(": no value for {{") != std::string::npos)
        << message;
  }
}

TEST(Template, PageShell) {
  const std::string page = html::document({"A&B", ".x{color:red}", "<p>body</p>\n"});
  EXPECT_EQ(
      page.rfind("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 0), 0u);
  EXPECT_NE(page.find("\n<title>A&amp;B</title>\n<style>\n:root{"), std::string::npos);
  EXPECT_NE(page.find(".x{color:red}</style>\n</head>\n<body>\n<p>body</p>\n<script>\n(function"),
            std::string::npos);
  EXPECT_EQ(page.substr(page.size() - 32), "})();\n</script>\n</body>\n</html>\n");
}

// A partial's text is put in place before parsing (so a table's row template is parsed once,
// not at every row): it renders with the data around it, as a partial does.
TEST(Template, PartialsRenderWithTheDataAroundThem) {
  templates::List rows;
  for (const char* mean : {"1", "2"}) {
    Data row = one("mean", std::string(mean));
    row["lo"] = std::string("<0");
    rows.push_back(row);
  }
  Data data = one("rows", templates::list(rows));
  data["hi"] = std::string("9");
  EXPECT_EQ(templates::render_text("t", "{{#rows}}({{> interval}}){{/rows}}", data),
            "(1 <small>[&lt;0, 9]</small>)(2 <small>[&lt;0, 9]</small>)");
}

// Slots: a part written into the sink where the template places its value (interval.mustache
// is "{{mean}} <small>[{{lo}}, {{hi}}]</small>"), in the order the page holds them.
TEST(Template, SlotsAreWrittenWhereTheTemplatePlacesThem) {
  templates::Slots slots;
  Data data = one("hi", slots.add([](Sink& out) { out.text += "<b>high</b>"; }));
  data["mean"] = slots.add([](Sink& out) { out.text += "m&m"; });
  data["lo"] = std::string("1<2");
  Sink out;
  out.text = "before|";
  templates::render(out, "interval", data, slots);
  EXPECT_EQ(out.text, "before|m&m <small>[1&lt;2, <b>high</b>]</small>");
  // A U+0001 that marks no slot (text given with one) is an error, not a part left out.
  data["lo"] = std::string(
      "\x01"
      "7\x01");
  EXPECT_EQ(error_of([&] { templates::render(out, "interval", data, slots); }),
            "report template 'interval': a U+0001 character that marks no slot at byte 12");
}

TEST(Template, SlotsLetTheSinkSpillInsideAPage) {
  // A page whose body holds a slot of 3 MB: a file sink writes it out in parts, the same bytes
  // as the page made whole, and never gathers the whole page.
  const std::string big(3u << 20, 'x');
  auto make = [&](Sink& out) {
    templates::Slots slots;
    Data data = one("hi", slots.add([&](Sink& o) {
      for (std::size_t i = 0; i < big.size(); i += 1000) {
        o.text.append(big, i, 1000);
        o.part_done();
      }
    }));
    data["mean"] = std::string("m");
    data["lo"] = std::string("l");
    templates::page(out, "interval", "T", data, slots, "perception.css");
  };
  Sink whole;
  make(whole);
  EXPECT_EQ(whole.text, templates::page(
                            "interval", "T",
                            [&] {
                              Data d = one("hi", big);
                              d["mean"] = std::string("m");
                              d["lo"] = std::string("l");
                              return d;
                            }(),
                            "perception.css"));
  testing::Spilled file;
  make(file.sink);
  file.sink.finish();
  EXPECT_EQ(file.written, whole.text);
  EXPECT_GE(file.parts, 3u);
  EXPECT_LT(file.largest, Sink::kSpillBytes + 1000 + 20000);  // a megabyte and at most one part
}

}  // namespace
}  // namespace softpower::report
