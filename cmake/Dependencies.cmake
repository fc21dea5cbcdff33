# cmake/Dependencies.cmake: find every dependency, or say which Debian
# package provides it. Everything ends up in the interface target lca_deps.

find_package(PkgConfig)

function(lca_require_header header package)
  find_path(_dir NAMES ${header}
            PATHS /usr/include/suitesparse /usr/include/hdf5/serial)
  if(NOT _dir)
    message(FATAL_ERROR "${header} not found: apt-get install ${package}")
  endif()
  unset(_dir CACHE)
endfunction()

function(lca_require_library var name package)
  find_library(${var} NAMES ${name})
  if(NOT ${var})
    message(FATAL_ERROR "lib${name} not found: apt-get install ${package}")
  endif()
endfunction()

add_library(lca_deps INTERFACE)

# UMFPACK (SuiteSparse) for the sparse LU.
lca_require_header(umfpack.h libsuitesparse-dev)
lca_require_library(LCA_UMFPACK umfpack libsuitesparse-dev)
lca_require_library(LCA_SSCONFIG suitesparseconfig libsuitesparse-dev)
find_path(LCA_UMFPACK_INC umfpack.h PATHS /usr/include/suitesparse)
target_include_directories(lca_deps INTERFACE ${LCA_UMFPACK_INC})
target_link_libraries(lca_deps INTERFACE ${LCA_UMFPACK} ${LCA_SSCONFIG})

# OpenBLAS with LAPACK for the dense LU.
lca_require_library(LCA_OPENBLAS openblas libopenblas-dev)
target_link_libraries(lca_deps INTERFACE ${LCA_OPENBLAS})

# HDF5 (serial) for models and results.
if(PkgConfig_FOUND)
  pkg_check_modules(LCA_HDF5 IMPORTED_TARGET hdf5)
endif()
if(NOT LCA_HDF5_FOUND)
  message(FATAL_ERROR "HDF5 not found: apt-get install libhdf5-dev")
endif()
target_link_libraries(lca_deps INTERFACE PkgConfig::LCA_HDF5)

# jansson for JSON, libcsv for CSV.
pkg_check_modules(LCA_JANSSON IMPORTED_TARGET jansson)
if(NOT LCA_JANSSON_FOUND)
  message(FATAL_ERROR "jansson not found: apt-get install libjansson-dev")
endif()
target_link_libraries(lca_deps INTERFACE PkgConfig::LCA_JANSSON)
lca_require_header(csv.h libcsv-dev)
lca_require_library(LCA_CSV csv libcsv-dev)
target_link_libraries(lca_deps INTERFACE ${LCA_CSV})

# Nettle for SHA-256 (provenance: the model file's hash in results files).
pkg_check_modules(LCA_NETTLE IMPORTED_TARGET nettle)
if(NOT LCA_NETTLE_FOUND)
  message(FATAL_ERROR "nettle not found: apt-get install nettle-dev")
endif()
target_link_libraries(lca_deps INTERFACE PkgConfig::LCA_NETTLE)

# libzip and libxml2 for process databases (openLCA JSON-LD and EcoSpold 2
# zip archives).
pkg_check_modules(LCA_LIBZIP IMPORTED_TARGET libzip)
if(NOT LCA_LIBZIP_FOUND)
  message(FATAL_ERROR "libzip not found: apt-get install libzip-dev")
endif()
target_link_libraries(lca_deps INTERFACE PkgConfig::LCA_LIBZIP)
pkg_check_modules(LCA_LIBXML2 IMPORTED_TARGET libxml-2.0)
if(NOT LCA_LIBXML2_FOUND)
  message(FATAL_ERROR "libxml2 not found: apt-get install libxml2-dev")
endif()
target_link_libraries(lca_deps INTERFACE PkgConfig::LCA_LIBXML2)

# OpenMP from gcc.
if(LCA_OPENMP)
  find_package(OpenMP)
  if(OpenMP_C_FOUND)
    target_link_libraries(lca_deps INTERFACE OpenMP::OpenMP_C)
  else()
    message(WARNING "OpenMP not found: building single-threaded")
    target_compile_options(lca_deps INTERFACE -Wno-unknown-pragmas)
  endif()
else()
  # The serial build ignores the pragmas in kernels/ by design.
  target_compile_options(lca_deps INTERFACE -Wno-unknown-pragmas)
endif()

target_link_libraries(lca_deps INTERFACE m)

# MPI (Open MPI) for `mpirun -np R leontief mc`, only with -DLCA_MPI=ON:
# the target lca_mpi, linked by the leontief program alone.
if(LCA_MPI)
  find_package(MPI COMPONENTS C)
  if(NOT MPI_C_FOUND)
    message(FATAL_ERROR "MPI not found: apt-get install libopenmpi-dev "
                        "openmpi-bin")
  endif()
  add_library(lca_mpi INTERFACE)
  target_link_libraries(lca_mpi INTERFACE MPI::MPI_C)
  target_compile_definitions(lca_mpi INTERFACE LCA_HAVE_MPI)
endif()
