# Installs the agent-bench binary and the library: include/agent_bench/ headers, the layers' static archives (the
# public API, ab_api, needs all the layers below it), a CMake package (find_package(agent-bench) ->
# agent_bench::agent_bench) and a pkg-config file (agent-bench.pc). tests/consumer builds against the result.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

if(NOT TARGET ab_api)
  return()
endif()
get_property(_ab_modules GLOBAL PROPERTY AB_MODULES)
set(_ab_libdir ${CMAKE_INSTALL_LIBDIR}/agent-bench)
install(TARGETS ${_ab_modules} ab_options EXPORT agent-benchTargets
        ARCHIVE DESTINATION ${_ab_libdir})
install(TARGETS agent-bench RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/agent_bench DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
set(_ab_cmakedir ${CMAKE_INSTALL_LIBDIR}/cmake/agent-bench)
install(EXPORT agent-benchTargets NAMESPACE agent_bench:: DESTINATION ${_ab_cmakedir})
configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/agent-benchConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/agent-benchConfig.cmake INSTALL_DESTINATION ${_ab_cmakedir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/agent-benchConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/agent-benchConfig.cmake ${PROJECT_BINARY_DIR}/agent-benchConfigVersion.cmake
        DESTINATION ${_ab_cmakedir})

# pkg-config: static archives go on the link line in dependency order (users first), so the API comes first.
set(AB_PC_LIBS "-lab_api")
foreach(_m runner bench store agent report llm mcp net assert config template spec jsonpath base)
  if(TARGET ab_${_m})
    string(APPEND AB_PC_LIBS " -lab_${_m}")
  endif()
endforeach()
configure_file(${PROJECT_SOURCE_DIR}/cmake/agent-bench.pc.in ${PROJECT_BINARY_DIR}/agent-bench.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/agent-bench.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
