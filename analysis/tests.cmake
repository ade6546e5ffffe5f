# ctest entries for the Python analysis (analysis/). Included from the top-level CMakeLists.txt:
#   include(analysis/tests.cmake)
# Needs Debian's python3-pandas, python3-matplotlib, python3-nbclient, python3-nbformat, python3-ipykernel.
# Every test makes its own small real outputs with the hybridfog binary of this build (so build first),
# under ${CMAKE_BINARY_DIR}/analysis-tests/, kept after the test for a look at the PNGs.

set(HYBRIDFOG_ANALYSIS_PYTHON /usr/bin/python3)
set(HYBRIDFOG_ANALYSIS_ENV
    "HYBRIDFOG_BIN=${CMAKE_BINARY_DIR}/hybridfog"
    "HYBRIDFOG_TEST_WORK=${CMAKE_BINARY_DIR}/analysis-tests"
    "MPLBACKEND=Agg"
    "OMP_NUM_THREADS=1")

# (1) Loaders on a real run and a real sweep, results.csv against summary.json, derived figures, the
#     figure check, and bad input: no folder, a foreign folder, run/study mixed up, wrong manifest format
#     or version, an incomplete run, a missing column, run_notebooks.py on a bad folder (exit 2).
add_test(NAME analysis.loaders
         COMMAND ${HYBRIDFOG_ANALYSIS_PYTHON} -m unittest discover -s ${CMAKE_SOURCE_DIR}/analysis/tests
                 -p test_loaders.py -v)
set_tests_properties(analysis.loaders PROPERTIES TIMEOUT 300 ENVIRONMENT "${HYBRIDFOG_ANALYSIS_ENV}")

# (1b) The adaptive-policy helpers (hybridfog_analysis.adaptive) on runs with a deadline: windows add up to
#      summary.json, the controller's target and thresholds are read, other policies are refused.
add_test(NAME analysis.adaptive
         COMMAND ${HYBRIDFOG_ANALYSIS_PYTHON} -m unittest discover -s ${CMAKE_SOURCE_DIR}/analysis/tests
                 -p test_adaptive.py -v)
set_tests_properties(analysis.adaptive PROPERTIES TIMEOUT 300 ENVIRONMENT "${HYBRIDFOG_ANALYSIS_ENV}")

# (2) Every notebook, top to bottom through run_notebooks.py, on small outputs made in the test:
#     quickstart_run on a `hybridfog run`, mobility (and quickstart_run) on a run of scenarios/commuter.yaml,
#     the study notebooks on `hybridfog sweep analysis/tests/studies/*`.
foreach(kind run mobility policy fleet design adaptive dynamic orchestration battery shared-edge applications)
  add_test(NAME analysis.notebook_${kind}
           COMMAND ${HYBRIDFOG_ANALYSIS_PYTHON} ${CMAKE_SOURCE_DIR}/analysis/tests/check_notebook.py ${kind})
  set_tests_properties(analysis.notebook_${kind} PROPERTIES TIMEOUT 600
                       ENVIRONMENT "${HYBRIDFOG_ANALYSIS_ENV}")
endforeach()
