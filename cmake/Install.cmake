# cmake/Install.cmake: what `cmake --install BUILD [--prefix P]` puts where
# (GNUInstallDirs; libdir may be lib/<multiarch> under /usr):
#
#   bin/leontief                        the program
#   lib/libleontief.so.X.Y.Z            the shared library (soname
#   lib/libleontief.so.X.Y, .so           libleontief.so.MAJOR.MINOR)
#   lib/libleontief.a                   the static library
#   include/lca.h, include/lca/*.h      the public headers (lca/version.h
#                                         generated from the project version)
#   lib/cmake/leontief/                 find_package(leontief): imported
#                                         targets leontief::lca (shared) and
#                                         leontief::lca_static
#   lib/pkgconfig/leontief.pc           pkg-config --cflags --libs leontief
#   share/leontief/                     the data read at run time (below),
#                                         found relative to the installed
#                                         library or program
#
# tests/install/run.sh installs into a temporary prefix and builds a
# program against it both ways.

include(CMakePackageConfigHelpers)

# The folders of datasets/ that the program or library reads at run time
# (installed to share/leontief/<folder>, found by lca_data_dir). Add yours
# here; example and test data (useeio-v1.2, uslci, wiod-2011, examples)
# are not installed.
set(LCA_RUNTIME_DATA methods cbam)

set(LCA_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/leontief)

install(TARGETS leontief RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
set_target_properties(lca_shared PROPERTIES EXPORT_NAME lca)
set_target_properties(lca PROPERTIES EXPORT_NAME lca_static)
install(TARGETS lca_shared lca EXPORT leontiefTargets
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES include/lca.h DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(DIRECTORY include/lca ${CMAKE_BINARY_DIR}/include/lca
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
        FILES_MATCHING PATTERN "*.h")
foreach(dir ${LCA_RUNTIME_DATA})
  install(DIRECTORY datasets/${dir}
          DESTINATION ${CMAKE_INSTALL_DATADIR}/leontief)
endforeach()

# CMake package.
install(EXPORT leontiefTargets NAMESPACE leontief::
        DESTINATION ${LCA_CMAKE_DIR})
set(LCA_PC_OPENMP "")
set(LCA_USES_OPENMP FALSE)
if(LCA_OPENMP AND OpenMP_C_FOUND)
  set(LCA_PC_OPENMP "${OpenMP_C_FLAGS}")
  set(LCA_USES_OPENMP TRUE)
endif()
configure_package_config_file(cmake/leontiefConfig.cmake.in
  ${CMAKE_BINARY_DIR}/leontiefConfig.cmake
  INSTALL_DESTINATION ${LCA_CMAKE_DIR}
  PATH_VARS CMAKE_INSTALL_DATADIR)
# Before 1.0 a minor version may break the API: only the same minor is
# compatible.
write_basic_package_version_file(${CMAKE_BINARY_DIR}/leontiefConfigVersion.cmake
  VERSION ${PROJECT_VERSION} COMPATIBILITY SameMinorVersion)
install(FILES ${CMAKE_BINARY_DIR}/leontiefConfig.cmake
              ${CMAKE_BINARY_DIR}/leontiefConfigVersion.cmake
        DESTINATION ${LCA_CMAKE_DIR})

# pkg-config file, relocatable: the prefix is found from the file's place.
file(RELATIVE_PATH LCA_PC_PREFIX ${CMAKE_INSTALL_FULL_LIBDIR}/pkgconfig
     ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" LCA_PC_PREFIX "${LCA_PC_PREFIX}")
configure_file(cmake/leontief.pc.in ${CMAKE_BINARY_DIR}/leontief.pc @ONLY)
install(FILES ${CMAKE_BINARY_DIR}/leontief.pc
        DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
