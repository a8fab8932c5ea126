# The warning set of STYLE.md, kept clean. (After curl's PickyWarnings.cmake.)
set(XXGK_WARNING_FLAGS
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes
  -Wmissing-prototypes -Wformat=2)
# The same for C++ (src/parse/pdf_paths.cc), less the C-only ones.
set(XXGK_CXX_WARNING_FLAGS -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wformat=2)
# Messages are cut to fixed buffers on purpose (snprintf); GCC's guess that
# they "may be truncated" is not a defect here.
if(CMAKE_C_COMPILER_ID STREQUAL "GNU")
  list(APPEND XXGK_WARNING_FLAGS -Wno-format-truncation)
endif()
