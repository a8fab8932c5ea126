# The warning set of STYLE.md, kept clean. (After curl's PickyWarnings.cmake.)
set(XXGK_WARNING_FLAGS
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wstrict-prototypes
  -Wmissing-prototypes -Wformat=2)
