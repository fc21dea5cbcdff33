// io/rules/rule_read.c: rule files and rule-set folders
// SPDX-License-Identifier: MIT

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine/ctx_impl.h"
#include "io/rules/rule_json_impl.h"
#include "lca/io_rules.h"

#define MAX_RULE_BYTES (4u << 20)

lca_status lca_rule_read(lca_ctx *ctx, const char *path, lca_rule **r) {
    json_t *root = NULL;
    *r = NULL;
    lca_status st = lca__json_load(ctx, path, "rule file", MAX_RULE_BYTES,
                                   &root);
    if (st != LCA_OK) return st;
    st = lca__rule_from_json(ctx, path, root, r);
    json_decref(root);
    return st;
}

static int is_rule_file(const char *name) {
    size_t n = strlen(name);
    return name[0] != '.' && n > 5 && strcmp(name + n - 5, ".json") == 0;
}

static int by_name(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

// The rule file names in dir, sorted, into *names (each and the array
// freed by the caller). Errors: LCA_ERR_IO, LCA_ERR_NOMEM.
static lca_status list(lca_ctx *ctx, const char *dir, char ***names,
                       int64_t *count) {
    DIR *d = opendir(dir);
    *names = NULL;
    *count = 0;
    if (d == NULL) {
        return lca__fail(ctx, LCA_ERR_IO, "%s: cannot open the rule set "
                         "folder: %s", dir, strerror(errno));
    }
    int64_t cap = 0;
    lca_status st = LCA_OK;
    for (struct dirent *e = readdir(d); e != NULL && st == LCA_OK;
         e = readdir(d)) {
        if (!is_rule_file(e->d_name)) continue;
        char **g = lca__grow(ctx, *names, &cap, *count + 1, sizeof *g);
        if (g == NULL) st = LCA_ERR_NOMEM;
        if (g == NULL) break;
        *names = g;
        (*names)[*count] = lca__strdup(ctx, e->d_name);
        if ((*names)[*count] == NULL) st = LCA_ERR_NOMEM;
        else (*count)++;
    }
    closedir(d);
    if (st != LCA_OK) return lca__fail(ctx, st, "out of memory");
    if (*count > 1) qsort(*names, (size_t)*count, sizeof **names, by_name);
    return LCA_OK;
}

// Read file name of dir into rs.
static lca_status read_one(lca_ctx *ctx, const char *dir, const char *name,
                           lca_ruleset *rs) {
    size_t len = strlen(dir) + strlen(name) + 2;
    char *path = lca__malloc(ctx, len, 1);
    if (path == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    snprintf(path, len, "%s/%s", dir, name);
    lca_rule *r = NULL;
    lca_status st = lca_rule_read(ctx, path, &r);
    if (st == LCA_OK) st = lca_ruleset_add(rs, &r);
    lca__free(ctx, path);
    return st;
}

lca_status lca_ruleset_read(lca_ctx *ctx, const char *dir,
                            lca_ruleset **rs) {
    char **names = NULL;
    int64_t count = 0;
    lca_ruleset *R = NULL;
    *rs = NULL;
    lca_status st = list(ctx, dir, &names, &count);
    if (st == LCA_OK && count == 0) {
        st = lca__fail(ctx, LCA_ERR_INVALID, "%s: no rule files (*.json) in "
                       "the rule set folder", dir);
    }
    if (st == LCA_OK) st = lca_ruleset_create(ctx, dir, &R);
    for (int64_t i = 0; i < count && st == LCA_OK; i++) {
        st = read_one(ctx, dir, names[i], R);
    }
    for (int64_t i = 0; i < count; i++) lca__free(ctx, names[i]);
    lca__free(ctx, names);
    if (st == LCA_OK) {
        *rs = R;
        R = NULL;
    }
    lca_ruleset_destroy(&R);
    return st;
}
