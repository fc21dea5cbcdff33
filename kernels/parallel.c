// kernels/parallel.c: the one parallel loop the engine uses
// SPDX-License-Identifier: MIT
//
// Engine code that wants threads (many right-hand sides, Monte Carlo
// iterations) hands a function and its items to lca__parallel_for, so the
// OpenMP pragma lives here once. Items are independent and each writes its
// own output, so results do not depend on the thread count.

#include "kernels.h"
#include "omp.h"

int64_t lca__parallel_for(int nthreads, int64_t count, lca__item_fn fn,
                          void *arg) {
    int nt = nthreads < 1 ? 1 : nthreads;
    int64_t first_fail = -1;
    if (nt == 1 || count < 2) {
        for (int64_t i = 0; i < count; i++) {
            if (fn(arg, i, 0) != 0 && first_fail < 0) first_fail = i;
        }
        return first_fail;
    }
    int64_t fail = count;  // smallest failing item, count if none
#pragma omp parallel for default(none) shared(count, fn, arg) \
    reduction(min : fail) schedule(static) num_threads(nt)
    for (int64_t i = 0; i < count; i++) {
        if (fn(arg, i, lca__omp_thread_num()) != 0 && i < fail) fail = i;
    }
    return fail < count ? fail : -1;
}
