// Open MPI's handles are macros over the addresses of the library's globals
// (MPI_COMM_WORLD is `((MPI_Comm) &ompi_mpi_comm_world)`), which Swift cannot import: they are
// returned by these functions instead.
#define OMPI_SKIP_MPICXX 1
#include <mpi.h>

static inline MPI_Comm mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype mpi_uint64(void) { return MPI_UINT64_T; }
static inline MPI_Op mpi_sum(void) { return MPI_SUM; }
static inline void *mpi_in_place(void) { return MPI_IN_PLACE; }
static inline int mpi_thread_funneled(void) { return MPI_THREAD_FUNNELED; }
