# Runs PROGRAM, saves what it prints to OUTPUT (the docs include it), and fails unless it is
# exactly the text of EXPECTED.
execute_process(COMMAND ${PROGRAM} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
file(WRITE ${OUTPUT} "${out}")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${rc}")
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  message(FATAL_ERROR "${PROGRAM} printed:\n${out}\nbut ${EXPECTED} says:\n${expected}")
endif()
message(STATUS "output is ${EXPECTED}")
