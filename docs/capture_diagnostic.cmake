# Compiles one compile-fail case (or, with BREAK, one broken line of tutorial 6), checks that it
# fails with its expected first error, and writes the compiler's words to OUT with the source
# root shortened, for the docs (\verbinclude). With HTML, it also writes them as an HTML fragment
# for \htmlinclude[block]: a <pre class="ctnn-diagnostic"> holding one <span> per line, escaped,
# which docs/ctnn.css wraps instead of scrolling sideways; the first error line (the rule's
# sentence) has the class ctnn-diagnostic-rule, the notes "... evaluates to false" (the rule's
# numbers) ctnn-diagnostic-numbers, and the "required from here" lines (the user's own line)
# ctnn-diagnostic-here. Arguments: COMPILER, INCLUDE, ROOT, SOURCE, OUT, [HTML], [BREAK].
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

if(NOT DEFINED HTML)
  return()
endif()
string(REPLACE "&" "&amp;" text "${out}")
string(REPLACE "<" "&lt;" text "${text}")
string(REPLACE ">" "&gt;" text "${text}")
string(REGEX REPLACE "\n+$" "" text "${text}")
string(APPEND text "\n")
# One line at a time, by position: a CMake list would split at the ';' of g++'s "[with A = 1; ...]".
set(html "<pre class=\"ctnn-diagnostic\">")
set(first_error_seen FALSE)
string(FIND "${text}" "\n" end)
while(end GREATER -1)
  string(SUBSTRING "${text}" 0 ${end} line)
  math(EXPR next "${end} + 1")
  string(SUBSTRING "${text}" ${next} -1 text)
  set(mark "")
  if(NOT first_error_seen AND line MATCHES ": (fatal )?error: ")
    set(mark " class=\"ctnn-diagnostic-rule\"")
    set(first_error_seen TRUE)
  elseif(line MATCHES ": note: .* evaluates to false")
    set(mark " class=\"ctnn-diagnostic-numbers\"")
  elseif(line MATCHES "  required from here$")
    set(mark " class=\"ctnn-diagnostic-here\"")
  endif()
  if(line STREQUAL "")
    set(line " ")  # an empty block would have no height
  endif()
  # Each line a block of its own (docs/ctnn.css), so that a wrapped line is indented under its
  # start; the block ends the line, so no newline follows it.
  string(APPEND html "<span${mark}>${line}</span>")
  string(FIND "${text}" "\n" end)
endwhile()
string(APPEND html "</pre>\n")
file(WRITE ${HTML} "${html}")
