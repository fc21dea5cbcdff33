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

static int waves_serial(lca__wave_plan_fn plan, lca__wave_item_fn item,
                        lca__wave_done_fn done, void *arg) {
    int64_t count = plan(arg, 0);
    for (int64_t w = 0; count > 0; w++) {
        for (int64_t i = 0; i < count; i++) item(arg, w, i, 0);
        int rc = done(arg, w);
        if (rc != 0) return rc < 0 ? -1 : 0;
        count = plan(arg, w + 1);
    }
    return 0;
}

// Per wave parity: the item count of the next wave and the serial verdict,
// written by the calling thread (`master`: callers may rely on their
// callbacks running on their own thread, as HDF5 and MPI_THREAD_FUNNELED
// want) and read by all after the barrier that ends the wave (a wave
// later the other parity is written). master has no barrier of its own;
// the one ending the parallel region follows the last done.
int lca__parallel_waves(int nthreads, lca__wave_plan_fn plan,
                        lca__wave_item_fn item, lca__wave_done_fn done,
                        void *arg) {
    int nt = nthreads < 1 ? 1 : nthreads;
    if (nt == 1) return waves_serial(plan, item, done, arg);
    int64_t first = plan(arg, 0);
    if (first <= 0) return 0;
    int64_t next_count[2] = {0, 0};
    int verdict[2] = {0, 0}, result = 0;
#pragma omp parallel default(none) num_threads(nt) \
    shared(plan, item, done, arg, first, next_count, verdict, result)
    {
        int64_t count = first, w = 0;
        for (;; w++) {
#pragma omp master
            {
                int v = w > 0 ? done(arg, w - 1) : 0;
                verdict[w % 2] = v;
                next_count[w % 2] = v == 0 ? plan(arg, w + 1) : 0;
            }
            int tid = lca__omp_thread_num();
#pragma omp for schedule(dynamic, 1)
            for (int64_t i = 0; i < count; i++) item(arg, w, i, tid);
            count = next_count[w % 2];
            if (count <= 0) break;
        }
#pragma omp master
        {
            if (verdict[w % 2] >= 0) {
                result = done(arg, w) < 0 ? -1 : 0;
            } else {
                result = -1;
            }
        }
    }
    return result;
}
