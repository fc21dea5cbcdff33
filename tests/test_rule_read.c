// tests/test_rule_read.c: rule files and rule-set folders (io/rules/)
// SPDX-License-Identifier: MIT

#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "test_util.h"

#define RULE_HEAD                                                           \
    "{\"format\": \"leontief-pcf-rule\", \"version\": 1,\n"               \
    " \"name\": {\"en\": \"Quicklime\", \"zh\": \"\xe7\x94\x9f\xe7\x9f\xb3" \
    "\xe7\x81\xb0\"},\n"                                                   \
    " \"follows\": [\"GB/T 24067-2024\"],\n"
#define RULE_BODY                                                           \
    " \"products\": [{\"product\": \"p-lime\"}],\n"                       \
    " \"declared_unit\": {\"unit\": \"t\", \"model_unit\": \"kg\",\n"     \
    "   \"model_amount\": 1000, \"mass_kg\": 1000},\n"                    \
    " \"boundary\": {\"type\": \"cradle-to-gate\"},\n"                   \
    " \"stages\": {\"map\": {\"p-elec\": \"production\"}},\n"            \
    " \"cutoff\": {\"item\": 0.01, \"limit\": 0.05},\n"                  \
    " \"allocation\": {\"default\": \"mass\", \"processes\": {\"p-kiln\":" \
    " {\"method\": \"economic\", \"prices\": {\"f-lime\": 0.1}}}},\n"     \
    " \"primary_data\": {\"mandatory\": [\"p-kiln\"], \"min_share\": 0.1},\n" \
    " \"data_quality\": {\"max_dqr\": 3},\n"                              \
    " \"gwp\": {\"indicator\": \"GWP100\", \"set\": \"IPCC AR6\"},\n"    \
    " \"grading\": \"cn-basic\", \"shortfalls\": [\"no primary data\"]}\n"

static const char *write_file(const char *dir, const char *name,
                              const char *text) {
    static char path[4200];
    int len = snprintf(path, sizeof path, "%s/%s", dir, name);
    assert_true(len > 0 && (size_t)len < sizeof path);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fputs(text, fp);
    fclose(fp);
    return path;
}

static void test_rule_read_gives_every_field(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("rule_read_ok");
    const char *path = write_file(dir, "lime.json",
                                  RULE_HEAD " \"id\": \"lime\",\n" RULE_BODY);
    lca_rule *r = NULL;
    assert_int_equal(lca_rule_read(ctx, path, &r), LCA_OK);
    const lca_rule_spec *s = lca_rule_get(r);
    assert_string_equal(s->source, path);
    assert_string_equal(s->id, "lime");
    assert_int_equal(s->nnames, 2);
    assert_string_equal(lca_rule_name_in(r, "en"), "Quicklime");
    assert_close(s->products[0].share, 1.0, 0);
    assert_close(s->model_amount, 1000.0, 0);
    assert_string_equal(s->direct_stage, "production");
    assert_string_equal(s->default_stage, "raw material acquisition");
    assert_string_equal(s->stages[0].product, "p-elec");
    assert_int_equal(s->alloc_default, LCA_ALLOC_MASS);
    assert_int_equal(s->alloc[0].method, LCA_ALLOC_ECONOMIC);
    assert_close(s->alloc[0].prices[0].price, 0.1, 0);
    assert_string_equal(s->mandatory[0], "p-kiln");
    assert_close(s->min_primary_share, 0.1, 0);
    assert_close(s->max_dqr, 3.0, 0);
    assert_string_equal(s->gwp_set, "IPCC AR6");
    assert_string_equal(s->grading, "cn-basic");
    assert_string_equal(s->shortfalls[0], "no primary data");
    lca_rule_destroy(&r);
}

// The file text must be refused naming want (file, pointer and reason).
static void refuse(lca_ctx *ctx, const char *text, const char *want) {
    const char *dir = test_tmpdir("rule_read_bad");
    const char *path = write_file(dir, "bad.json", text);
    lca_rule *r = NULL;
    lca_status st = lca_rule_read(ctx, path, &r);
    if (st != LCA_ERR_INVALID) fail_msg("accepted, want '%s'", want);
    assert_null(r);
    const char *msg = lca_ctx_errmsg(ctx);
    if (strstr(msg, "bad.json: ") == NULL || strstr(msg, want) == NULL) {
        fail_msg("'%s' lacks '%s'", msg, want);
    }
}

static void test_rule_read_names_file_field_and_reason(void **state) {
    lca_ctx *ctx = *state;
    refuse(ctx, "{\"format\": \n", "line 2");
    refuse(ctx, "[1]", "/: expected an object, got an array");
    refuse(ctx, RULE_HEAD RULE_BODY, "/id: missing");
    refuse(ctx, RULE_HEAD " \"id\": 7,\n" RULE_BODY,
           "/id: expected a string, got a number");
    refuse(ctx, RULE_HEAD " \"id\": \"x\", \"cutof\": 1,\n" RULE_BODY,
           "/cutof: unknown field");
    refuse(ctx, RULE_HEAD " \"id\": \"x\", \"id\": \"y\",\n" RULE_BODY,
           "duplicate");
    refuse(ctx, "{\"format\": \"other\"}", "/format: 'other' is not");
    refuse(ctx,
           "{\"format\": \"leontief-pcf-rule\", \"version\": 1, \"id\": \"x\","
           " \"name\": {\"en\": 3}}",
           "/name/en: expected a string, got a number");
    refuse(ctx,
           RULE_HEAD " \"id\": \"x\",\n" " \"products\": [{\"product\": \"a\","
                     " \"share\": \"1\"}]}",
           "/products/0/share: expected a number, got a string");
}

static void test_rule_read_refuses_a_bad_method_and_boundary(void **state) {
    lca_ctx *ctx = *state;
    char text[4096];
    snprintf(text, sizeof text, "%s", RULE_HEAD " \"id\": \"x\",\n" RULE_BODY);
    char *p = strstr(text, "\"economic\"");
    memcpy(p, "\"economix\"", 10);
    refuse(ctx, text, "/allocation/processes/p-kiln/method: unknown "
                      "allocation method 'economix'");
    snprintf(text, sizeof text, "%s", RULE_HEAD " \"id\": \"x\",\n" RULE_BODY);
    p = strstr(text, "cradle-to-gate");
    memcpy(p, "cradle-to-xxxx", 14);
    refuse(ctx, text, "/boundary/type: unknown boundary");
    snprintf(text, sizeof text, "%s", RULE_HEAD " \"id\": \"x\",\n" RULE_BODY);
    p = strstr(text, "[{\"product\": \"p-lime\"}]");
    memcpy(p, "[                     ]", 23);
    refuse(ctx, text, "/products: no product");
}

static void test_ruleset_read_reads_a_folder_in_name_order(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("ruleset_read");
    char sub[4200];
    write_file(dir, "b.json", RULE_HEAD " \"id\": \"b-lime\",\n" RULE_BODY);
    write_file(dir, "a.json", RULE_HEAD " \"id\": \"a-lime\",\n" RULE_BODY);
    write_file(dir, ".hidden.json", "not json");
    write_file(dir, "README.md", "not a rule");
    snprintf(sub, sizeof sub, "%s/schema", dir);
    mkdir(sub, 0777);
    write_file(sub, "x.json", "not a rule either");
    lca_ruleset *rs = NULL;
    assert_int_equal(lca_ruleset_read(ctx, dir, &rs), LCA_OK);
    assert_int_equal(lca_ruleset_count(rs), 2);
    assert_string_equal(lca_rule_id(lca_ruleset_rule(rs, 0)), "a-lime");
    assert_string_equal(lca_rule_id(lca_ruleset_rule(rs, 1)), "b-lime");
    lca_ruleset_destroy(&rs);
    // The same category in two files: both named.
    write_file(dir, "c.json", RULE_HEAD " \"id\": \"a-lime\",\n" RULE_BODY);
    assert_int_equal(lca_ruleset_read(ctx, dir, &rs), LCA_ERR_INVALID);
    assert_null(rs);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "c.json"));
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "a.json"));
    assert_int_equal(lca_ruleset_read(ctx, sub, &rs), LCA_ERR_INVALID);
    assert_int_equal(lca_ruleset_read(ctx, "/nonexistent/rules", &rs),
                     LCA_ERR_IO);
    const char *empty = test_tmpdir("ruleset_empty");
    assert_int_equal(lca_ruleset_read(ctx, empty, &rs), LCA_ERR_INVALID);
    assert_non_null(strstr(lca_ctx_errmsg(ctx), "no rule files"));
}

// Hostile ids are data, not paths: they load (output names are sanitized
// where files are written).
static void test_rule_read_keeps_hostile_ids_as_data(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("rule_read_hostile");
    const char *path = write_file(
        dir, "h.json",
        RULE_HEAD " \"id\": \"../../etc/<script>alert(1)</script>\",\n"
                  RULE_BODY);
    lca_rule *r = NULL;
    assert_int_equal(lca_rule_read(ctx, path, &r), LCA_OK);
    assert_string_equal(lca_rule_id(r), "../../etc/<script>alert(1)</script>");
    lca_rule_destroy(&r);
}

static void test_rule_read_fails_cleanly_without_memory(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("rule_read_nomem");
    write_file(dir, "lime.json", RULE_HEAD " \"id\": \"lime\",\n" RULE_BODY);
    test_alloc ta;
    for (int64_t k = 0;; k++) {
        lca_ruleset *rs = NULL;
        test_alloc_install(ctx, &ta, k);
        lca_status st = lca_ruleset_read(ctx, dir, &rs);
        if (st == LCA_OK) {
            lca_ruleset_destroy(&rs);
            assert_int_equal(ta.live, 0);
            break;
        }
        assert_int_equal(st, LCA_ERR_NOMEM);
        assert_null(rs);
        assert_int_equal(ta.live, 0);
    }
}

// The shipped rule set reads (its rules are also checked against the JSON
// schema by tests/rules_schema.py).
static void test_ruleset_read_reads_the_shipped_rules(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = src_path("datasets/rules/basic-uslci");
    lca_ruleset *rs = NULL;
    if (lca_ruleset_read(ctx, dir, &rs) != LCA_OK) {
        fail_msg("%s", lca_ctx_errmsg(ctx));
    }
    assert_true(lca_ruleset_count(rs) >= 1);
    for (int64_t i = 0; i < lca_ruleset_count(rs); i++) {
        const lca_rule_spec *s = lca_rule_get(lca_ruleset_rule(rs, i));
        assert_true(s->nfollows >= 2);
        assert_true(s->nshortfalls >= 1);
    }
    lca_ruleset_destroy(&rs);
}

// write(read(file)) reads back as the same rule: its own writing is
// byte for byte the same.
static void test_rule_write_round_trips(void **state) {
    lca_ctx *ctx = *state;
    const char *dir = test_tmpdir("rule_write");
    const char *src = write_file(dir, "lime.json",
                                 RULE_HEAD " \"id\": \"lime\",\n" RULE_BODY);
    char a[4200], b[4200];
    snprintf(a, sizeof a, "%s/a.json", dir);
    snprintf(b, sizeof b, "%s/b.json", dir);
    lca_rule *r = NULL, *r2 = NULL;
    assert_int_equal(lca_rule_read(ctx, src, &r), LCA_OK);
    assert_int_equal(lca_rule_write(r, a), LCA_OK);
    assert_int_equal(lca_rule_read(ctx, a, &r2), LCA_OK);
    assert_int_equal(lca_rule_write(r2, b), LCA_OK);
    char *ta = test_slurp(a), *tb = test_slurp(b);
    assert_string_equal(ta, tb);
    const lca_rule_spec *s = lca_rule_get(r2);
    assert_string_equal(s->names[1].text, "\xe7\x94\x9f\xe7\x9f\xb3"
                                          "\xe7\x81\xb0");
    assert_close(s->alloc[0].prices[0].price, 0.1, 0);
    assert_close(s->max_dqr, 3.0, 0);
    free(ta);
    free(tb);
    lca_rule_destroy(&r);
    lca_rule_destroy(&r2);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_rule_read_gives_every_field,
                                        ctx_setup, ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_rule_read_names_file_field_and_reason, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_rule_read_refuses_a_bad_method_and_boundary, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_ruleset_read_reads_a_folder_in_name_order, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_rule_read_keeps_hostile_ids_as_data, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_rule_read_fails_cleanly_without_memory, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(
            test_ruleset_read_reads_the_shipped_rules, ctx_setup,
            ctx_teardown),
        cmocka_unit_test_setup_teardown(test_rule_write_round_trips,
                                        ctx_setup, ctx_teardown),
    };
    return cmocka_run_group_tests_name("rule_read", tests, NULL, NULL);
}
