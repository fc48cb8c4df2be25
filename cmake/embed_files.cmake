# sparkpm_embed_files(OUTPUT file.cc BASE dir FILES f1 f2 ...)
# Generates a C++ source defining sparkpm::embedded::Files(): every file's path
# (relative to BASE) and bytes. Regenerated whenever one of the files changes.
function(sparkpm_embed_files)
  cmake_parse_arguments(ARG "" "OUTPUT;BASE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${ARG_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${ARG_OUTPUT} -DBASE=${ARG_BASE}
            "-DFILES=${ARG_FILES}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake
    DEPENDS ${ARG_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_files_run.cmake
    COMMENT "Embedding schema, rules and runbooks"
    VERBATIM)
endfunction()
