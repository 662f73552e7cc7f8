# Turns the report templates (every *.mustache file of DIR) into one C++ source defining
# softpower::embedded::report_templates(): each file's name without ".mustache" and its text,
# in name order, so the binary needs no files at run time.
file(GLOB files RELATIVE ${DIR} ${DIR}/*.mustache)
# Sorted by name (not file name: "a.css" comes after "a"), as the lookup expects.
list(TRANSFORM files REPLACE "\\.mustache$" "")
list(SORT files)
set(entries "")
foreach(name IN LISTS files)
  set(file ${name}.mustache)
  file(READ ${DIR}/${file} content)
  if(content MATCHES "\\)sp_embed\"")
    message(FATAL_ERROR "${DIR}/${file} holds the raw-string end )sp_embed\"")
  endif()
  string(APPEND entries "    {\"${name}\", R\"sp_embed(${content})sp_embed\"},\n")
endforeach()
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${DIR}; edit those files, not this one.\n"
  "#include <span>\n"
  "#include <string_view>\n"
  "#include <utility>\n"
  "namespace softpower::embedded {\n"
  "std::span<const std::pair<std::string_view, std::string_view>> report_templates() {\n"
  "  static constexpr std::pair<std::string_view, std::string_view> templates[] = {\n"
  "${entries}"
  "  };\n"
  "  return templates;\n"
  "}\n"
  "}  // namespace softpower::embedded\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
