// cli/mc_mpi.c: the MPI session: start, quiet ranks, agreement, end
// SPDX-License-Identifier: MIT
//
// A failure on one rank must end the job on every rank with one message
// and one exit code, never a hang. So every collective step of the
// program starts with mc_mpi_agree (one MPI_Allreduce): the ranks learn
// who failed first, and that rank's captured standard error travels to
// rank 0, which prints it. Point-to-point messages are exchanged only
// after an agreement found every rank well. A rank that ends early (say
// it could not read a checkpoint that rank 0 could) still calls
// mc_mpi_agree once, from mc_mpi_main: that call meets the others' next
// agreement, which then reports it, and no further collective follows.
// Rejected: MPI_Abort on error (mpirun's banner buries the message, and
// the exit code is lost) and MPI_Comm_set_errhandler games.

#define _POSIX_C_SOURCE 200809L

#include <fcntl.h>
#include <mpi.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "mc_mpi.h"

#define TEXT_MAX 4000  // bytes of a failed rank's messages passed on

// MPI's state is process-wide (MPI_Init once per process), and so is this
// record of it: with the signal flag, the MPI build's only globals.
static struct session {
    int rank, size;
    int leaving;   // this rank is in its last agreement (mc_mpi_main)
    int closed;    // a rank has left: no collective step is possible
    FILE *log;     // ranks other than 0: their captured standard error
    off_t passed;  // how much of the log has already been passed on
    int saved_out, saved_err;
} S = {0, 1, 0, 0, NULL, 0, -1, -1};

int mc_mpi_rank(void) { return S.rank; }
int mc_mpi_size(void) { return S.size; }

// Ranks other than 0: standard output to /dev/null, standard error to an
// anonymous file until mc_mpi_main ends (then both are back, so that a
// sanitizer's report at exit is seen).
static void quiet(void) {
    if (S.rank == 0) return;
    fflush(stdout);
    S.log = tmpfile();
    int null = open("/dev/null", O_WRONLY);
    S.saved_out = dup(STDOUT_FILENO);
    S.saved_err = dup(STDERR_FILENO);
    if (null >= 0) {
        dup2(null, STDOUT_FILENO);
        close(null);
    }
    if (S.log != NULL) dup2(fileno(S.log), STDERR_FILENO);
}

static void unquiet(void) {
    fflush(stdout);
    fflush(stderr);
    if (S.saved_out >= 0) dup2(S.saved_out, STDOUT_FILENO);
    if (S.saved_err >= 0) dup2(S.saved_err, STDERR_FILENO);
    if (S.saved_out >= 0) close(S.saved_out);
    if (S.saved_err >= 0) close(S.saved_err);
    if (S.log != NULL) fclose(S.log);
    S.log = NULL;
}

// What this rank wrote to standard error since the last call (the last
// size - 1 bytes of it).
static void take_log(char *buf, size_t size) {
    buf[0] = '\0';
    struct stat sb;
    if (S.log == NULL || fstat(fileno(S.log), &sb) != 0) return;
    off_t from = S.passed, end = sb.st_size;
    if (end - from > (off_t)size - 1) from = end - (off_t)size + 1;
    ssize_t got = end > from ? pread(fileno(S.log), buf, (size_t)(end - from),
                                     from)
                             : 0;
    buf[got > 0 ? got : 0] = '\0';
    S.passed = end;
}

// Rank 0 prints another rank's messages, each line marked with the rank.
static void print_text(int rank, const char *text) {
    while (*text != '\0') {
        const char *end = strchr(text, '\n');
        int len = end != NULL ? (int)(end - text) : (int)strlen(text);
        fprintf(stderr, "[rank %d of %d] %.*s\n", rank, S.size, len, text);
        text += len + (end != NULL);
    }
}

static int is_failure(int rc) {
    return rc > 0 && rc != CLI_EXIT_RESUMABLE;
}

// The lowest failing rank tells everyone its exit code and messages.
static int share_failure(int root, int rc) {
    struct {
        int rc;
        char text[TEXT_MAX];
    } v;
    memset(&v, 0, sizeof v);
    if (S.rank == root) {
        v.rc = rc;
        take_log(v.text, sizeof v.text);
    }
    MPI_Bcast(&v, (int)sizeof v, MPI_BYTE, root, MPI_COMM_WORLD);
    if (S.rank == 0 && root != 0) print_text(root, v.text);
    return v.rc;
}

int mc_mpi_agree(int rc, int *stop) {
    int mine[3] = {is_failure(rc) ? S.rank : S.size,
                   stop != NULL && *stop ? -1 : 0, S.leaving ? -1 : 0};
    int all[3];
    MPI_Allreduce(mine, all, 3, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (stop != NULL) *stop = all[1] < 0;
    if (all[2] < 0) S.closed = 1;
    if (all[0] < S.size) return share_failure(all[0], rc);
    if (all[2] < 0 && !S.leaving) {
        if (S.rank == 0) {
            fprintf(stderr, "leontief: error: an MPI rank ended before the "
                    "others did\n");
        }
        return CLI_EXIT_INTERNAL;
    }
    return -1;
}

// Was this process started by an MPI launcher (mpirun/mpiexec of Open MPI
// or MPICH, or srun with PMI or PMIx)? If not, MPI is not started at all:
// the program then behaves as a build without MPI, without the half
// second a singleton MPI_Init takes and without its window in which a
// signal kills the process instead of stopping the run.
static int launched_by_mpi(void) {
    const char *vars[] = {"OMPI_COMM_WORLD_SIZE", "PMIX_RANK", "PMI_RANK",
                          "PMI_SIZE", "MPI_LOCALNRANKS"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) {
        if (getenv(vars[i]) != NULL) return 1;
    }
    return 0;
}

int mc_mpi_main(int argc, char **argv, int (*run)(int argc, char **argv)) {
    if (!launched_by_mpi()) return run(argc, argv);
    int provided;
    // OpenMP threads never call MPI: only the main thread does.
    if (MPI_Init_thread(&argc, &argv, MPI_THREAD_FUNNELED, &provided) !=
        MPI_SUCCESS) {
        fprintf(stderr, "leontief: error: MPI_Init failed\n");
        return CLI_EXIT_INTERNAL;
    }
    MPI_Comm_rank(MPI_COMM_WORLD, &S.rank);
    MPI_Comm_size(MPI_COMM_WORLD, &S.size);
    quiet();
    // Only mc splits its work; any other command runs once, on rank 0.
    int everyone = argc >= 2 && strcmp(argv[1], "mc") == 0;
    int rc = S.rank == 0 || everyone ? run(argc, argv) : CLI_EXIT_OK;
    S.leaving = 1;
    if (!S.closed) {
        int agreed = mc_mpi_agree(rc, NULL);
        if (agreed >= 0) rc = agreed;
    }
    unquiet();
    MPI_Finalize();
    return rc;
}
