# Every C++ file of ctnn is formatted as .clang-format says: `clang-format --dry-run --Werror` over
# include/, tests/, tutorials/ and bench/. Formatting differs between clang-format's versions, so
# the check runs with Debian 12's, version 14, and is skipped with any other.
# Arguments: CLANG_FORMAT (the program, or empty), ROOT (the source folder).
if(NOT CLANG_FORMAT)
  message("CTNN-SKIP: clang-format is not installed (apt-get install clang-format)")
  return()
endif()
execute_process(COMMAND ${CLANG_FORMAT} --version OUTPUT_VARIABLE version)
if(NOT version MATCHES "version 14\\.")
  message("CTNN-SKIP: the format check needs clang-format 14, found: ${version}")
  return()
endif()
set(files "")
foreach(dir include tests tutorials bench)
  file(GLOB_RECURSE found ${ROOT}/${dir}/*.hpp ${ROOT}/${dir}/*.cpp)
  list(APPEND files ${found})
endforeach()
list(LENGTH files count)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${files} WORKING_DIRECTORY ${ROOT}
                ERROR_VARIABLE complaints RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-format would change these files (run clang-format -i on them):\n"
                      "${complaints}")
endif()
message(STATUS "${count} files formatted as .clang-format says")
