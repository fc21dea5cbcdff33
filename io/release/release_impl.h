// io/release/release_impl.h: what the release writers share
// SPDX-License-Identifier: MIT

#ifndef LCA_RELEASE_IMPL_H
#define LCA_RELEASE_IMPL_H

#include "lca/release.h"

#define LCA__RELEASE_FORMAT "leontief-factordb"
#define LCA__RELEASE_VERSION 1

// The files of a release, in the order the manifest lists them.
#define LCA__RELEASE_CSV "factors.csv"
#define LCA__RELEASE_TRACE "trace.csv"
#define LCA__RELEASE_JSON "factors.json"
#define LCA__RELEASE_H5 "factors.h5"
#define LCA__RELEASE_MANIFEST "manifest.json"
#define LCA__RELEASE_SUMS "SHA256SUMS"

// 1.96 sd / sqrt(count): the 95 % half-width of a Monte Carlo mean, NaN
// without statistics.
double lca__release_halfwidth(double sd, double count);

struct lca__textout;

// One CSV field holding x; an empty field for NaN (io/release/csv.c).
void lca__release_number(struct lca__textout *w, double x);

// The record files, each written atomically into dir.
lca_status lca__release_write_csv(const lca_fdb *db, const char *dir);
lca_status lca__release_write_json(const lca_fdb *db, const char *dir);
lca_status lca__release_write_h5(const lca_fdb *db, const char *dir);

// manifest.json and SHA256SUMS: every regular file in dir hashed; the
// provenance entries keys[i] = values[i].
lca_status lca__release_write_manifest(const lca_fdb *db, const char *dir,
                                       int64_t ninfo, char *const *keys,
                                       char *const *values);

// Is s valid UTF-8 (jansson's check: no overlong forms, no surrogates)?
int lca__utf8_valid(const char *s);

#endif  // LCA_RELEASE_IMPL_H
