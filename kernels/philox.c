// kernels/philox.c: Philox4x32-10 and the sampler's counter layout
// SPDX-License-Identifier: MIT
//
// Written from the description in Salmon et al. (SC'11): each
// round multiplies two of the four words by fixed constants, and the high
// halves of the products are xored with the other two words and the round
// key; the key is bumped by a Weyl sequence between rounds. Checked against
// the published known-answer vectors in tests/test_philox.c.

#include <assert.h>

#include "philox.h"

enum {
    PHILOX_ROUNDS = 10,
};

#define PHILOX_M0 UINT32_C(0xD2511F53)
#define PHILOX_M1 UINT32_C(0xCD9E8D57)
#define PHILOX_W0 UINT32_C(0x9E3779B9)
#define PHILOX_W1 UINT32_C(0xBB67AE85)

// One round: (x0,x1,x2,x3) -> (hi(M1 x2)^x1^k0, lo(M1 x2), hi(M0 x0)^x3^k1,
// lo(M0 x0)).
static void philox_round(uint32_t x[4], uint32_t k0, uint32_t k1) {
    uint64_t p0 = (uint64_t)PHILOX_M0 * x[0];
    uint64_t p1 = (uint64_t)PHILOX_M1 * x[2];
    uint32_t y0 = (uint32_t)(p1 >> 32) ^ x[1] ^ k0;
    uint32_t y2 = (uint32_t)(p0 >> 32) ^ x[3] ^ k1;
    x[0] = y0;
    x[1] = (uint32_t)p1;
    x[2] = y2;
    x[3] = (uint32_t)p0;
}

void lca__philox4x32_10(const uint32_t ctr[4], const uint32_t key[2],
                        uint32_t out[4]) {
    uint32_t x[4] = {ctr[0], ctr[1], ctr[2], ctr[3]};
    uint32_t k0 = key[0], k1 = key[1];
    for (int r = 0; r < PHILOX_ROUNDS; r++) {
        if (r > 0) {
            k0 += PHILOX_W0;
            k1 += PHILOX_W1;
        }
        philox_round(x, k0, k1);
    }
    for (int i = 0; i < 4; i++) out[i] = x[i];
}

void lca__philox_draw(uint64_t seed, uint64_t iter, uint64_t entry,
                      uint32_t draw, uint32_t out[4]) {
    assert(entry < (UINT64_C(1) << 48) && iter < (UINT64_C(1) << 48));
    const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
    const uint32_t ctr[4] = {
        draw,
        (uint32_t)entry,
        (uint32_t)(entry >> 32) | (uint32_t)(iter & 0xFFFFu) << 16,
        (uint32_t)(iter >> 16),
    };
    lca__philox4x32_10(ctr, key, out);
}

double lca__u01(uint32_t hi, uint32_t lo) {
    uint64_t k = ((uint64_t)hi << 32 | lo) >> 12;  // top 52 bits
    return ((double)k + 0.5) * 0x1p-52;
}
