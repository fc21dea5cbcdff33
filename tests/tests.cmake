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
