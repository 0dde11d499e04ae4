# g++ -std=c++20 -I <ctnn>/include main.cpp -lfmt -o program && ./program
execute_process(COMMAND ${COMPILER} -std=c++20 -I${INCLUDE} ${SOURCE} -lfmt -o ${PROGRAM}
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the one-line compile command failed")
endif()
execute_process(COMMAND ${PROGRAM} RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the program failed")
endif()
