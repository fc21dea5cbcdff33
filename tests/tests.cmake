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
lca_test(test_verdict LABEL unit)
lca_test(test_mcfile LABEL unit)
lca_test(test_method LABEL integration CLI)
lca_test(test_split LABEL integration)
lca_test(test_amounts LABEL integration)
lca_test(test_lookup LABEL integration CLI)
lca_test(test_ties LABEL integration CLI)
lca_test(test_useeio_v2 LABEL integration)
lca_test(test_solver_threads LABEL unit)
lca_test(test_export LABEL cli CLI)
lca_test(test_import_io LABEL integration)
lca_test(test_atomic_kill LABEL cli CLI)
lca_test(test_presamples LABEL unit)
lca_test(test_footprints LABEL cli CLI)
lca_test(test_import_olca LABEL integration CLI)
lca_test(test_import_ecospold2 LABEL integration)
lca_test(test_import_alloc LABEL integration)
lca_test(test_rule LABEL unit)
lca_test(test_rule_read LABEL unit)
lca_test(test_pcf LABEL unit)
target_sources(test_pcf PRIVATE pcf_model.c)
lca_test(test_pcf_write LABEL unit)
target_sources(test_pcf_write PRIVATE pcf_model.c)
lca_test(test_pcf_cli LABEL cli CLI)
target_sources(test_pcf_cli PRIVATE pcf_model.c)
lca_test(test_pcf_synthetic LABEL integration)
target_link_libraries(test_pcf_synthetic PRIVATE lca_gen)
lca_test(test_cbam LABEL unit)
lca_test(test_cbam_cli LABEL cli CLI)
lca_test(test_mc_cli LABEL cli CLI)
# Every writer on a tmpfs that fills (a private mount namespace).
lca_test(test_full_disk LABEL cli CLI)
# Sealed files, the probe of unsealed ones, the known libhdf5 bugs.
lca_test(test_h5seal LABEL cli CLI)
# Replays tests/fuzz-corpus/ through the fuzz harnesses (fuzz/README.md).
lca_test(test_fuzz_corpus LABEL unit)
foreach(f util model_read useeio mtx iotable olca ecospold2 method presamples bw)
  target_sources(test_fuzz_corpus PRIVATE ${CMAKE_SOURCE_DIR}/fuzz/fuzz_${f}.c)
endforeach()
set_property(TEST test_fuzz_corpus APPEND PROPERTY ENVIRONMENT
  "LSAN_OPTIONS=suppressions=${CMAKE_SOURCE_DIR}/fuzz/lsan.supp")
lca_test(test_generator LABEL integration)
target_link_libraries(test_generator PRIVATE lca_gen)
lca_test(test_paths_agree LABEL integration)
# examples/slurm/ under a real one-node Slurm the script starts itself
# (root only: exit 77 = skipped; installs slurm-wlm and munge if missing).
add_test(NAME slurm_mc_job COMMAND bash
  ${CMAKE_CURRENT_SOURCE_DIR}/slurm/run_slurm_test.sh $<TARGET_FILE:leontief>)
set_tests_properties(slurm_mc_job PROPERTIES LABELS slurm
  SKIP_RETURN_CODE 77 TIMEOUT 300)
lca_test(test_mc_absorb LABEL unit)
lca_test(test_krylov LABEL unit)
lca_test(test_solver_iter LABEL unit)
lca_test(test_mc_iter LABEL integration)
target_link_libraries(test_mc_iter PRIVATE lca_gen)
# mpirun -np R leontief mc equals one process (only with -DLCA_MPI=ON).
if(LCA_MPI)
  lca_test(test_mpi_mc LABEL mpi CLI)
  set_property(TEST test_mpi_mc APPEND PROPERTY ENVIRONMENT
    "LCA_MPIEXEC=${MPIEXEC_EXECUTABLE}"
    "LSAN_OPTIONS=detect_leaks=0")  # but in two runs: tests/test_mpi_mc.c
endif()
lca_test(test_dqr LABEL integration)
lca_test(test_fdb LABEL unit)
lca_test(test_release LABEL unit)
lca_test(test_fdb_build LABEL unit)
# Analysis (issue #13): tree and paths, contributions, sensitivity.
lca_test(test_spa LABEL unit)
target_sources(test_spa PRIVATE spa_brute.c)
lca_test(test_spa_useeio LABEL integration)
target_sources(test_spa_useeio PRIVATE spa_brute.c)
lca_test(test_moments LABEL unit)
lca_test(test_screen LABEL unit)
# The rule-file JSON schema, every shipped rule against it (needs
# python3-jsonschema; exit 77 = skipped).
find_program(LCA_PYTHON3 python3)
if(LCA_PYTHON3)
  add_test(NAME rules_schema COMMAND ${LCA_PYTHON3}
           ${CMAKE_CURRENT_SOURCE_DIR}/rules_schema.py)
  set_tests_properties(rules_schema PROPERTIES LABELS unit
                       SKIP_RETURN_CODE 77)
  # The CBAM goods and table schemas, the shipped tables against them.
  add_test(NAME cbam_schema COMMAND ${LCA_PYTHON3}
           ${CMAKE_CURRENT_SOURCE_DIR}/cbam_schema.py)
  set_tests_properties(cbam_schema PROPERTIES LABELS unit
                       SKIP_RETURN_CODE 77)
endif()
lca_test(test_factordb_cli LABEL cli CLI)
lca_test(test_gsa LABEL unit)
lca_test(test_contrib_split LABEL unit)
lca_test(test_analysis_cli LABEL cli CLI)
lca_test(test_import_bw LABEL integration)
# Grades, labels and disclosure (issue #15).
lca_test(test_grade LABEL unit)
lca_test(test_grading_read LABEL unit)
lca_test(test_labels LABEL cli CLI)
if(LCA_PYTHON3)
  add_test(NAME grading_schema COMMAND ${LCA_PYTHON3}
           ${CMAKE_CURRENT_SOURCE_DIR}/grading_schema.py)
  set_tests_properties(grading_schema PROPERTIES LABELS unit
                       SKIP_RETURN_CODE 77)
endif()
lca_test(test_pact LABEL unit CLI)
# The footprint report: picture data and the HTML page (escaping, stems).
lca_test(test_report LABEL unit)
target_sources(test_report PRIVATE report_doc.c)
lca_test(test_report_pcf LABEL unit)
target_sources(test_report_pcf PRIVATE pcf_model.c)
lca_test(test_report_cli LABEL cli CLI)
target_sources(test_report_cli PRIVATE pcf_model.c)
# The same page in headless Chromium (tests/report_browser.py): renders
# without console messages, every section and chart present, no script
# element, a screenshot in the build folder. Skipped (77) without
# Chromium. report_sample writes the pages first.
add_executable(report_sample report_sample.c report_doc.c)
target_link_libraries(report_sample PRIVATE lca)
target_include_directories(report_sample PRIVATE ${CMAKE_SOURCE_DIR})
target_compile_options(report_sample PRIVATE ${LCA_WARNINGS})
set(LCA_REPORT_PAGES ${CMAKE_BINARY_DIR}/report-pages)
add_test(NAME report_sample_pages
         COMMAND report_sample ${LCA_REPORT_PAGES})
set_tests_properties(report_sample_pages PROPERTIES LABELS unit
                     FIXTURES_SETUP report_pages)
set(LCA_REPORT_SECTIONS "sec-unit,sec-boundary,sec-cutoff,sec-allocation,\
sec-results,sec-contrib,sec-paths,sec-uncertainty,sec-grade,sec-sources,\
sec-quality,sec-conformance,sec-rule,sec-validity,headline")
if(LCA_PYTHON3)
  add_test(NAME report_browser COMMAND ${LCA_PYTHON3}
    ${CMAKE_CURRENT_SOURCE_DIR}/report_browser.py ${CMAKE_BINARY_DIR}
    "${LCA_REPORT_PAGES}/sample.html:${LCA_REPORT_SECTIONS},chart-stages,\
chart-split,chart-contrib,chart-paths,chart-histogram,chart-convergence,\
chart-grades"
    "${LCA_REPORT_PAGES}/sample-plain.html:${LCA_REPORT_SECTIONS},\
chart-stages,chart-contrib,chart-paths")
  set_tests_properties(report_browser PROPERTIES LABELS browser
    FIXTURES_REQUIRED report_pages SKIP_RETURN_CODE 77 TIMEOUT 600)
endif()
lca_test(test_submission LABEL unit CLI)
lca_test(test_csvguard LABEL cli CLI)
lca_test(test_jsonout LABEL cli CLI)
