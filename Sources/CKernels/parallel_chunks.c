#include "CKernels.h"

// libgomp's entry points (the GCC OpenMP ABI), the runtime oneDNN is built on in Debian: calling
// them directly keeps us on oneDNN's threads without compiling this file with -fopenmp (clang
// would link LLVM's libomp, a second runtime with threads of its own).
extern void GOMP_parallel(void (*fn)(void *), void *data, unsigned num_threads, unsigned flags);
extern int omp_get_thread_num(void);
extern int omp_get_num_threads(void);

struct chunk_task {
    void (*body)(void *context, long chunk);
    void *context;
    long chunks;
};

static void run_chunks(void *data) {
    const struct chunk_task *task = data;
    const long threads = omp_get_num_threads();
    for (long chunk = omp_get_thread_num(); chunk < task->chunks; chunk += threads)
        task->body(task->context, chunk);
}

void faststyle_parallel_chunks(long chunks, void (*body)(void *context, long chunk), void *context) {
    struct chunk_task task = { body, context, chunks };
    GOMP_parallel(run_chunks, &task, (unsigned)chunks, 0);
}
