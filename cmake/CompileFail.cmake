# ctnn_add_compile_fail_tests(<dir>)
#
# Each <dir>/*.cpp is one compile-fail case: valid code under CTNN_COMPILE_FAIL_CONTROL, the broken
# line otherwise. It declares what the compiler must say:
#   // EXPECT-ERROR: <regex>   the FIRST error line of the failing build must match it
#   // EXPECT-ALSO: <regex>    (any number) must match somewhere in the diagnostic, e.g. the numbers
# and the whole diagnostic must stay short (MAX_LINES).
# Two CTest tests per case: compile_fail.<name> builds the broken variant and passes only if the
# build fails AND the diagnostic matches; compile_fail.<name>.control builds the valid twin and
# passes only if it compiles, which proves the failure comes from the rule and not from a typo.
set(CTNN_COMPILE_FAIL_DRIVER ${CMAKE_CURRENT_LIST_DIR}/compile_fail_driver.cmake)
# A whole diagnostic stays short: measured at most 14 lines with g++ 12, 23 with clang 14.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU")
  set(CTNN_COMPILE_FAIL_MAX_LINES 15)
else()
  set(CTNN_COMPILE_FAIL_MAX_LINES 25)
endif()

function(ctnn_add_compile_fail_case src)
  get_filename_component(name ${src} NAME_WE)
  file(STRINGS ${src} expect REGEX "// EXPECT-ERROR: ")
  if(expect STREQUAL "")
    message(FATAL_ERROR "${src}: missing // EXPECT-ERROR: line")
  endif()
  add_library(cf_${name} OBJECT EXCLUDE_FROM_ALL ${src})
  target_link_libraries(cf_${name} PRIVATE ctnn_project_flags)
  add_library(cf_${name}_control OBJECT EXCLUDE_FROM_ALL ${src})
  target_link_libraries(cf_${name}_control PRIVATE ctnn_project_flags)
  target_compile_definitions(cf_${name}_control PRIVATE CTNN_COMPILE_FAIL_CONTROL)
  set(common -D BINARY_DIR=${CMAKE_BINARY_DIR} -D SOURCE=${src} -D MAX_LINES=${CTNN_COMPILE_FAIL_MAX_LINES}
             -D DIAGNOSTIC=${CMAKE_BINARY_DIR}/compile_fail/${name}.txt)
  add_test(NAME compile_fail.${name}
           COMMAND ${CMAKE_COMMAND} ${common} -D TARGET=cf_${name} -D MODE=fail
                   -P ${CTNN_COMPILE_FAIL_DRIVER})
  add_test(NAME compile_fail.${name}.control
           COMMAND ${CMAKE_COMMAND} ${common} -D TARGET=cf_${name}_control -D MODE=control
                   -P ${CTNN_COMPILE_FAIL_DRIVER})
  # Two builds in one build tree at once can race; serialise these tests only.
  set_tests_properties(compile_fail.${name} compile_fail.${name}.control PROPERTIES
                       RESOURCE_LOCK ctnn_build_tree LABELS compile_fail)
  set(CTNN_LAST_COMPILE_FAIL_TEST compile_fail.${name} PARENT_SCOPE)
endfunction()

function(ctnn_add_compile_fail_tests dir)
  file(GLOB sources CONFIGURE_DEPENDS ${dir}/*.cpp)
  foreach(src IN LISTS sources)
    ctnn_add_compile_fail_case(${src})
  endforeach()
endfunction()

# ctnn_add_break_cases(<src>): a tutorial that shows broken lines in place. Each
#   // BREAK <NAME>: <regex>
# line of <src> becomes the test compile_fail.<file>.<name>, which builds <src> with
# -DCTNN_BREAK_<NAME> and expects the first error to match <regex>. The passing twin is the
# tutorial itself, built and run as a program.
function(ctnn_add_break_cases src)
  get_filename_component(file ${src} NAME_WE)
  file(STRINGS ${src} breaks REGEX "^// BREAK [A-Z_]+: ")
  if(breaks STREQUAL "")
    message(FATAL_ERROR "${src}: no // BREAK <NAME>: <regex> lines")
  endif()
  foreach(line IN LISTS breaks)
    string(REGEX REPLACE "^// BREAK ([A-Z_]+): (.*)$" "\\1" name "${line}")
    string(REGEX REPLACE "^// BREAK ([A-Z_]+): (.*)$" "\\2" expect "${line}")
    string(TOLOWER ${name} lower)
    add_library(cf_${file}_${lower} OBJECT EXCLUDE_FROM_ALL ${src})
    target_link_libraries(cf_${file}_${lower} PRIVATE ctnn_project_flags)
    target_compile_definitions(cf_${file}_${lower} PRIVATE CTNN_BREAK_${name})
    add_test(NAME compile_fail.${file}.${lower}
             COMMAND ${CMAKE_COMMAND} -D BINARY_DIR=${CMAKE_BINARY_DIR} -D SOURCE=${src}
                     -D MAX_LINES=${CTNN_COMPILE_FAIL_MAX_LINES} -D "EXPECT=${expect}"
                     -D DIAGNOSTIC=${CMAKE_BINARY_DIR}/compile_fail/${file}.${lower}.txt
                     -D TARGET=cf_${file}_${lower} -D MODE=fail -P ${CTNN_COMPILE_FAIL_DRIVER})
    set_tests_properties(compile_fail.${file}.${lower} PROPERTIES
                         RESOURCE_LOCK ctnn_build_tree LABELS "compile_fail;tutorial")
  endforeach()
endfunction()
