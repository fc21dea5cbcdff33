// io/util/budget.c: bound the memory of a JSON or XML tree while it is parsed
// SPDX-License-Identifier: MIT
//
// A process database entry is capped in text (io/util/zip.c), but the tree
// jansson or libxml2 builds from it takes 20-35 times the text: 262 KB of
// deflated JSON added to the USLCI zip cost 6.5 GB and ended as "malformed
// JSON at line -1". Both libraries take their allocator as process-wide
// function pointers without a user pointer (json_set_alloc_funcs,
// xmlMemSetup), so there is no way to hand them our ctx. The hooks are
// installed once (pthread_once) and are plain malloc/realloc/free, except
// while the calling thread has a budget open (lca__budget_begin ..
// lca__budget_end around one parse): then they count the live bytes of
// that thread's allocations and fail one that would pass the limit, which
// the parser reports as out of memory and the caller, seeing
// budget->exceeded, as "out of memory budget".
//
// The budget is reached through a thread-local pointer: the one piece of
// mutable state outside an object in the library, forced by the
// libraries' interface. It points at a caller's stack object only between
// begin and end, so threads and contexts do not share it. Sizes come from
// malloc_usable_size (glibc), not from a header in front of each block:
// blocks allocated before the hooks were installed, or by other code of
// the process that uses jansson or libxml2 too, are freed through the same
// hooks safely. Rejected: a header per block (every block allocated before
// installation would be freed wrongly), and XML_PARSE_HUGE-style per-node
// limits (they bound one text node, not the tree).

#define _GNU_SOURCE  // malloc_usable_size
#include <jansson.h>
#include <libxml/globals.h>
#include <libxml/xmlmemory.h>
#include <malloc.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "io/util/budget_impl.h"

static _Thread_local lca__budget *current;

static size_t usable(void *p) { return p != NULL ? malloc_usable_size(p) : 0; }

static void *budget_malloc(size_t size) {
    lca__budget *b = current;
    if (b != NULL && (int64_t)size > b->limit - b->live) {
        b->exceeded = 1;
        return NULL;
    }
    void *p = malloc(size > 0 ? size : 1);
    if (b != NULL && p != NULL) b->live += (int64_t)usable(p);
    return p;
}

static void budget_free(void *p) {
    lca__budget *b = current;
    if (b != NULL && p != NULL) {
        b->live -= (int64_t)usable(p);
        if (b->live < 0) b->live = 0;  // a block from before the budget
    }
    free(p);
}

static void *budget_realloc(void *p, size_t size) {
    lca__budget *b = current;
    int64_t old = (int64_t)usable(p);
    if (b != NULL && (int64_t)size - old > b->limit - b->live) {
        b->exceeded = 1;
        return NULL;
    }
    void *q = realloc(p, size > 0 ? size : 1);
    if (b != NULL && q != NULL) {
        b->live += (int64_t)usable(q) - old;
        if (b->live < 0) b->live = 0;
    }
    return q;
}

static char *budget_strdup(const char *s) {
    size_t len = strlen(s) + 1;
    char *d = budget_malloc(len);
    if (d != NULL) memcpy(d, s, len);
    return d;
}

static void install(void) {
    json_set_alloc_funcs(budget_malloc, budget_free);
    xmlMemSetup(budget_free, budget_malloc, budget_realloc, budget_strdup);
}

void lca__budget_begin(lca__budget *b, int64_t limit) {
    // Installed once per process (the hooks are the libraries' globals).
    static pthread_once_t once = PTHREAD_ONCE_INIT;
    pthread_once(&once, install);
    b->limit = limit;
    b->live = 0;
    b->exceeded = 0;
    current = b;
}

void lca__budget_end(lca__budget *b) {
    if (current == b) current = NULL;
}
