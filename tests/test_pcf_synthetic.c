// tests/test_pcf_synthetic.c: 200 synthetic rules over a generated system
// (tools/generator gen_rules_create, the "small" profile for speed; the
// benchmark uses "eco") in one pass: every category's footprint against a
// computation of its own, stages summing to it in every iteration, and
// samples shared with runs of fewer categories
// SPDX-License-Identifier: MIT

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"
#include "test_util.h"

#define NRULES 200
#define NITER 24

typedef struct fixture {
    lca_ctx *ctx;
    lca_model *M;
    lca_ruleset *rs;
} fixture;

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    gen_params p;
    assert_int_equal(lca_ctx_create(&f->ctx), LCA_OK);
    assert_int_equal(gen_params_profile(f->ctx, "small", 1, 0, &p), LCA_OK);
    assert_int_equal(gen_model_create(f->ctx, &p, &f->M), LCA_OK);
    assert_int_equal(gen_rules_create(f->M, NRULES, &f->rs), LCA_OK);
    *state = f;
    return 0;
}

static int teardown(void **state) {
    fixture *f = *state;
    lca_ruleset_destroy(&f->rs);
    lca_model_destroy(&f->M);
    lca_ctx_destroy(&f->ctx);
    free(f);
    return 0;
}

static lca_pcf *run(const fixture *f, const lca_ruleset *rs, int64_t iter) {
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    o.iterations = iter;
    o.mc.seed = 11;
    lca_pcf *p = NULL;
    if (lca_pcf_create(f->M, rs, &o, &p) != LCA_OK ||
        lca_pcf_run(p, NULL) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(f->ctx));
    }
    return p;
}

// The footprint of rule r from the factors N and direct parts Dr of
// indicator 0: sum_p a_p lambda_p (+ adds), or gate-to-gate
// sum_p a_p D_p / T_pp; *mag is the scale of its rounding (the pcf
// computes the gate-to-gate term as a_p lambda' T(:,p) / T_pp).
static double expected(const lca_model *M, const lca_rule *r,
                       const double *N, const double *Dr, double *mag) {
    const lca_rule_spec *s = lca_rule_get(r);
    const lca_csc *T = lca_model_tech(M);
    const int64_t *Tp = lca_csc_colptr(T), *Ti = lca_csc_rowidx(T);
    const double *Tx = lca_csc_values(T);
    double q = lca_rule_model_units(r), h = 0.0;
    *mag = 0.0;
    for (int64_t k = 0; k < s->nproducts; k++) {
        int64_t j = -1;
        assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS,
                                          s->products[k].product, &j), LCA_OK);
        double a = q * s->products[k].share;
        double Tjj = Tx[lca_csc_find(T, j, j)];
        h += s->boundary == LCA_GATE_TO_GATE ? a * Dr[j] / Tjj : a * N[j];
        for (int64_t p = Tp[j]; p < Tp[j + 1]; p++) {
            *mag += fabs(a / Tjj * Tx[p] * N[Ti[p]]);
        }
    }
    for (int64_t k = 0; k < s->nadd; k++) {
        int64_t j = -1;
        assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS, s->add[k].product,
                                          &j), LCA_OK);
        h += s->add[k].amount * N[j];
        *mag += fabs(s->add[k].amount * N[j]);
    }
    return h;
}

// Do the parts x[0], x[stride], ... (count) sum to h, within 1e-10 of
// the sum of their magnitudes (stages of opposite signs cancel)?
static int sums_to(const double *x, int64_t stride, int64_t count, double h) {
    double sum = 0.0, mag = fabs(h);
    for (int64_t i = 0; i < count; i++) {
        sum += x[i * stride];
        mag += fabs(x[i * stride]);
    }
    return fabs(sum - h) <= 1e-10 * mag;
}

static void test_pcf_200_synthetic_rules_in_one_pass(void **state) {
    fixture *f = *state;
    int64_t n = lca_model_dim(f->M, LCA_PRODUCTS), ind = 0;
    lca_pcf *p = run(f, f->rs, NITER);
    assert_int_equal(lca_pcf_ncategories(p), NRULES);
    // Reference factors from a calculation of their own.
    double *N = malloc((size_t)n * sizeof *N), *Dr = malloc((size_t)n *
                                                            sizeof *Dr);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(f->M, NULL, &c), LCA_OK);
    assert_int_equal(lca_calc_factors(c, 1, &ind, N, Dr), LCA_OK);
    int64_t kinds[3] = {0, 0, 0}, mixes = 0, service = 0;
    for (int64_t k = 0; k < NRULES; k++) {
        const lca_rule_spec *s = lca_rule_get(lca_pcf_rule(p, k));
        lca_pcf_result r;
        lca_pcf_result_get(p, k, &r);
        kinds[s->boundary]++;
        mixes += s->nproducts > 1;
        service += s->capacity > 0.0;
        double mag = 0.0, e = expected(f->M, lca_pcf_rule(p, k), N, Dr, &mag);
        assert_true(fabs(r.footprint - e) <= 1e-10 * (fabs(e) + mag));
        if (!sums_to(r.stages, 1, r.nstages, r.footprint)) {
            double t = 0.0;
            for (int64_t i = 0; i < r.nstages; i++) t += r.stages[i];
            fail_msg("%s (%s): stages %.17g, footprint %.17g", r.id,
                     lca_boundary_str(s->boundary), t, r.footprint);
        }
        assert_int_equal(r.nsamples, NITER);
        for (int64_t it = 0; it < NITER; it++) {
            assert_true(sums_to(r.stage_samples + it, NITER, r.nstages,
                                r.samples[it]));
        }
    }
    // The set covers every kind of rule.
    assert_true(kinds[0] > 0 && kinds[1] > 0 && kinds[2] > 0);
    assert_true(mixes > 0 && service > 0);
    lca_calc_destroy(&c);
    free(N);
    free(Dr);
    // Five categories alone see the same samples as among 200.
    lca_ruleset *few = NULL;
    assert_int_equal(lca_ruleset_create(f->ctx, "", &few), LCA_OK);
    for (int64_t k = 0; k < 5; k++) {
        lca_rule *r = NULL;
        assert_int_equal(lca_rule_create(f->ctx,
                                         lca_rule_get(lca_pcf_rule(p, 40 * k)),
                                         &r), LCA_OK);
        assert_int_equal(lca_ruleset_add(few, &r), LCA_OK);
    }
    lca_pcf *q = run(f, few, NITER);
    for (int64_t k = 0; k < 5; k++) {
        lca_pcf_result a, b;
        lca_pcf_result_get(p, 40 * k, &a);
        lca_pcf_result_get(q, k, &b);
        assert_memory_equal(a.samples, b.samples, NITER * sizeof *a.samples);
    }
    lca_pcf_destroy(&q);
    lca_ruleset_destroy(&few);
    lca_pcf_destroy(&p);
}

// The same rules through files: written, read back as a folder, and the
// footprints are the same bits.
// The primary-data share (computed as lambda_P' f / lambda' f, one adjoint
// solve) against the supply of each category from a forward solve:
// sum_{j primary} D_j s_j / sum_j D_j s_j, with every seventh product's
// data primary.
static void test_pcf_primary_share_by_forward_solves(void **state) {
    fixture *f = *state;
    const lca_model *M = f->M;
    int64_t n = lca_model_dim(M, LCA_PRODUCTS), ind = 0, np = 0;
    const char **prim = malloc((size_t)n * sizeof *prim);
    for (int64_t j = 0; j < n; j += 7) {
        prim[np++] = lca_model_label(M, LCA_PRODUCTS, LCA_LABEL_ID, j);
    }
    lca_pcf_options o;
    lca_pcf_options_default(&o);
    o.nprimary = np;
    o.primary = prim;
    lca_pcf *p = NULL;
    if (lca_pcf_create(f->M, f->rs, &o, &p) != LCA_OK ||
        lca_pcf_run(p, NULL) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(f->ctx));
    }
    double *N = malloc((size_t)n * sizeof *N), *Dr = malloc((size_t)n *
                                                            sizeof *Dr);
    double *F = malloc((size_t)n * sizeof *F), *S = malloc((size_t)n *
                                                           sizeof *S);
    lca_calc *c = NULL;
    assert_int_equal(lca_calc_create(f->M, NULL, &c), LCA_OK);
    assert_int_equal(lca_calc_factors(c, 1, &ind, N, Dr), LCA_OK);
    int64_t between = 0;  // shares strictly between 0 and 1
    for (int64_t k = 0; k < NRULES; k++) {
        const lca_rule_spec *s = lca_rule_get(lca_pcf_rule(p, k));
        double q = lca_rule_model_units(lca_pcf_rule(p, k));
        memset(F, 0, (size_t)n * sizeof *F);
        for (int64_t i = 0; i < s->nproducts; i++) {
            int64_t j = -1;
            assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS,
                                              s->products[i].product, &j),
                             LCA_OK);
            F[j] += q * s->products[i].share;
        }
        for (int64_t i = 0; i < s->nadd; i++) {
            int64_t j = -1;
            assert_int_equal(lca_model_lookup(M, LCA_PRODUCTS,
                                              s->add[i].product, &j), LCA_OK);
            F[j] += s->add[i].amount;
        }
        assert_int_equal(lca_calc_supply(c, 1, F, S), LCA_OK);
        double pr = 0.0, all = 0.0;
        for (int64_t j = 0; j < n; j++) {
            all += Dr[j] * S[j];
            if (j % 7 == 0) pr += Dr[j] * S[j];
        }
        lca_pcf_result r;
        lca_pcf_result_get(p, k, &r);
        assert_close(r.primary_share, pr / all, 1e-9);
        between += r.primary_share > 1e-6 && r.primary_share < 1.0 - 1e-6;
    }
    assert_true(between >= NRULES / 2);  // the check is not vacuous
    lca_calc_destroy(&c);
    lca_pcf_destroy(&p);
    free(prim);
    free(N);
    free(Dr);
    free(F);
    free(S);
}

static void test_pcf_synthetic_rules_through_files(void **state) {
    fixture *f = *state;
    const char *dir = test_tmpdir("pcf_synthetic");
    for (int64_t k = 0; k < NRULES; k++) {
        char path[4200];
        snprintf(path, sizeof path, "%s/rule-%04lld.json", dir, (long long)k);
        assert_int_equal(lca_rule_write(lca_ruleset_rule(f->rs, k), path),
                         LCA_OK);
    }
    lca_ruleset *back = NULL;
    assert_int_equal(lca_ruleset_read(f->ctx, dir, &back), LCA_OK);
    assert_int_equal(lca_ruleset_count(back), NRULES);
    lca_pcf *a = run(f, f->rs, 0), *b = run(f, back, 0);
    for (int64_t k = 0; k < NRULES; k++) {
        lca_pcf_result x, y;
        lca_pcf_result_get(a, k, &x);
        lca_pcf_result_get(b, k, &y);
        assert_string_equal(x.id, y.id);
        assert_true(x.footprint == y.footprint);
        assert_int_equal(x.nviolations, y.nviolations);
    }
    lca_pcf_destroy(&a);
    lca_pcf_destroy(&b);
    lca_ruleset_destroy(&back);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcf_200_synthetic_rules_in_one_pass),
        cmocka_unit_test(test_pcf_primary_share_by_forward_solves),
        cmocka_unit_test(test_pcf_synthetic_rules_through_files),
    };
    return cmocka_run_group_tests_name("pcf_synthetic", tests, setup,
                                       teardown);
}
