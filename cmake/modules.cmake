# ab_module(name SOURCES ... DEPS ... [PROVIDES header...]): one static library per src/ folder.
# The DEPS lists are the layering: a file of a layer includes headers of its own folder and of the layers it links
# (directly or through them), nothing else. A wrong #include of a compiled function fails to link; one of a
# header-only piece (a struct, an interface, an inline table) would not, so the CTest rules/layer_includes checks
# every #include against these lists. PROVIDES: the headers of the folder this target stands for, when it is not
# the folder's main target (ab_spec in src/config/); by default a target provides every header of src/<name>/.
function(ab_module name)
  cmake_parse_arguments(M "" "" "SOURCES;DEPS;PROVIDES" ${ARGN})
  add_library(ab_${name} STATIC ${M_SOURCES})
  add_library(ab::${name} ALIAS ab_${name})
  # src/ only while building: an installed library is used through include/agent_bench/ (cmake/install.cmake).
  target_include_directories(ab_${name} PUBLIC $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
  set_property(GLOBAL APPEND PROPERTY AB_MODULES ab_${name})
  set_target_properties(ab_${name} PROPERTIES AB_PROVIDES "${M_PROVIDES}")
  target_link_libraries(ab_${name} PUBLIC ${M_DEPS} PRIVATE ab_options)
  if(AB_CLANG_TIDY)
    set_target_properties(ab_${name} PROPERTIES CXX_CLANG_TIDY clang-tidy)
  endif()
endfunction()

# ab_interface(name HEADERS ... DEPS ...): header-only headers of a layer that another layer programs against
# without linking the layer (the agent loop sees llm/provider.h and mcp/server.h, never a provider or a transport).
# Everything in HEADERS must stay inline: a function defined in the layer's .cc files would not link. The agent's
# test binary links only ab::agent, which proves it for the interfaces it uses.
function(ab_interface name)
  cmake_parse_arguments(M "" "" "HEADERS;DEPS" ${ARGN})
  add_library(ab_${name} INTERFACE)
  add_library(ab::${name} ALIAS ab_${name})
  target_include_directories(ab_${name} INTERFACE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/src>)
  set_property(GLOBAL APPEND PROPERTY AB_MODULES ab_${name})
  set_target_properties(ab_${name} PROPERTIES AB_PROVIDES "${M_HEADERS}")
  target_link_libraries(ab_${name} INTERFACE ${M_DEPS})
endfunction()

# ab_test(name SOURCES ... DEPS ... [PROPERTIES ...] [OPTIMIZED]): one doctest binary per layer, each case a CTest
# entry; PROPERTIES are extra CTest properties of every case (e.g. FIXTURES_REQUIRED). OPTIMIZED compiles the test
# code at the build's level: for tests whose own code does heavy work (building and parsing 10 000 results).
function(ab_test name)
  cmake_parse_arguments(T "OPTIMIZED" "" "SOURCES;DEPS;PROPERTIES" ${ARGN})
  add_executable(ab_${name}_tests ${PROJECT_SOURCE_DIR}/tests/main_test.cc ${T_SOURCES})
  target_include_directories(ab_${name}_tests PRIVATE ${PROJECT_SOURCE_DIR}/tests ${PROJECT_SOURCE_DIR}/src)
  target_link_libraries(ab_${name}_tests PRIVATE ${T_DEPS} doctest::doctest ab_options)
  target_compile_definitions(ab_${name}_tests PRIVATE
    AB_SOURCE_DIR="${PROJECT_SOURCE_DIR}" AB_BINARY_DIR="${PROJECT_BINARY_DIR}")
  # Test code itself is compiled without optimization (the libraries under test keep the build's level): it spends
  # its time in the code under test and waiting on child processes, and -O0 compiles a test batch in less than
  # half the time (one unity batch of tests/serve: 28.7 s at -O1, 12.8 s at -O0, clang with ASan).
  if(NOT AB_OPTIMIZE_TESTS AND NOT T_OPTIMIZED)
    target_compile_options(ab_${name}_tests PRIVATE -O0)
  endif()
  doctest_discover_tests(ab_${name}_tests TEST_PREFIX "${name}/" PROPERTIES TIMEOUT 300 ${T_PROPERTIES})
endfunction()
