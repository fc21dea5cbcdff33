// io/util/hash.c: lca_file_sha256, the SHA-256 of a file's bytes (provenance)
// SPDX-License-Identifier: MIT
//
// A results file records the hash of the model it was computed from, so
// that anyone holding both can tell whether they belong together. The
// file is read in 64 KiB blocks through Nettle's SHA-256 (Debian's
// nettle-dev, already a dependency of GnuTLS everywhere); writing our own
// SHA-256 was rejected, since a hash that is subtly wrong is worse than
// none.

#include <errno.h>
#include <nettle/sha2.h>
#include <stdio.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/util/hash_impl.h"
#include "lca/export.h"

#define BLOCK (64 * 1024)

static void to_hex(const uint8_t *digest, char hex[65]) {
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_SIZE; i++) {
        hex[2 * i] = digits[digest[i] >> 4];
        hex[2 * i + 1] = digits[digest[i] & 15];
    }
    hex[64] = '\0';
}

lca_status lca_file_sha256(lca_ctx *ctx, const char *path, char hex[65]) {
    if (path == NULL || hex == NULL) {
        return lca__fail(ctx, LCA_ERR_ARG, "no file to hash");
    }
    hex[0] = '\0';
    uint8_t *buf = lca__malloc(ctx, BLOCK, 1);
    if (buf == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    lca_status st = LCA_OK;
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) {
        st = lca__fail(ctx, LCA_ERR_IO, "%s: cannot open: %s", path,
                       strerror(errno));
        goto done;
    }
    struct sha256_ctx sha;
    sha256_init(&sha);
    size_t got;
    while ((got = fread(buf, 1, BLOCK, fp)) > 0) sha256_update(&sha, got, buf);
    if (ferror(fp)) {
        st = lca__fail(ctx, LCA_ERR_IO, "%s: read error while hashing: %s",
                       path, strerror(errno));
        goto done;
    }
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&sha, sizeof digest, digest);
    to_hex(digest, hex);
done:
    if (fp != NULL) fclose(fp);
    lca__free(ctx, buf);
    return st;
}

void lca__sha256_hex(const void *data, size_t len, char hex[65]) {
    struct sha256_ctx sha;
    sha256_init(&sha);
    sha256_update(&sha, len, data);
    uint8_t digest[SHA256_DIGEST_SIZE];
    sha256_digest(&sha, sizeof digest, digest);
    to_hex(digest, hex);
}
