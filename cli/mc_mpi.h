// cli/mc_mpi.h: the MPI session of one leontief process (LCA_HAVE_MPI)
// SPDX-License-Identifier: MIT
//
// Built only with -DLCA_MPI=ON. Under `mpirun -np R leontief ...` every
// rank runs main. `mc` splits its iterations across the ranks
// (cli/mc_mpi_run.c); any other command runs on rank 0 alone. Ranks other
// than 0 keep quiet: their standard output is discarded and their standard
// error captured, and rank 0 prints the message of a rank that failed.

#ifndef LCA_CLI_MC_MPI_H
#define LCA_CLI_MC_MPI_H

// main for an MPI build. Started by an MPI launcher (mpirun, mpiexec,
// srun): MPI_Init, run(argc, argv) on the ranks that run the command, one
// agreed exit code on every rank, MPI_Finalize. Otherwise MPI is not
// started and this is run(argc, argv).
int mc_mpi_main(int argc, char **argv, int (*run)(int argc, char **argv));

int mc_mpi_rank(void);
int mc_mpi_size(void);

// Every rank's verdict, a collective step that every rank must reach: rc
// is -1 (going on), 0 or 75 (finished), or an exit code after a failure
// whose message this rank has printed. Returns -1 when no rank failed,
// else the exit code of the lowest failing rank (whose message rank 0
// prints, once) -- also when a rank has ended without taking part. *stop
// (may be NULL) becomes nonzero if it was on any rank.
int mc_mpi_agree(int rc, int *stop);

#endif  // LCA_CLI_MC_MPI_H
