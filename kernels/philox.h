// kernels/philox.h: Philox4x32-10, the counter-based generator for sampling
// SPDX-License-Identifier: MIT
//
// Philox4x32-10 (Salmon, Moraes, Dror, Shaw, "Parallel random numbers: as
// easy as 1, 2, 3", SC'11) is a keyed bijection of a 128-bit counter: the
// output is a pure function of (counter, key), so a Monte Carlo value is the
// same whichever thread, rank, block order or restart computes it. There is
// no generator state to seed, save or split.
//
// Stream layout used by the sampler (lca__philox_draw):
//
//     key     = seed                        (k0 = bits 0..31, k1 = 32..63)
//     counter = draw + 2^32 entry + 2^80 iteration, as a 128-bit integer:
//         ctr[0] = draw                     (32 bits)
//         ctr[1] = entry bits 0..31
//         ctr[2] = entry bits 32..47 | iteration bits 0..15 << 16
//         ctr[3] = iteration bits 16..47
//
// with entry < 2^48 and iteration < 2^48 (asserted; callers check their
// ranges first). Why not {entry, entry, iteration, iteration} with the draw
// index in 16 spare bits: one sample can use many draws (truncation retries
// up to 1000 times, and a PERT try runs two rejection samplers), so 2^16
// draws could in principle run out and silently repeat a stream, while
// 2^48 iterations (2.8e14) is beyond any run. Distinct (entry, iteration,
// draw) give distinct counters, so distinct, independent outputs.

#ifndef LCA_KERNELS_PHILOX_H
#define LCA_KERNELS_PHILOX_H

#include <stdint.h>

// out = Philox4x32-10(ctr, key): 10 rounds with multipliers 0xD2511F53,
// 0xCD9E8D57 and Weyl key increments 0x9E3779B9, 0xBB67AE85. out may not
// alias ctr.
void lca__philox4x32_10(const uint32_t ctr[4], const uint32_t key[2],
                        uint32_t out[4]);

// The 128 random bits of draw number `draw` for one entry of one iteration
// under one seed, with the layout above. Requires entry, iter < 2^48.
void lca__philox_draw(uint64_t seed, uint64_t iter, uint64_t entry,
                      uint32_t draw, uint32_t out[4]);

// A double in the open interval (0, 1) from the 64-bit word hi:lo:
// u = (k + 0.5) 2^-52 with k the top 52 bits. Every value is exact, the
// set is symmetric (1 - u is also in it), and 2^-53 <= u <= 1 - 2^-53, so
// log(u) and log(1 - u) are always finite. (53 bits, (k + 0.5) 2^-53, is
// not exact for k >= 2^52 and rounds the top value to 1.0.)
double lca__u01(uint32_t hi, uint32_t lo);

#endif  // LCA_KERNELS_PHILOX_H
