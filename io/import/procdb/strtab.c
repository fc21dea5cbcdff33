// io/import/procdb/strtab.c: string -> index hash map and string pool (strtab_impl.h)
// SPDX-License-Identifier: MIT

#include <string.h>

#include "engine/ctx_impl.h"
#include "io/import/procdb/strtab_impl.h"

struct lca__strmap {
    lca_ctx *ctx;
    int64_t cap;         // slots, a power of two
    int64_t count;       // keys stored
    const char **keys;   // NULL = empty slot
    int64_t *values;
};

#define POOL_BLOCK 65536

// A block of the pool: a header, then its bytes.
typedef struct pool_block {
    struct pool_block *next;
    size_t used, size;
    char data[];
} pool_block;

struct lca__strpool {
    lca_ctx *ctx;
    pool_block *head;  // the block being filled; older ones follow
};

// FNV-1a, 64 bits.
static uint64_t hash(const char *s) {
    uint64_t h = 14695981039346656037ULL;
    for (; *s != '\0'; s++) h = (h ^ (unsigned char)*s) * 1099511628211ULL;
    return h;
}

static lca_status alloc_slots(lca__strmap *m, int64_t cap) {
    m->keys = lca__calloc(m->ctx, (size_t)cap, sizeof *m->keys);
    m->values = lca__malloc(m->ctx, (size_t)cap, sizeof *m->values);
    m->cap = cap;
    if (m->keys != NULL && m->values != NULL) return LCA_OK;
    return lca__fail(m->ctx, LCA_ERR_NOMEM, "out of memory for a hash map");
}

lca_status lca__strmap_create(lca_ctx *ctx, lca__strmap **m) {
    *m = lca__calloc(ctx, 1, sizeof **m);
    if (*m == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    (*m)->ctx = ctx;
    lca_status st = alloc_slots(*m, 64);
    if (st != LCA_OK) lca__strmap_destroy(m);
    return st;
}

void lca__strmap_destroy(lca__strmap **m) {
    if (m == NULL || *m == NULL) return;
    lca__free((*m)->ctx, (*m)->keys);
    lca__free((*m)->ctx, (*m)->values);
    lca__free((*m)->ctx, *m);
    *m = NULL;
}

// The slot holding key, or the empty slot where it would go.
static int64_t find_slot(const lca__strmap *m, const char *key) {
    int64_t s = (int64_t)(hash(key) & (uint64_t)(m->cap - 1));
    while (m->keys[s] != NULL && strcmp(m->keys[s], key) != 0) {
        s = (s + 1) & (m->cap - 1);
    }
    return s;
}

// Double the table, rehashing every key.
static lca_status grow(lca__strmap *m) {
    lca__strmap old = *m;
    lca_status st = alloc_slots(m, 2 * old.cap);
    if (st != LCA_OK) {
        lca__free(m->ctx, m->keys);
        lca__free(m->ctx, m->values);
        *m = old;
        return st;
    }
    for (int64_t s = 0; s < old.cap; s++) {
        if (old.keys[s] == NULL) continue;
        int64_t t = find_slot(m, old.keys[s]);
        m->keys[t] = old.keys[s];
        m->values[t] = old.values[s];
    }
    lca__free(m->ctx, old.keys);
    lca__free(m->ctx, old.values);
    return LCA_OK;
}

lca_status lca__strmap_put(lca__strmap *m, const char *key, int64_t value,
                           int64_t *old) {
    *old = -1;
    if (2 * (m->count + 1) > m->cap) {
        lca_status st = grow(m);
        if (st != LCA_OK) return st;
    }
    int64_t s = find_slot(m, key);
    if (m->keys[s] != NULL) {
        *old = m->values[s];
        return LCA_OK;
    }
    m->keys[s] = key;
    m->values[s] = value;
    m->count++;
    return LCA_OK;
}

int64_t lca__strmap_get(const lca__strmap *m, const char *key) {
    int64_t s = find_slot(m, key);
    return m->keys[s] != NULL ? m->values[s] : -1;
}

// ---- pool ------------------------------------------------------------------

lca_status lca__strpool_create(lca_ctx *ctx, lca__strpool **p) {
    *p = lca__calloc(ctx, 1, sizeof **p);
    if (*p == NULL) return lca__fail(ctx, LCA_ERR_NOMEM, "out of memory");
    (*p)->ctx = ctx;
    return LCA_OK;
}

void lca__strpool_destroy(lca__strpool **p) {
    if (p == NULL || *p == NULL) return;
    pool_block *b = (*p)->head;
    while (b != NULL) {
        pool_block *next = b->next;
        lca__free((*p)->ctx, b);
        b = next;
    }
    lca__free((*p)->ctx, *p);
    *p = NULL;
}

const char *lca__strpool_addn(lca__strpool *p, const char *s, size_t len) {
    pool_block *b = p->head;
    if (b == NULL || b->size - b->used < len + 1) {
        size_t size = len + 1 > POOL_BLOCK ? len + 1 : POOL_BLOCK;
        b = lca__malloc(p->ctx, 1, sizeof *b + size);
        if (b == NULL) {
            lca__fail(p->ctx, LCA_ERR_NOMEM, "out of memory for strings");
            return NULL;
        }
        b->used = 0;
        b->size = size;
        b->next = p->head;
        p->head = b;
    }
    char *copy = b->data + b->used;
    if (len > 0) memcpy(copy, s, len);
    copy[len] = '\0';
    b->used += len + 1;
    return copy;
}

const char *lca__strpool_add(lca__strpool *p, const char *s) {
    if (s == NULL) s = "";
    return lca__strpool_addn(p, s, strlen(s));
}
