# ctest entries for the Python model exporter (models/train). Included from the top-level CMakeLists.txt:
#   include(models/train/tests.cmake)
# Needs Debian's python3-torch, python3-torchvision, python3-yaml and dataset-fashion-mnist; no network.

set(HYBRIDFOG_PYTHON /usr/bin/python3)
set(HYBRIDFOG_MODELS_SMOKE_DIR ${CMAKE_BINARY_DIR}/models-smoke)

# (1) Every system's training and export code path, one epoch on a small subset (a minute or two).
add_test(NAME models.export_smoke
         COMMAND ${HYBRIDFOG_PYTHON} ${CMAKE_SOURCE_DIR}/models/train/export_all.py --smoke
                 --out ${HYBRIDFOG_MODELS_SMOKE_DIR})
set_tests_properties(models.export_smoke PROPERTIES TIMEOUT 900 FIXTURES_SETUP models_smoke
                     ENVIRONMENT "OMP_NUM_THREADS=1")

# (2) Schemas (docs/formats.md) of the smoke outputs and of the committed profiles, traces, provenance.
add_test(NAME models.schema_smoke
         COMMAND ${HYBRIDFOG_PYTHON} ${CMAKE_SOURCE_DIR}/models/train/check_outputs.py
                 ${HYBRIDFOG_MODELS_SMOKE_DIR} --smoke --require-all)
set_tests_properties(models.schema_smoke PROPERTIES TIMEOUT 120 FIXTURES_REQUIRED models_smoke)
add_test(NAME models.schema_committed
         COMMAND ${HYBRIDFOG_PYTHON} ${CMAKE_SOURCE_DIR}/models/train/check_outputs.py
                 ${CMAKE_SOURCE_DIR}/models --require-all)
set_tests_properties(models.schema_committed PROPERTIES TIMEOUT 120)

# (3) Profiler arithmetic and bad input (model without exits, missing dataset path -> clear error, exit 2).
add_test(NAME models.exporter_unit
         COMMAND ${HYBRIDFOG_PYTHON} -m unittest discover -s ${CMAKE_SOURCE_DIR}/models/train/tests -v)
set_tests_properties(models.exporter_unit PROPERTIES TIMEOUT 600
                     ENVIRONMENT "OMP_NUM_THREADS=1;HYBRIDFOG_BIN=$<TARGET_FILE:hybridfog>")
