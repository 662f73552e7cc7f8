# Turns a text file into a C++ source that defines softpower::embedded::<stem>_csv() (or
# FUNCTION() when given) returning it.
get_filename_component(stem ${INPUT} NAME_WE)
if(NOT FUNCTION)
  set(FUNCTION ${stem}_csv)
endif()
file(READ ${INPUT} content)
if(content MATCHES "\\)sp_embed\"")
  message(FATAL_ERROR "${INPUT} holds the raw-string end )sp_embed\"")
endif()
file(WRITE ${OUTPUT}.tmp
  "// Generated from ${INPUT}; edit that file, not this one.\n"
  "#include <string_view>\n"
  "namespace softpower::embedded {\n"
  "std::string_view ${FUNCTION}() {\n"
  "  static constexpr char text[] = R\"sp_embed(${content})sp_embed\";\n"
  "  return {text, sizeof(text) - 1};\n"
  "}\n"
  "}  // namespace softpower::embedded\n")
file(RENAME ${OUTPUT}.tmp ${OUTPUT})
