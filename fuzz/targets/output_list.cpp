// The list softpower keeps in every folder it writes into (core/output_folder.hpp,
// docs/outputs.md): a file on disk that anyone may edit, so its reader must refuse anything but
// a list of names inside the folder. What it reads it must write back and read again the same.

#include <stdexcept>
#include <string_view>

#include "fuzz/target.hpp"
#include "softpower/core/error.hpp"
#include "softpower/core/output_folder.hpp"

SOFTPOWER_FUZZ_TARGET(output_list) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  softpower::OutputList list;
  try {
    list = softpower::OutputList::parse(text, "fuzz");
  } catch (const softpower::Error&) {
    return 0;
  }
  for (const auto& f : list.files) softpower::check_output_name(f.name);
  for (const auto& f : list.folders) softpower::check_output_name(f);
  const softpower::OutputList again = softpower::OutputList::parse(list.text(), "again");
  if (!(again.files == list.files) || again.folders != list.folders ||
      again.staging != list.staging || again.by != list.by) {
    throw std::logic_error("the list read back differs from the list written");
  }
  return 1;
}
