/* cblas_sgemm's rate over the calling thread's CPU time, for the same OpenBLAS library and kernel SynthBench
 * uses (docs/ddpm.md §5): on a loaded machine wall time includes the time spent waiting for a core, CPU time
 * does not. Row-major C = A B, A m x k, B k x n, beta 0 (as SynthBench's bench blas), one OpenBLAS thread.
 *   cc -O2 scripts/bench/sgemm_cpu.c -lopenblas -o /tmp/sgemm_cpu
 *   OPENBLAS_CORETYPE=Cooperlake OPENBLAS_NUM_THREADS=1 /tmp/sgemm_cpu 1024 256 256  16384 256 256 ...
 * For each shape (m k n triples): calls double until a batch takes 0.5 s of CPU, then the best of 5 batches. */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double cpu_seconds(void) {
    struct timespec t;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(int argc, char **argv) {
    openblas_set_num_threads(1);
    printf("OpenBLAS %s, core %s\n", openblas_get_config(), openblas_get_corename());
    for (int a = 1; a + 2 < argc; a += 3) {
        int m = atoi(argv[a]), k = atoi(argv[a + 1]), n = atoi(argv[a + 2]);
        float *A = malloc(sizeof(float) * m * k), *B = malloc(sizeof(float) * k * n), *C = malloc(sizeof(float) * m * n);
        srand(1);
        for (long i = 0; i < (long)m * k; i++) A[i] = rand() / (float)RAND_MAX - 0.5f;
        for (long i = 0; i < (long)k * n; i++) B[i] = rand() / (float)RAND_MAX - 0.5f;
        int calls = 1;
        double best = 1e30;
        for (int warm = 0;; warm++) {
            double t0 = cpu_seconds();
            for (int c = 0; c < calls; c++)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, A, k, B, n, 0, C, n);
            double t = cpu_seconds() - t0;
            if (t >= 0.5 || warm > 20) break;
            calls *= 2;
        }
        for (int b = 0; b < 5; b++) {
            double t0 = cpu_seconds();
            for (int c = 0; c < calls; c++)
                cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, A, k, B, n, 0, C, n);
            double t = cpu_seconds() - t0;
            if (t < best) best = t;
        }
        printf("%dx%dx%d: %.1f GFLOP/s (CPU time; %d calls per batch, best of 5)\n", m, k, n,
               2.0 * m * n * k * calls / best / 1e9, calls);
        free(A); free(B); free(C);
    }
    return 0;
}
