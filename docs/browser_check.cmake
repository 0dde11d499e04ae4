# Opens PAGE in headless Chromium, saves the rendered DOM to DOM, and checks that MathJax typeset
# the equations (SVG elements, no raw TeX left) and that the page shows its code snippet.
# Says CTNN-SKIP (which CTest reports as skipped) when Chromium is not installed.
if(NOT CHROMIUM)
  message("CTNN-SKIP: Chromium is not installed (apt-get install chromium)")
  return()
endif()
if(NOT EXISTS ${PAGE})
  message(FATAL_ERROR "${PAGE} does not exist: build the 'docs' target first")
endif()
execute_process(COMMAND ${CHROMIUM} --headless --no-sandbox --disable-gpu
                        --disable-background-networking --virtual-time-budget=15000
                        --dump-dom file://${PAGE}
                OUTPUT_VARIABLE dom ERROR_VARIABLE errors RESULT_VARIABLE rc TIMEOUT 120)
file(WRITE ${DOM} "${dom}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "chromium failed (${rc}):\n${errors}")
endif()
string(REGEX MATCHALL "class=\"MathJax_SVG_Display\"" displays "${dom}")
string(REGEX MATCHALL "class=\"MathJax_SVG\"" inline "${dom}")
list(LENGTH displays n_display)
list(LENGTH inline n_inline)
if(n_display LESS 1)
  message(FATAL_ERROR "no typeset display equation in the rendered page (see ${DOM})")
endif()
# MathJax keeps each formula's TeX in a <script type="math/tex"> beside the SVG it made from it:
# every one of them must have its SVG, and none may have become an error box.
string(REGEX MATCHALL "<script type=\"math/tex" formulas "${dom}")
list(LENGTH formulas n_formulas)
if(n_formulas EQUAL 0 OR NOT n_inline EQUAL n_formulas)
  message(FATAL_ERROR "${n_inline} typeset of ${n_formulas} formulas (see ${DOM})")
endif()
string(FIND "${dom}" "class=\"MathJax_Error\"" mathjax_error)
if(NOT mathjax_error EQUAL -1)
  message(FATAL_ERROR "MathJax reported an error in the page (see ${DOM})")
endif()
string(FIND "${dom}" "forward_by_equation" snippet)
if(snippet EQUAL -1)
  message(FATAL_ERROR "the code snippet of eq. (4) is not in the rendered page (see ${DOM})")
endif()
message(STATUS "typeset: ${n_formulas} of ${n_formulas} formulas (${n_display} displayed); snippet present")
