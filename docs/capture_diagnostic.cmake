# Compiles one compile-fail case (or, with BREAK, one broken line of tutorial 6), checks that it
# fails with its expected first error, and writes the compiler's words to OUT with the source
# root shortened, for the docs. Arguments: COMPILER, INCLUDE, ROOT, SOURCE, OUT, [BREAK].
set(defines "")
if(DEFINED BREAK)
  set(defines -DCTNN_BREAK_${BREAK})
  file(STRINGS ${SOURCE} expect REGEX "^// BREAK ${BREAK}: ")
  string(REGEX REPLACE "^// BREAK ${BREAK}: " "" expect "${expect}")
else()
  file(STRINGS ${SOURCE} expect REGEX "// EXPECT-ERROR: ")
  string(REGEX REPLACE ".*// EXPECT-ERROR: " "" expect "${expect}")
endif()
execute_process(COMMAND ${COMPILER} -std=c++20 -fsyntax-only -I${INCLUDE} ${defines} ${SOURCE}
                ERROR_VARIABLE out OUTPUT_VARIABLE out RESULT_VARIABLE rc)
if(rc EQUAL 0)
  message(FATAL_ERROR "${SOURCE} ${BREAK} compiled, but the docs show it failing")
endif()
string(REGEX MATCH "[^\n]*error:[^\n]*" first_error "${out}")
if(NOT first_error MATCHES "${expect}")
  message(FATAL_ERROR "${SOURCE} ${BREAK}: first error does not match '${expect}':\n${out}")
endif()
string(REPLACE "${ROOT}/" "" out "${out}")
file(WRITE ${OUT} "${out}")
