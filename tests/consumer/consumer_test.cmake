# Installs the build (BINARY_DIR) into a fresh prefix under WORK_DIR, configures and builds tests/consumer against
# it with find_package(agent-bench), checks the pkg-config file, and runs the consumer on data/consumer.yaml with
# the mock LLM and the sample MCP server (SAMPLE_SERVER): no network, no credentials.
#   cmake -DBINARY_DIR=build -DSOURCE_DIR=. -DWORK_DIR=/tmp/x -DSAMPLE_SERVER=build/sample-mcp-server -P ...
cmake_minimum_required(VERSION 3.25)
foreach(_v BINARY_DIR SOURCE_DIR WORK_DIR SAMPLE_SERVER)
  if(NOT ${_v})
    message(FATAL_ERROR "consumer_test.cmake: pass -D${_v}=...")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
set(_prefix ${WORK_DIR}/prefix)

function(run what)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    message(FATAL_ERROR "${what} failed (${_rc}):\n${_out}\n${_err}")
  endif()
  set(run_output "${_out}" PARENT_SCOPE)
endfunction()

run("installing into ${_prefix}" ${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${_prefix})
foreach(_f include/agent_bench/agent_bench.h lib/cmake/agent-bench/agent-benchConfig.cmake lib/pkgconfig/agent-bench.pc
        lib/agent-bench/libab_api.a bin/agent-bench)
  if(NOT EXISTS ${_prefix}/${_f})
    message(FATAL_ERROR "the install has no ${_f}")
  endif()
endforeach()
# The installed headers must not reach into src/: a consumer only has include/agent_bench/.
file(GLOB _headers ${_prefix}/include/agent_bench/*.h)
foreach(_h IN LISTS _headers)
  file(STRINGS ${_h} _internal REGEX "#include \"(base|config|runner|report|bench)/")
  if(_internal)
    message(FATAL_ERROR "${_h} includes an internal header: ${_internal}")
  endif()
endforeach()

run("configuring the consumer" ${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer/project -B ${WORK_DIR}/build -G Ninja
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${_prefix})
run("building the consumer" ${CMAKE_COMMAND} --build ${WORK_DIR}/build)

# The same program built with a plain compiler command from pkg-config's flags.
find_program(_pkg_config pkg-config)
if(_pkg_config AND CXX)
  set(ENV{PKG_CONFIG_PATH} ${_prefix}/lib/pkgconfig)
  run("pkg-config" ${_pkg_config} --cflags --libs agent-bench)
  string(STRIP "${run_output}" _flags)
  separate_arguments(_flags UNIX_COMMAND "${_flags}")
  if(NOT _flags MATCHES "-lab_api")
    message(FATAL_ERROR "pkg-config agent-bench names no library: ${_flags}")
  endif()
  separate_arguments(_build_flags UNIX_COMMAND "${CXX_FLAGS}")  # the library's build flags (sanitizers)
  run("building the consumer with pkg-config's flags" ${CXX} -std=c++20 -O1 ${_build_flags}
      ${SOURCE_DIR}/tests/consumer/project/main.cc -o ${WORK_DIR}/consumer-pkgconfig ${_flags})
endif()

file(COPY ${SOURCE_DIR}/tests/consumer/data/ DESTINATION ${WORK_DIR}/data)
set(ENV{SAMPLE_SERVER} ${SAMPLE_SERVER})
set(_consumers ${WORK_DIR}/build/consumer)
if(_pkg_config AND CXX)
  list(APPEND _consumers ${WORK_DIR}/consumer-pkgconfig)
endif()
foreach(_consumer IN LISTS _consumers)
  get_filename_component(_name ${_consumer} NAME)
  run("running ${_name}" ${_consumer} ${WORK_DIR}/data/consumer.yaml ${WORK_DIR}/out-${_name}/results)
  message(STATUS "${_name}: ${run_output}")
  if(NOT run_output MATCHES "passed Library/Answer" OR NOT run_output MATCHES "passed Library/Tool call")
    message(FATAL_ERROR "${_name} did not report both tests passed:\n${run_output}")
  endif()
endforeach()
