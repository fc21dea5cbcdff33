// tests/test_philox.c: Philox4x32-10, draw layout, u01 (kernels/philox.c)
// SPDX-License-Identifier: MIT
//
// The known-answer vectors are the three "philox4x32 10" lines of the
// Random123 distribution's tests/kat_vectors file (D. E. Shaw Research,
// the reference implementation of Salmon et al., SC'11), as carried in
// DEShawResearch/fs123 core123/ut/ut_philox.cpp (commit 3ea43efd, "cut-and-
// pasted from the kat_vectors file in the original Random123
// distribution") and matching the same lines quoted in several independent
// Philox ports. Each line is ctr[0..3] key[0..1] -> out[0..3], in hex.

#include "test_util.h"

#include "kernels/philox.h"

typedef struct kat {
    uint32_t ctr[4], key[2], out[4];
} kat;

static const kat kats[] = {
    // philox4x32 10: all zeros
    {{0x00000000, 0x00000000, 0x00000000, 0x00000000},
     {0x00000000, 0x00000000},
     {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    // philox4x32 10: all ones
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff},
     {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    // philox4x32 10: the hex digits of pi
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344},
     {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
};

static void test_philox_matches_random123_known_answers(void **state) {
    (void)state;
    for (size_t i = 0; i < sizeof kats / sizeof kats[0]; i++) {
        uint32_t out[4];
        lca__philox4x32_10(kats[i].ctr, kats[i].key, out);
        for (int j = 0; j < 4; j++) assert_int_equal(out[j], kats[i].out[j]);
    }
}

// The draw helper is Philox on the documented layout: key = seed, counter
// = draw + 2^32 entry + 2^80 iteration.
static void test_philox_draw_uses_documented_layout(void **state) {
    (void)state;
    uint64_t seed = UINT64_C(0x0123456789abcdef);
    uint64_t entry = UINT64_C(0xabcd12345678);  // 48 bits
    uint64_t iter = UINT64_C(0x9876fedc5432);   // 48 bits
    uint32_t got[4], want[4];
    lca__philox_draw(seed, iter, entry, 77u, got);
    const uint32_t key[2] = {0x89abcdef, 0x01234567};
    const uint32_t ctr[4] = {77u, 0x12345678, 0x5432abcd, 0x9876fedc};
    lca__philox4x32_10(ctr, key, want);
    for (int j = 0; j < 4; j++) assert_int_equal(got[j], want[j]);
}

static int same4(const uint32_t a[4], const uint32_t b[4]) {
    return a[0] == b[0] && a[1] == b[1] && a[2] == b[2] && a[3] == b[3];
}

static void test_philox_draw_is_pure_and_separates_streams(void **state) {
    (void)state;
    uint32_t a[4], b[4];
    lca__philox_draw(42, 7, 1000, 3, a);
    lca__philox_draw(42, 7, 1000, 3, b);
    assert_true(same4(a, b));
    // Change one coordinate at a time, including the high bits of the
    // 48-bit fields that share a counter word.
    const uint64_t E48 = UINT64_C(1) << 47, I48 = UINT64_C(1) << 47;
    uint32_t c[4];
    lca__philox_draw(43, 7, 1000, 3, c);
    assert_false(same4(a, c));
    lca__philox_draw(42, 8, 1000, 3, c);
    assert_false(same4(a, c));
    lca__philox_draw(42, 7 + I48, 1000, 3, c);
    assert_false(same4(a, c));
    lca__philox_draw(42, 7, 1001, 3, c);
    assert_false(same4(a, c));
    lca__philox_draw(42, 7, 1000 + E48, 3, c);
    assert_false(same4(a, c));
    lca__philox_draw(42, 7, 1000, 4, c);
    assert_false(same4(a, c));
    lca__philox_draw(42 + (UINT64_C(1) << 40), 7, 1000, 3, c);
    assert_false(same4(a, c));
}

static void test_philox_u01_is_open_and_exact_at_the_ends(void **state) {
    (void)state;
    // k = 0 and k = 2^52 - 1 are the extreme values: (k + 0.5) 2^-52.
    assert_true(lca__u01(0, 0) == 0x1p-53);
    assert_true(lca__u01(0xffffffffu, 0xffffffffu) == 1.0 - 0x1p-53);
    assert_true(lca__u01(0x80000000u, 0) == 0.5 + 0x1p-53);
    // The low 12 bits are not used.
    assert_true(lca__u01(0, 0xfffu) == lca__u01(0, 0));
    // Symmetry: complementing the bits gives 1 - u exactly.
    uint32_t w[4];
    for (uint32_t d = 0; d < 1000; d++) {
        lca__philox_draw(5, 6, 7, d, w);
        double u = lca__u01(w[0], w[1]);
        assert_true(u > 0.0 && u < 1.0);
        assert_true(lca__u01(~w[0], ~w[1]) == 1.0 - u);
    }
}

// Bits of the output are balanced: over 4096 draws (131072 bits per output
// word) the fraction of ones is 0.5 within 5 standard errors,
// 5 * 0.5 / sqrt(131072) = 0.0069.
static void test_philox_output_bits_are_balanced(void **state) {
    (void)state;
    int64_t ones[4] = {0, 0, 0, 0};
    uint32_t w[4];
    for (uint32_t d = 0; d < 4096; d++) {
        lca__philox_draw(1, 0, d, 0, w);  // consecutive entries
        for (int j = 0; j < 4; j++) {
            for (int b = 0; b < 32; b++) ones[j] += (w[j] >> b) & 1u;
        }
    }
    for (int j = 0; j < 4; j++) {
        double frac = (double)ones[j] / (4096.0 * 32.0);
        assert_true(frac > 0.5 - 0.0069 && frac < 0.5 + 0.0069);
    }
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_philox_matches_random123_known_answers),
        cmocka_unit_test(test_philox_draw_uses_documented_layout),
        cmocka_unit_test(test_philox_draw_is_pure_and_separates_streams),
        cmocka_unit_test(test_philox_u01_is_open_and_exact_at_the_ends),
        cmocka_unit_test(test_philox_output_bits_are_balanced),
    };
    return cmocka_run_group_tests_name("philox", tests, NULL, NULL);
}
