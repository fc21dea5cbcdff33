# The list of tests: one line per test file.

lca_test(test_csc LABEL unit)

lca_test(test_solver LABEL unit)
lca_test(test_calc LABEL unit)
lca_test(test_ctx LABEL unit)
lca_test(test_model LABEL unit)
lca_test(test_useeio_results LABEL integration)
lca_test(test_import_mtx LABEL integration)
lca_test(test_import_useeio LABEL integration)
lca_test(test_cli LABEL cli CLI)
lca_test(test_h5model LABEL unit)
lca_test(test_uncertainty LABEL unit)
lca_test(test_philox LABEL unit)
lca_test(test_sample LABEL unit)
lca_test(test_pedigree LABEL unit)
lca_test(test_mc LABEL integration)
lca_test(test_mcfile LABEL unit)
lca_test(test_method LABEL integration CLI)
lca_test(test_solver_threads LABEL unit)
lca_test(test_export LABEL cli CLI)
lca_test(test_import_io LABEL integration)
lca_test(test_atomic_kill LABEL cli CLI)
lca_test(test_presamples LABEL unit)
lca_test(test_footprints LABEL cli CLI)
lca_test(test_import_olca LABEL integration)
lca_test(test_import_ecospold2 LABEL integration)
lca_test(test_mc_cli LABEL cli CLI)
# Replays tests/fuzz-corpus/ through the fuzz harnesses (fuzz/README.md).
  ${CMAKE_SOURCE_DIR}/fuzz/fuzz_util.c ${CMAKE_SOURCE_DIR}/fuzz/fuzz_model_read.c
  ${CMAKE_SOURCE_DIR}/fuzz/fuzz_useeio.c ${CMAKE_SOURCE_DIR}/fuzz/fuzz_mtx.c
  ${CMAKE_SOURCE_DIR}/fuzz/fuzz_iotable.c ${CMAKE_SOURCE_DIR}/fuzz/fuzz_olca.c
  ${CMAKE_SOURCE_DIR}/fuzz/fuzz_ecospold2.c ${CMAKE_SOURCE_DIR}/fuzz/fuzz_method.c
  ${CMAKE_SOURCE_DIR}/fuzz/fuzz_presamples.c)
  "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/fuzz/lsan.supp")
lca_test(test_paths_agree LABEL integration)
