// io/hdf5/h5util.c: HDF5 helpers shared by the writers and readers in io/
// SPDX-License-Identifier: MIT

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/hdf5/h5util_impl.h"

// ---- the model schema ------------------------------------------------------

const char *lca__h5_axis_group(lca_axis axis) {
    switch (axis) {
    case LCA_PRODUCTS: return "products";
    case LCA_FLOWS: return "flows";
    case LCA_INDICATORS: return "indicators";
    case LCA_DEMANDS: return "demands";
    }
    return "?";
}

const char *lca__h5_label_name(lca_label label) {
    switch (label) {
    case LCA_LABEL_ID: return "id";
    case LCA_LABEL_NAME: return "name";
    case LCA_LABEL_UNIT: return "unit";
    case LCA_LABEL_COMPARTMENT: return "compartment";
    case LCA_LABEL_CAS: return "cas";
    case LCA_LABEL_SPLIT: return "split";
    case LCA_LABEL_REGION: return "region";
    case LCA_LABEL_PERIOD: return "period";
    }
    return "?";
}

int lca__h5_axis_labels(lca_axis axis, lca_label labels[LCA_NLABELS]) {
    int n = 0;
    labels[n++] = LCA_LABEL_ID;
    labels[n++] = LCA_LABEL_NAME;
    if (axis == LCA_FLOWS) labels[n++] = LCA_LABEL_COMPARTMENT;
    labels[n++] = LCA_LABEL_UNIT;
    if (axis == LCA_FLOWS) labels[n++] = LCA_LABEL_CAS;
    if (axis == LCA_INDICATORS) labels[n++] = LCA_LABEL_SPLIT;
    if (axis == LCA_PRODUCTS) labels[n++] = LCA_LABEL_REGION;
    if (axis == LCA_PRODUCTS) labels[n++] = LCA_LABEL_PERIOD;
    return n;
}

// ---- error handling --------------------------------------------------------

void lca__h5_quiet(lca__h5quiet *q) {
    if (H5Eget_auto2(H5E_DEFAULT, &q->func, &q->data) < 0) {
        q->func = NULL;
        q->data = NULL;
    }
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
}

void lca__h5_unquiet(const lca__h5quiet *q) {
    H5Eset_auto2(H5E_DEFAULT, q->func, q->data);
}

// A failed read or write of the sec2 driver describes itself as "file
// write failed: time = ..., filename = ..., errno = 28, error message =
// 'No space left on device', buf = ..." over two lines: keep the quoted
// strerror text, which is what the user needs. 1 if found.
static int system_error(const char *desc, char *buf) {
    const char *key = "error message = '";
    const char *p = strstr(desc, key);
    if (p == NULL) return 0;
    p += strlen(key);
    const char *end = strchr(p, '\'');
    int len = end != NULL ? (int)(end - p) : (int)strlen(p);
    snprintf(buf, 256, "%.*s", len, p);
    return 1;
}

// H5Ewalk2 callback: keep the most specific error (the first one walking
// upward), which is where HDF5 says what actually went wrong.
static herr_t keep_innermost(unsigned n, const H5E_error2_t *e, void *data) {
    char *buf = data;
    if (n != 0) return 0;
    if (e->desc != NULL && e->desc[0] != '\0') {
        if (!system_error(e->desc, buf)) snprintf(buf, 256, "%s", e->desc);
    } else {
        H5Eget_msg(e->min_num, NULL, buf, 256);
    }
    return 0;
}

lca_status lca__h5_fail(lca_ctx *ctx, const char *fmt, ...) {
    char detail[256] = "";
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, keep_innermost, detail);
    char head[LCA__ERRMSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(head, sizeof head, fmt, ap);
    va_end(ap);
    if (detail[0] == '\0') return lca__fail(ctx, LCA_ERR_IO, "%s", head);
    return lca__fail(ctx, LCA_ERR_IO, "%s (HDF5: %s)", head, detail);
}

void lca__h5_close(hid_t *id) {
    if (*id < 0) return;
    switch (H5Iget_type(*id)) {
    case H5I_FILE: H5Fclose(*id); break;
    case H5I_GROUP: H5Gclose(*id); break;
    case H5I_DATATYPE: H5Tclose(*id); break;
    case H5I_DATASPACE: H5Sclose(*id); break;
    case H5I_DATASET: H5Dclose(*id); break;
    case H5I_ATTR: H5Aclose(*id); break;
    case H5I_GENPROP_LST: H5Pclose(*id); break;
    default: break;
    }
    *id = H5I_INVALID_HID;
}
