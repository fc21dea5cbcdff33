// fuzz/fuzz_bw.c: fuzz lca_import_bw (Brightway processed datapackages)
// SPDX-License-Identifier: MIT
//
// An input that starts like a zip archive is the whole package. Any other
// input is one file of a small valid package (a 2 x 2 technosphere with a
// flip and a distribution, a biosphere, a method and a names CSV), tried
// in turn as the indices, data, flip and distributions arrays, as
// datapackage.json and as the metadata CSV: the .npy reader, the JSON
// walk, the array checks and the CSV all see it.

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

#define TEXT ((size_t)-1)

static const char JSON[] =
    "{\"name\": \"f\", \"sum_intra_duplicates\": true, \"resources\": ["
    "{\"format\": \"npy\", \"matrix\": \"technosphere_matrix\", \"kind\": "
    "\"indices\", \"group\": \"t\", \"path\": \"t.indices.npy\"},"
    "{\"format\": \"npy\", \"matrix\": \"technosphere_matrix\", \"kind\": "
    "\"data\", \"group\": \"t\", \"path\": \"t.data.npy\"},"
    "{\"format\": \"npy\", \"matrix\": \"technosphere_matrix\", \"kind\": "
    "\"flip\", \"group\": \"t\", \"path\": \"t.flip.npy\"},"
    "{\"format\": \"npy\", \"matrix\": \"technosphere_matrix\", \"kind\": "
    "\"distributions\", \"group\": \"t\", \"path\": \"t.distributions.npy\"},"
    "{\"format\": \"npy\", \"matrix\": \"biosphere_matrix\", \"kind\": "
    "\"indices\", \"group\": \"b\", \"path\": \"b.indices.npy\"},"
    "{\"format\": \"npy\", \"matrix\": \"biosphere_matrix\", \"kind\": "
    "\"data\", \"group\": \"b\", \"path\": \"b.data.npy\"},"
    "{\"format\": \"npy\", \"matrix\": \"characterization_matrix\", \"kind\": "
    "\"indices\", \"group\": \"c\", \"path\": \"b.indices.npy\"},"
    "{\"format\": \"npy\", \"matrix\": \"characterization_matrix\", \"kind\": "
    "\"data\", \"group\": \"c\", \"path\": \"b.data.npy\"},"
    "{\"mediatype\": \"text/csv\", \"path\": \"names.csv\", \"valid_for\": "
    "[[\"t\", \"cols\"], [\"b\", \"rows\"]]}]}";

// A .npy file of descr, shape and data into out (size >= 128 + size).
static size_t npy(char *out, const char *descr, const char *shape,
                  const void *data, size_t size) {
    char hdr[512];
    int n = snprintf(hdr, sizeof hdr, "{'descr': %s, 'fortran_order': False, "
                     "'shape': %s, }", descr, shape);
    while ((10 + n + 1) % 64 != 0) hdr[n++] = ' ';
    hdr[n++] = '\n';
    memcpy(out, "\x93NUMPY\x01\x00", 8);
    out[8] = (char)(n & 0xff);
    out[9] = (char)(n >> 8);
    memcpy(out + 10, hdr, (size_t)n);
    memcpy(out + 10 + n, data, size);
    return 10 + (size_t)n + size;
}

#define IDX "[('row', '<i8'), ('col', '<i8')]"
#define DIST                                                            \
    "[('uncertainty_type', '|u1'), ('loc', '<f4'), ('scale', '<f4'), " \
    "('shape', '<f4'), ('minimum', '<f4'), ('maximum', '<f4'), "       \
    "('negative', '|b1')]"

enum { NFILES = 8 };
static const char *const NAMES[NFILES] = {
    "t.indices.npy", "t.data.npy", "t.flip.npy", "t.distributions.npy",
    "b.indices.npy", "b.data.npy", "datapackage.json", "names.csv"};

// The base files into buf (one 512-byte slot each) and m.
static void base(char (*buf)[512], fuzz_member *m) {
    const int64_t ti[] = {1, 1, 2, 1, 2, 2}, bi[] = {5, 2};
    const double tx[] = {1, 0.5, 1}, bx[] = {3};
    const unsigned char tf[] = {0, 1, 0};
    unsigned char td[3 * 22];
    memset(td, 0, sizeof td);
    float p[5] = {-0.693147f, 0.1f, 0, 0.0f, 0.0f};
    td[22] = 2;  // entry 1: lognormal, median 0.5, sigma 0.1
    memcpy(td + 23, p, sizeof p);
    size_t n[NFILES];
    n[0] = npy(buf[0], IDX, "(3,)", ti, sizeof ti);
    n[1] = npy(buf[1], "'<f8'", "(3,)", tx, sizeof tx);
    n[2] = npy(buf[2], "'|b1'", "(3,)", tf, sizeof tf);
    n[3] = npy(buf[3], DIST, "(3,)", td, sizeof td);
    n[4] = npy(buf[4], IDX, "(1,)", bi, sizeof bi);
    n[5] = npy(buf[5], "'<f8'", "(1,)", bx, sizeof bx);
    for (int i = 0; i < NFILES; i++) {
        m[i] = (fuzz_member){NAMES[i], buf[i], n[i]};
    }
    m[6] = (fuzz_member){NAMES[6], JSON, TEXT};
    m[7] = (fuzz_member){NAMES[7], "id,name\n1,steel\n5,CO2\n", TEXT};
}

static int import(const fuzz_env *e, const char *zip, const char *call) {
    lca_model *M = NULL;
    lca_status st = lca_import_bw(e->ctx, 1, &zip, &M);
    int bad = fuzz_check(e, call, st, M);
    lca_model_destroy(&M);
    return bad;
}

// The base package with file `which` replaced by the input.
static int import_as(const fuzz_env *e, int which, const uint8_t *data,
                     size_t size) {
    char buf[NFILES][512];
    fuzz_member m[NFILES];
    base(buf, m);
    m[which] = (fuzz_member){NAMES[which], data, size};
    char zip[4200], call[128];
    if (fuzz_zip(e, "pkg.zip", NFILES, m, zip) == NULL) return 0;
    snprintf(call, sizeof call, "bw (input as %s)", NAMES[which]);
    return import(e, zip, call);
}

int lca_fuzz_bw(const uint8_t *data, size_t size) {
    fuzz_env e;
    if (fuzz_begin(&e, "bw") != 0) return 0;
    int bad = 0;
    char zip[4200];
    if (fuzz_is_zip(data, size)) {
        if (fuzz_write(&e, "input.zip", data, size, zip) != NULL) {
            bad |= import(&e, zip, "bw (input as the zip)");
        }
    } else {
        for (int i = 0; i < NFILES; i++) {
            if (i == 4 || i == 5) continue;  // same checks as t's
            bad |= import_as(&e, i, data, size);
        }
    }
    bad |= fuzz_end(&e);
    return bad ? -1 : 0;
}

#ifdef LCA_FUZZ_MAIN
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (lca_fuzz_bw(data, size) != 0) abort();
    return 0;
}
#endif
