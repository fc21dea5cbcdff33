// engine/rules/alloc.c: names and defaults of the allocation methods
// SPDX-License-Identifier: MIT

#include <string.h>

#include "ctx_impl.h"
#include "lca/alloc.h"

static const char *const names[LCA_NALLOC] = {
    "none", "mass", "energy", "economic", "source", "substitution",
};

const char *lca_alloc_method_str(lca_alloc_method a) {
    return (unsigned)a < LCA_NALLOC ? names[a] : "unknown";
}

lca_status lca_alloc_method_parse(lca_ctx *ctx, const char *s,
                                  lca_alloc_method *a) {
    for (int i = 0; i < LCA_NALLOC; i++) {
        if (s != NULL && strcmp(s, names[i]) == 0) {
            *a = (lca_alloc_method)i;
            return LCA_OK;
        }
    }
    return lca__fail(ctx, LCA_ERR_ARG, "unknown allocation method '%s' "
                     "(none, mass, energy, economic, source, substitution)",
                     s != NULL ? s : "(null)");
}

void lca_alloc_options_default(lca_alloc_options *opt) {
    memset(opt, 0, sizeof *opt);
    opt->method = LCA_ALLOC_NONE;
}
