// io/util/budget_impl.h: bound the memory of a JSON or XML tree while it is
// parsed (io/util/budget.c says how, and why through a thread-local)
// SPDX-License-Identifier: MIT
//
//     lca__budget b;
//     lca__budget_begin(&b, lca_ctx_parse_budget(ctx));
//     json_t *root = json_loadb(buf, size, 0, &err);   // or xmlCtxtRead...
//     lca__budget_end(&b);
//     if (root == NULL && b.exceeded) ... "out of memory budget" ...
//
// Between begin and end, every allocation jansson or libxml2 makes on
// this thread counts against b.limit, and one that would pass it fails.
// Begin/end pairs must not nest on one thread.

#ifndef LCA_IO_BUDGET_IMPL_H
#define LCA_IO_BUDGET_IMPL_H

#include <stdint.h>

typedef struct lca__budget {
    int64_t limit;  // bytes the parse may hold at once
    int64_t live;   // bytes it holds now
    int exceeded;   // an allocation was refused
} lca__budget;

void lca__budget_begin(lca__budget *b, int64_t limit);
void lca__budget_end(lca__budget *b);

#endif  // LCA_IO_BUDGET_IMPL_H
