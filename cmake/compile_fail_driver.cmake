# Runs one compile-fail case (see CompileFail.cmake). Arguments: BINARY_DIR, TARGET, SOURCE,
# MODE (fail or control), DIAGNOSTIC (where the compiler's own lines are saved for the docs),
# MAX_LINES (the longest diagnostic accepted).
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --target ${TARGET}
                OUTPUT_VARIABLE out ERROR_VARIABLE out RESULT_VARIABLE rc)

if(MODE STREQUAL "control")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "the control variant of ${SOURCE} must compile, but:\n${out}")
  endif()
  message(STATUS "control variant compiled")
  return()
endif()

if(rc EQUAL 0)
  message(FATAL_ERROR "BUILT-BUT-MUST-FAIL: ${SOURCE} compiled although it must not")
endif()

# Keep only the compiler's lines: drop the build tool's progress, FAILED and command lines.
string(REPLACE ";" "\\;" out "${out}")
string(REPLACE "\n" ";" lines "${out}")
set(diagnostic "")
set(first_error "")
set(count 0)
foreach(line IN LISTS lines)
  if(line MATCHES "^-- |^\\[[0-9]+/[0-9]+\\]|^FAILED:|^ninja:|^gmake|^make|^/usr/bin/|^[^ ]*(c\\+\\+|clang\\+\\+|g\\+\\+) ")
    continue()
  endif()
  math(EXPR count "${count} + 1")
  string(APPEND diagnostic "${line}\n")
  if(first_error STREQUAL "" AND line MATCHES "error:")
    set(first_error "${line}")
  endif()
endforeach()
file(WRITE ${DIAGNOSTIC} "${diagnostic}")

if(DEFINED EXPECT)  # a tutorial's break case passes its expectation directly
  set(expect_error "${EXPECT}")
else()
  file(STRINGS ${SOURCE} expect_error REGEX "// EXPECT-ERROR: ")
  string(REGEX REPLACE ".*// EXPECT-ERROR: " "" expect_error "${expect_error}")
endif()
if(NOT first_error MATCHES "${expect_error}")
  message(FATAL_ERROR "DIAGNOSTIC-MISMATCH: the first error line of ${SOURCE} is not the expected one\n"
                      "  expected: ${expect_error}\n  first error: ${first_error}\n"
                      "whole diagnostic (${count} lines):\n${diagnostic}")
endif()
set(expect_also "")
if(NOT DEFINED EXPECT)
  file(STRINGS ${SOURCE} expect_also REGEX "// EXPECT-ALSO: ")
endif()
foreach(item IN LISTS expect_also)
  string(REGEX REPLACE ".*// EXPECT-ALSO: " "" regex "${item}")
  if(NOT diagnostic MATCHES "${regex}")
    message(FATAL_ERROR "DIAGNOSTIC-MISMATCH: ${SOURCE} does not say '${regex}'\n"
                        "whole diagnostic (${count} lines):\n${diagnostic}")
  endif()
endforeach()
if(count GREATER MAX_LINES)
  message(FATAL_ERROR "DIAGNOSTIC-TOO-LONG: ${SOURCE} gives ${count} lines (at most ${MAX_LINES}):\n"
                      "${diagnostic}")
endif()
message(STATUS "failed as expected; diagnostic: ${count} lines; first error:\n${first_error}")
