# Turns a text file into a C++ source that defines softpower::embedded::<stem>() returning it.
get_filename_component(stem ${INPUT} NAME_WE)
file(READ ${INPUT} content)
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${INPUT}; edit that file, not this one.\n"
  "#include <string_view>\n"
  "namespace softpower::embedded {\n"
  "std::string_view ${stem}_csv() {\n"
  "  static constexpr char text[] = R\"sp_embed(${content})sp_embed\";\n"
  "  return {text, sizeof(text) - 1};\n"
  "}\n"
  "}  // namespace softpower::embedded\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
