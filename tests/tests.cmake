# The list of tests: one line per test file.

lca_test(test_csc LABEL unit)

