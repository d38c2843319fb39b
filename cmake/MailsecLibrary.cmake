# Helpers that give every mailsec library the same shape: a shared library
# libmailsec-<part>.so, headers under include/mailsec/<part>/, an exported CMake
# target mailsec::<part> and a pkg-config file mailsec-<part>.pc.

include(CMakePackageConfigHelpers)
set(MAILSEC_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mailsec)
set_property(GLOBAL PROPERTY MAILSEC_COMPONENTS "")

# mailsec_add_library(<part>
#   [INTERFACE]                         header-only (libcore)
#   SOURCES <files...>
#   PUBLIC <targets...>                 linked PUBLIC (public headers need them)
#   PRIVATE <targets...>                linked PRIVATE
#   COMPONENTS <parts...>               other mailsec components this one uses
#   FIND_DEPENDENCIES <lines...>        find_dependency() argument strings for consumers
#   PC_REQUIRES <modules...>            pkg-config Requires
#   PC_REQUIRES_PRIVATE <modules...>)   pkg-config Requires.private
function(mailsec_add_library part)
  cmake_parse_arguments(ARG "INTERFACE" ""
    "SOURCES;PUBLIC;PRIVATE;COMPONENTS;FIND_DEPENDENCIES;PC_REQUIRES;PC_REQUIRES_PRIVATE" ${ARGN})
  set(target mailsec_${part})
  if(ARG_INTERFACE)
    add_library(${target} INTERFACE)
    target_include_directories(${target} INTERFACE
      $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    target_compile_features(${target} INTERFACE cxx_std_20)
  else()
    add_library(${target} SHARED ${ARG_SOURCES})
    target_include_directories(${target} PUBLIC
      $<BUILD_INTERFACE:${CMAKE_CURRENT_SOURCE_DIR}/include>
      $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
    target_include_directories(${target} PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
    target_compile_features(${target} PUBLIC cxx_std_20)
    set_target_properties(${target} PROPERTIES
      OUTPUT_NAME mailsec-${part}
      VERSION ${PROJECT_VERSION}
      SOVERSION ${PROJECT_VERSION_MAJOR})
    if(ARG_PUBLIC)
      target_link_libraries(${target} PUBLIC ${ARG_PUBLIC})
    endif()
    if(ARG_PRIVATE)
      target_link_libraries(${target} PRIVATE ${ARG_PRIVATE})
    endif()
  endif()
  set_target_properties(${target} PROPERTIES EXPORT_NAME ${part})
  add_library(mailsec::${part} ALIAS ${target})

  install(TARGETS ${target} EXPORT mailsec-${part}-targets
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
  install(DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/include/mailsec DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
  install(EXPORT mailsec-${part}-targets NAMESPACE mailsec:: DESTINATION ${MAILSEC_PACKAGE_DIR})

  # Component file read by mailsecConfig.cmake: load the components this one
  # uses, find its public dependencies, then import its target.
  set(body "# mailsec component ${part}\n")
  foreach(dep IN LISTS ARG_COMPONENTS)
    string(APPEND body "_mailsec_load_component(${dep})\n")
  endforeach()
  foreach(line IN LISTS ARG_FIND_DEPENDENCIES)
    string(APPEND body "find_dependency(${line})\n")
  endforeach()
  string(APPEND body "include(\"\${CMAKE_CURRENT_LIST_DIR}/mailsec-${part}-targets.cmake\")\n")
  file(WRITE ${CMAKE_BINARY_DIR}/package/mailsec-${part}-component.cmake "${body}")
  install(FILES ${CMAKE_BINARY_DIR}/package/mailsec-${part}-component.cmake DESTINATION ${MAILSEC_PACKAGE_DIR})

  # pkg-config
  set(PC_NAME mailsec-${part})
  list(TRANSFORM ARG_COMPONENTS PREPEND "mailsec-" OUTPUT_VARIABLE pc_components)
  list(APPEND pc_components ${ARG_PC_REQUIRES})
  list(JOIN pc_components ", " PC_REQUIRES)
  list(JOIN ARG_PC_REQUIRES_PRIVATE ", " PC_REQUIRES_PRIVATE)
  if(ARG_INTERFACE)
    set(PC_LIBS "")
  else()
    set(PC_LIBS "-L\${libdir} -lmailsec-${part}")
  endif()
  set(PC_PART ${part})
  string(REGEX REPLACE "[^/]+" ".." PC_RELPREFIX "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
  configure_file(${PROJECT_SOURCE_DIR}/cmake/mailsec.pc.in ${CMAKE_BINARY_DIR}/package/mailsec-${part}.pc @ONLY)
  install(FILES ${CMAKE_BINARY_DIR}/package/mailsec-${part}.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)

  set_property(GLOBAL APPEND PROPERTY MAILSEC_COMPONENTS ${part})
endfunction()

# Writes and installs mailsecConfig.cmake and its version file. Call once, after
# every library was added.
function(mailsec_install_package)
  get_property(components GLOBAL PROPERTY MAILSEC_COMPONENTS)
  set(MAILSEC_ALL_COMPONENTS ${components})
  configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/mailsecConfig.cmake.in
    ${CMAKE_BINARY_DIR}/package/mailsecConfig.cmake
    INSTALL_DESTINATION ${MAILSEC_PACKAGE_DIR})
  write_basic_package_version_file(${CMAKE_BINARY_DIR}/package/mailsecConfigVersion.cmake
    VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
  install(FILES ${CMAKE_BINARY_DIR}/package/mailsecConfig.cmake
                ${CMAKE_BINARY_DIR}/package/mailsecConfigVersion.cmake
          DESTINATION ${MAILSEC_PACKAGE_DIR})
endfunction()

# mailsec_add_tool(<name> SOURCES <files...> LINK <targets...>): an installed executable in bin/.
function(mailsec_add_tool name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_LINK})
  install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
endfunction()
