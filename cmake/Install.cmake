# Install.cmake — what `cmake --install` puts where (GNU install directories):
#   bin/xxgk; lib/libxxgk.so (shared, the static library linked whole) and
#   lib/libxxgk.a; include/xxgk/*.h; lib/pkgconfig/xxgk.pc (relocatable);
#   share/xxgk (data/: the gazetteer, rules, peers; found by xxgk_data_dir()
#   from where the library is, $XXGK_DATA_DIR overriding); share/man/man1
#   (pages made from each command's help by `xxgk help --man-dir`); the bash
#   completion (`xxgk help --completion`); share/locale (message catalogs
#   compiled from po/*.po) and the Chinese man pages in share/man/zh_CN.
include(GNUInstallDirs)

add_library(xxgk_shared SHARED ${PROJECT_SOURCE_DIR}/cmake/xxgk_so.c)
set_target_properties(xxgk_shared PROPERTIES OUTPUT_NAME xxgk VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR})
target_link_libraries(xxgk_shared PRIVATE "$<LINK_LIBRARY:WHOLE_ARCHIVE,xxgk>")

# pkg-config: prefix from the .pc file's own folder, so the install can move
file(RELATIVE_PATH XXGK_PC_UP "/x/${CMAKE_INSTALL_LIBDIR}/pkgconfig" "/x")
string(REGEX REPLACE "/$" "" XXGK_PC_UP "${XXGK_PC_UP}")
# (no tesseract, lept: src/parse/ocr_dl.c opens them when a scan is read)
string(REPLACE ";" " " XXGK_PC_REQUIRES
  "libcjson;opencc;libxml-2.0;sqlite3;gsl;harfbuzz;harfbuzz-subset;poppler-glib;poppler;libzip;xlsxwriter;fontconfig;libdeflate")
configure_file(${PROJECT_SOURCE_DIR}/cmake/xxgk.pc.in ${PROJECT_BINARY_DIR}/xxgk.pc @ONLY)

# message catalogs (po/*.po, gettext): compiled into build/locale, where the
# build's xxgk reads them, and installed in share/locale
find_program(XXGK_MSGFMT msgfmt REQUIRED)
file(GLOB XXGK_PO_FILES ${PROJECT_SOURCE_DIR}/po/*.po)
set(XXGK_MO_FILES)
foreach(po ${XXGK_PO_FILES})
  get_filename_component(lang ${po} NAME_WE)
  set(mo ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES/xxgk.mo)
  add_custom_command(OUTPUT ${mo}
    COMMAND ${CMAKE_COMMAND} -E make_directory ${PROJECT_BINARY_DIR}/locale/${lang}/LC_MESSAGES
    COMMAND ${XXGK_MSGFMT} --check -o ${mo} ${po}
    DEPENDS ${po} VERBATIM)
  list(APPEND XXGK_MO_FILES ${mo})
  install(FILES ${mo} DESTINATION ${CMAKE_INSTALL_LOCALEDIR}/${lang}/LC_MESSAGES)
endforeach()
add_custom_target(xxgk_locale ALL DEPENDS ${XXGK_MO_FILES})
target_compile_definitions(xxgk_cli PRIVATE XXGK_LOCALE_DIR_BUILD="${PROJECT_BINARY_DIR}/locale"
  XXGK_LOCALE_DIR_INSTALLED="${CMAKE_INSTALL_FULL_LOCALEDIR}")

# man pages and completion, from the built command's own help: English (LANG=C)
# and Chinese (zh_CN, from the catalog just built)
set(XXGK_MAN_DIR ${PROJECT_BINARY_DIR}/man)
add_custom_command(OUTPUT ${XXGK_MAN_DIR}/xxgk.1 ${XXGK_MAN_DIR}/zh_CN/xxgk.1 ${PROJECT_BINARY_DIR}/xxgk.bash
  COMMAND ${CMAKE_COMMAND} -E env LANG=C LC_ALL=C LANGUAGE= $<TARGET_FILE:xxgk_cli> help --man-dir=${XXGK_MAN_DIR}
  COMMAND ${CMAKE_COMMAND} -E env LANG=zh_CN.UTF-8 LC_ALL=zh_CN.UTF-8 LANGUAGE=
          XXGK_LOCALE_DIR=${PROJECT_BINARY_DIR}/locale
          $<TARGET_FILE:xxgk_cli> help --man-dir=${XXGK_MAN_DIR}/zh_CN
  COMMAND sh -c "LANG=C LC_ALL=C LANGUAGE= '$<TARGET_FILE:xxgk_cli>' help --completion > '${PROJECT_BINARY_DIR}/xxgk.bash'"
  DEPENDS xxgk_cli xxgk_locale ${XXGK_MO_FILES}
  VERBATIM)
add_custom_target(xxgk_docs ALL DEPENDS ${XXGK_MAN_DIR}/xxgk.1 ${PROJECT_BINARY_DIR}/xxgk.bash)

install(TARGETS xxgk_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(TARGETS xxgk xxgk_shared
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/xxgk DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/xxgk.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/xxgk)
install(DIRECTORY ${XXGK_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 FILES_MATCHING PATTERN "*.1"
  PATTERN zh_CN EXCLUDE)
install(DIRECTORY ${XXGK_MAN_DIR}/zh_CN/ DESTINATION ${CMAKE_INSTALL_MANDIR}/zh_CN/man1 FILES_MATCHING PATTERN "*.1")
install(FILES ${PROJECT_BINARY_DIR}/xxgk.bash DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions
  RENAME xxgk)
