// io/report/report_pcf_write.c: the report pages of the categories of a
// product carbon footprint run (lca_report_pcf_write, include/lca/
// io_report.h)
// SPDX-License-Identifier: MIT

#include <string.h>

#include "engine/ctx_impl.h"
#include "engine/rules/pcf_impl.h"
#include "io/rules/pcf_write_impl.h"
#include "lca/io_report.h"

// The category of p with id, or -1.
static int64_t category(const lca_pcf *p, const char *id) {
    for (int64_t k = 0; k < lca_pcf_ncategories(p); k++) {
        if (strcmp(lca_rule_id(lca_pcf_rule(p, k)), id) == 0) return k;
    }
    return -1;
}

// Every id to its category into idx (nids entries), or an error naming
// the rule set and the first unknown id.
static lca_status lookup(const lca_pcf *p, int64_t nids,
                         const char *const *ids, int64_t *idx) {
    for (int64_t i = 0; i < nids; i++) {
        idx[i] = category(p, ids[i]);
        if (idx[i] < 0) {
            return lca__fail(p->ctx, LCA_ERR_NOTFOUND, "%s: no category "
                             "'%.200s' to report (the rule set has %lld; "
                             "a report names a category id)",
                             lca_ruleset_source(p->rs), ids[i],
                             (long long)lca_pcf_ncategories(p));
        }
    }
    return LCA_OK;
}

static lca_status one(const lca_pcf *p, int64_t k, const char *stem,
                      const lca_report_options *opt, const char *dir) {
    lca_report *r = NULL;
    lca_status st = lca_report_create(p, k, opt, &r);
    if (st == LCA_OK) st = lca_report_write(p->ctx, lca_report_doc_get(r),
                                            dir, stem);
    lca_report_destroy(&r);
    return st;
}

lca_status lca_report_pcf_write(const lca_pcf *p, int64_t nids,
                                const char *const *ids,
                                const lca_report_options *opt,
                                const char *dir) {
    int64_t n = nids > 0 ? nids : lca_pcf_ncategories(p);
    int64_t *idx = lca__malloc(p->ctx, (size_t)(n > 0 ? n : 1), sizeof *idx);
    char *stems = NULL;
    if (idx == NULL) return lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    if (nids > 0) {
        st = lookup(p, nids, ids, idx);
    } else {
        for (int64_t i = 0; i < n; i++) idx[i] = i;
    }
    if (st == LCA_OK) st = lca__pcf_stems(p->ctx, p, &stems);
    for (int64_t i = 0; st == LCA_OK && i < n; i++) {
        st = one(p, idx[i], stems + idx[i] * LCA__PCF_STEM, opt, dir);
    }
    lca__free(p->ctx, stems);
    lca__free(p->ctx, idx);
    return st;
}
