// fuzz/fuzz_model_read.c: fuzz lca_model_read (HDF5 model files)
// SPDX-License-Identifier: MIT
//
// The input is the model file. The seeds are small valid files (schema
// versions 1 and 2, with labels, demands, uncertainty and a report);
// mutations of their raw data (column pointers, row indices, values,
// strings) reach the reader's own checks, mutations of HDF5's metadata
// mostly the HDF5 library's.
//
// One more check than the other harnesses: no HDF5 object (file, group,
// dataset, attribute, type, space) may be left open after the call. A
// leaked id is the reader's bug; memory that HDF5 itself loses after a
// metadata checksum error is not, and fuzz/lsan.supp suppresses it.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <hdf5.h>

#include "fuzz.h"

int lca_fuzz_model_read(const uint8_t *data, size_t size) {
    fuzz_env e;
    if (fuzz_begin(&e, "model_read") != 0) return 0;
    int bad = 0;
    char path[4200];
    if (fuzz_write(&e, "model.h5", data, size, path) != NULL) {
        lca_model *M = NULL;
        lca_status st = lca_model_read(e.ctx, path, &M);
        bad |= fuzz_check(&e, "model_read", st, M);
        lca_model_destroy(&M);
        ssize_t open_ids = H5Fget_obj_count(H5F_OBJ_ALL, H5F_OBJ_ALL);
        if (open_ids != 0) {
            fprintf(stderr,
                    "fuzz model_read: %zd HDF5 objects left open "
                    "(status %d: %s)\n",
                    open_ids, (int)st, lca_ctx_errmsg(e.ctx));
            bad = -1;
        }
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_model_read(data, size) != 0) abort();
    return 0;
}
#endif
