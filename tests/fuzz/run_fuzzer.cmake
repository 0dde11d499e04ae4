# Runs the fuzzer for SECONDS on a copy of the seed corpus (the corpus grows in the build tree,
# never in the sources) and fails on any crash, leak or sanitizer report.
file(REMOVE_RECURSE ${WORK})
file(COPY ${SEEDS}/ DESTINATION ${WORK})
execute_process(COMMAND ${FUZZER} -max_total_time=${SECONDS} -print_final_stats=1 -timeout=10
                        -rss_limit_mb=2048 ${WORK}
                ERROR_VARIABLE log OUTPUT_VARIABLE out RESULT_VARIABLE rc)
string(REGEX MATCH "stat::number_of_executed_units: *[0-9]+" runs "${log}")
string(REGEX MATCHALL "cov: [0-9]+ ft: [0-9]+" coverage "${log}")
list(POP_BACK coverage last_coverage)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "the fuzzer failed (${rc}):\n${log}")
endif()
message(STATUS "fuzzed ${SECONDS} s: ${runs}, final ${last_coverage}")
