// tests/test_pcf_cli.c: leontief pcf on rule files, good and bad
// SPDX-License-Identifier: MIT
//
// Runs the built program on the hand model of tests/pcf_model.c written to
// a file, its products named (steel and eaf both 'Steel', elec
// '<script>alert(1)</script>', coal '../coal, "hard"'), with rule folders
// written here. Checks: footprints per declared unit (2230 kg CO2-eq per
// tonne of steel, by hand in pcf_model.c), hostile ids and rule-file names
// never leave the output folder and stay one CSV field, --strict and
// --primary; and each bad rule file (unknown field, wrong type, unknown
// product, ambiguous name, ...) exits 3 with a message naming the file
// and the JSON pointer, and writes nothing.

#define _POSIX_C_SOURCE 200809L

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>

#include "cli_util.h"
#include "pcf_model.h"

typedef struct fixture {
    char dir[4096], model[4200];
    char err[8192];
} fixture;

// Run "leontief ARGS" (in f->dir) with stderr captured in f->err; the
// exit code.
#define run(f, ...) \
    cli_stderr((f)->dir, 1, (f)->err, sizeof(f)->err, __VA_ARGS__)

static void write_model(const char *path) {
    lca_ctx *ctx = NULL;
    assert_int_equal(lca_ctx_create(&ctx), LCA_OK);
    lca_model *M = pcf_test_model(ctx, 1.3);
    const char *names[] = {"Steel", "<script>alert(1)</script>",
                           "../coal, \"hard\"", "Truck", "Use", "Steel"};
    write_named_model(&M, names, path);
    lca_ctx_destroy(&ctx);
}

static int setup(void **state) {
    fixture *f = calloc(1, sizeof *f);
    const char *dir = test_tmpdir("pcf_cli");
    if (f == NULL || dir == NULL || getenv("LCA_CLI") == NULL) return -1;
    snprintf(f->dir, sizeof f->dir, "%s", dir);
    snprintf(f->model, sizeof f->model, "%s/m.h5", dir);
    write_model(f->model);
    *state = f;
    return 0;
}

// A rule per tonne of product, cradle to gate: with these field values
// (JSON texts) unless NULL (the default), and extra fields appended.
typedef struct rule_text {
    const char *id, *products, *cutoff, *stages, *mandatory, *indicator;
    const char *model_unit, *extra;
} rule_text;

static void write_rule(const char *dir, const char *file, rule_text t) {
    char path[8400];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    FILE *fp = fopen(path, "w");
    assert_non_null(fp);
    fprintf(fp,
            "{\"format\": \"leontief-pcf-rule\", \"version\": 1,\n"
            " \"id\": %s, \"name\": {\"en\": \"Steel\"},\n"
            " \"follows\": [\"GB/T 24067-2024\"],\n"
            " \"products\": %s,\n"
            " \"declared_unit\": {\"unit\": \"t\", \"model_unit\": %s,"
            " \"model_amount\": 1000},\n"
            " \"boundary\": {\"type\": \"cradle-to-gate\"},\n"
            " \"stages\": %s,\n"
            " \"cutoff\": %s,\n"
            " \"primary_data\": {\"mandatory\": %s},\n"
            " \"gwp\": {\"indicator\": %s, \"set\": \"IPCC AR6\"}%s}\n",
            t.id ? t.id : "\"steel\"",
            t.products ? t.products : "[{\"product\": \"id:steel\"}]",
            t.model_unit ? t.model_unit : "\"kg\"",
            t.stages ? t.stages
                     : "{\"map\": {\"<script>alert(1)</script>\": "
                       "\"production\"}}",
            t.cutoff ? t.cutoff : "{\"item\": 0.01, \"limit\": 0.05}",
            t.mandatory ? t.mandatory : "[]",
            t.indicator ? t.indicator : "\"GWP100\"", t.extra ? t.extra : "");
    fclose(fp);
}

static const char *subdir(const fixture *f, const char *name) {
    static char path[4300];
    snprintf(path, sizeof path, "%s/%s", f->dir, name);
    mkdir(path, 0777);
    return path;
}

// Entries of dir other than "." and ".."; with check, each must be a
// plain safe CSV name.
static int entries(const char *dir, int check) {
    DIR *d = opendir(dir);
    if (d == NULL) return -1;
    int n = 0;
    for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
        const char *s = e->d_name;
        if (strcmp(s, ".") == 0 || strcmp(s, "..") == 0) continue;
        size_t len = strlen(s);
        if (check && (strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOP"
                                "QRSTUVWXYZ0123456789_.-") != len ||
                      s[0] == '.' || len < 5 ||
                      strcmp(s + len - 4, ".csv") != 0)) {
            fail_msg("unsafe file name '%s'", s);
        }
        n++;
    }
    closedir(d);
    return n;
}

// Hostile ids and rule-file names: the outputs stay in out/, one safe CSV
// per category, the ids one quoted CSV field each; the footprints are the
// hand-computed ones; --strict fails on the missing primary data, which
// --primary supplies.
static void test_pcf_cli_hostile_ids_and_strict(void **state) {
    fixture *f = *state;
    const char *rules = subdir(f, "good");
    char rdir[4300], path[8600];
    snprintf(rdir, sizeof rdir, "%s", rules);
    write_rule(rdir, "<img src=x onerror=alert(1)>.json",
               (rule_text){.id = "\"<script>alert(1)</script>\"",
                           .mandatory = "[\"id:steel\"]"});
    write_rule(rdir, "a..,x.json",
               (rule_text){.id = "\"../../etc/passwd, \\\"x\\\"\"",
                           .products = "[{\"product\": \"id:eaf\"}]"});
    assert_int_equal(run(f, "pcf good m.h5 -n 20 --seed 3 -o out"), 0);
    snprintf(path, sizeof path, "%s/out", f->dir);
    assert_int_equal(entries(path, 0), 4);
    snprintf(path, sizeof path, "%s/out/categories", f->dir);
    assert_int_equal(entries(path, 1), 2);
    // f->dir: m.h5, good/, out/, stderr.txt and nothing else
    assert_int_equal(entries(f->dir, 0), 4);
    snprintf(path, sizeof path, "%s/out/summary.csv", f->dir);
    char *csv = test_slurp(path);
    assert_non_null(strstr(csv, "\r\n\"../../etc/passwd, \"\"x\"\"\","));
    assert_non_null(strstr(csv, "\r\n<script>alert(1)</script>,"));
    free(csv);
    // Footprints per tonne: steel 2230, eaf 2750 (pcf_model.c).
    snprintf(path, sizeof path, "%s/out/pcf.h5", f->dir);
    int64_t count = 0;
    double *fp = read_h5_doubles(path, "categories/footprint", &count);
    assert_int_equal(count, 2);
    assert_close(fp[0], 2230.0, 1e-12);  // '<' sorts before 'a'
    assert_close(fp[1], 2750.0, 1e-12);
    free(fp);
    // The mandatory process has no primary data: --strict exits 6; named
    // primary (by id) the category conforms.
    assert_int_equal(run(f, "pcf good m.h5 --strict -o out2"), 6);
    assert_int_equal(run(f, "pcf good m.h5 --strict --primary id:steel "
                            "-o out3"), 0);
    // A name two products share is refused as --primary, naming both.
    assert_int_equal(run(f, "pcf good m.h5 --primary Steel -o out4"), 3);
    assert_non_null(strstr(f->err, "id:eaf"));
    snprintf(path, sizeof path, "%s/out4", f->dir);
    assert_int_equal(entries(path, 0), -1);
}

typedef struct bad_case {
    rule_text t;
    const char *want;  // after "bad.json: "
} bad_case;

// Each bad rule: exit 3, the file and the pointer named, no output.
static void test_pcf_cli_names_file_and_pointer(void **state) {
    fixture *f = *state;
    const bad_case cases[] = {
        {{.extra = ", \"cutof\": {}"}, "/cutof: unknown field"},
        {{.cutoff = "{\"item\": \"1 %\", \"limit\": 0.05}"},
         "/cutoff/item: expected a number, got a string"},
        {{.products = "[{\"product\": \"nickel\"}]"},
         "/products/0/product: no product 'nickel'"},
        {{.products = "[{\"product\": \"Steel\"}]"},
         "/products/0/product: 'Steel' is ambiguous"},
        {{.stages = "{\"map\": {\"Steel\": \"production\"}}"},
         "/stages/map/Steel: 'Steel' is ambiguous"},
        {{.stages = "{\"map\": {\"a/b\": \"production\"}}"},
         "/stages/map/a~1b: no product 'a/b'"},
        {{.mandatory = "[\"id:steel\", \"Steel\"]"},
         "/primary_data/mandatory/1: 'Steel' is ambiguous"},
        {{.indicator = "\"GWP20\""}, "/gwp/indicator: "},
        {{.model_unit = "\"MJ\""}, "/declared_unit/model_unit: "},
        {{.products = "[{\"product\": \"id:steel\", \"share\": 0.5},"
                      " {\"product\": \"id:eaf\", \"share\": 0.4}]"},
         "/products: the shares sum to 0.9"},
        {{.id = "[\"steel\"]"}, "/id: expected a string, got an array"},
    };
    int n = (int)(sizeof cases / sizeof cases[0]);
    for (int i = 0; i < n; i++) {
        char name[32], dir[4300], out[4400];
        snprintf(name, sizeof name, "bad%d", i);
        snprintf(dir, sizeof dir, "%s", subdir(f, name));
        write_rule(dir, "bad.json", cases[i].t);
        int rc = run(f, "pcf %s m.h5 -n 10 -o out-%s", name, name);
        char want[512];
        snprintf(want, sizeof want, "%s/bad.json: %s", name, cases[i].want);
        if (rc != 3 || strstr(f->err, want) == NULL) {
            fail_msg("case %d: exit %d, '%s' lacks '%s'", i, rc, f->err,
                     want);
        }
        snprintf(out, sizeof out, "%s/out-%s", f->dir, name);
        assert_int_equal(entries(out, 0), -1);
    }
    // The same category in two files names both; a hostile file name is
    // only quoted in the message.
    const char *dir = subdir(f, "twice");
    char d[4300];
    snprintf(d, sizeof d, "%s", dir);
    write_rule(d, "a.json", (rule_text){0});
    write_rule(d, "<img src=x onerror=alert(1)>.json", (rule_text){0});
    assert_int_equal(run(f, "pcf twice m.h5 -o out-twice"), 3);
    assert_non_null(strstr(f->err, "twice/a.json"));
    assert_non_null(strstr(f->err, "twice/<img src=x onerror=alert(1)>.json"));
    assert_int_equal(run(f, "pcf nosuch m.h5 -o out-nosuch"), 3);
    assert_int_equal(run(f, "pcf --help"), 0);
}

int main(void) {
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_pcf_cli_hostile_ids_and_strict),
        cmocka_unit_test(test_pcf_cli_names_file_and_pointer),
    };
    return cmocka_run_group_tests_name("pcf_cli", tests, setup, free_teardown);
}
