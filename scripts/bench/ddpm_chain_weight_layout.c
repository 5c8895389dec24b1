/* The reverse chain's forward products at SynthCity's defaults (adult: input width 40, embedding 128, 3 x 256; one
 * batch of 16,384 rows in blocks of 1024 rows, as Denoiser.chainForward) with the weights as PyTorch lays them out
 * (out x in, the product x Wᵀ: OpenBLAS packs the transposed W again for every block) against a copy transposed once
 * (in x out, the product x W'). Checks that both give the same bytes, then times the products alone (no bias
 * passes): process CPU time, best of 5 batches of 3 passes, alternating (docs/ddpm.md §5). First it checks the
 * layouts on 325 shapes (m from 1 to 2047 rows, the layers' widths): products of at most 10^6 multiply-adds, which
 * OpenBLAS 0.3.21 gives its small-matrix kernels on SkylakeX and Cooperlake, may differ between the layouts; larger
 * ones must not (SynthNN's InferenceLinear transposes only above 10^6):
 *   cc -O2 scripts/bench/ddpm_chain_weight_layout.c -lopenblas -o /tmp/ddpm_chain_weight_layout
 *   OPENBLAS_CORETYPE=COOPERLAKE /tmp/ddpm_chain_weight_layout            */
#include <cblas.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#define ROWS 16384
#define BLOCK 1024
static double cpu(void) { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + 1e-9 * t.tv_nsec; }
static const int W[6] = {40, 128, 256, 256, 256, 40};
static float *Wo[5], *Wi[5], *X, *H[5], *OUT;
static void forward(int transposed) {
    for (int r0 = 0; r0 < ROWS; r0 += BLOCK) {
        const float *in = X + (size_t)r0 * W[0];
        for (int l = 0; l < 5; l++) {
            float *out = l == 4 ? OUT + (size_t)r0 * W[5] : H[l];
            int k = W[l], n = W[l + 1];
            if (transposed) cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, BLOCK, n, k, 1, in, k, Wi[l], n, 0, out, n);
            else cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, BLOCK, n, k, 1, in, k, Wo[l], k, 0, out, n);
            in = out;
        }
    }
}
static double best(int transposed) {
    double b = 1e9;
    for (int i = 0; i < 5; i++) {
        double t0 = cpu();
        for (int k = 0; k < 3; k++) forward(transposed);
        double t = (cpu() - t0) / 3;
        if (t < b) b = t;
    }
    return b;
}
/* Both layouts on many shapes: how many differ at most 10^6 multiply-adds, and above. */
static void shapes(void) {
    int ms[] = {1, 2, 3, 7, 16, 33, 64, 100, 257, 500, 1024, 1500, 2047}, ks[] = {40, 128, 256, 1024, 9}, ns[] = {128, 256, 40, 1024, 31};
    int small = 0, smallDiffer = 0, large = 0, largeDiffer = 0;
    srand(3);
    for (int a = 0; a < 13; a++) for (int b = 0; b < 5; b++) for (int c = 0; c < 5; c++) {
        int m = ms[a], k = ks[b], n = ns[c];
        float *x = malloc(4 * m * k), *w = malloc(4 * n * k), *wt = malloc(4 * n * k), *o1 = malloc(4 * m * n), *o2 = malloc(4 * m * n);
        for (int i = 0; i < m * k; i++) x[i] = (rand() % 2000 - 1000) / 300.f;
        for (int i = 0; i < n * k; i++) w[i] = (rand() % 2000 - 1000) / 9000.f;
        for (int o = 0; o < n; o++) for (int i = 0; i < k; i++) wt[i * n + o] = w[o * k + i];
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, m, n, k, 1, x, k, w, k, 0, o1, n);
        cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, m, n, k, 1, x, k, wt, n, 0, o2, n);
        int differ = memcmp(o1, o2, 4 * m * n) != 0;
        if ((double)m * n * k > 1e6) { large++; largeDiffer += differ; } else { small++; smallDiffer += differ; }
        free(x); free(w); free(wt); free(o1); free(o2);
    }
    printf("core %s: layouts differ on %d of %d shapes of at most 10^6 multiply-adds, on %d of %d larger ones\n",
           openblas_get_corename(), smallDiffer, small, largeDiffer, large);
}
int main(int argc, char **argv) {
    int pairs = argc > 1 ? atoi(argv[1]) : 4;
    openblas_set_num_threads(1);
    shapes();
    srand(1);
    X = malloc(4 * ROWS * 40);
    for (int i = 0; i < ROWS * 40; i++) X[i] = (rand() % 2000 - 1000) / 500.f;
    for (int l = 0; l < 5; l++) {
        int k = W[l], n = W[l + 1];
        Wo[l] = malloc(4 * k * n); Wi[l] = malloc(4 * k * n);
        for (int i = 0; i < k * n; i++) Wo[l][i] = (rand() % 2000 - 1000) / 16000.f;
        for (int o = 0; o < n; o++) for (int i = 0; i < k; i++) Wi[l][i * n + o] = Wo[l][o * k + i];
        H[l] = aligned_alloc(64, 4 * (size_t)BLOCK * 256);
    }
    OUT = malloc(4 * ROWS * 40);
    float *ref = malloc(4 * ROWS * 40);
    forward(0);
    memcpy(ref, OUT, 4 * ROWS * 40);
    /* also every hidden layer's block: the last block's activations */
    float *hidden = malloc(4 * 3 * BLOCK * 256);
    for (int l = 1; l < 4; l++) memcpy(hidden + (l - 1) * BLOCK * 256, H[l], 4 * BLOCK * 256);
    forward(1);
    int same = !memcmp(ref, OUT, 4 * ROWS * 40);
    for (int l = 1; l < 4; l++) same = same && !memcmp(hidden + (l - 1) * BLOCK * 256, H[l], 4 * BLOCK * 256);
    double fl = 2.0 * ROWS * (40 * 128 + 128 * 256 + 2 * 256 * 256 + 256 * 40);
    printf("core %s: transposed weights give %s bytes; %.0f MFLOP per pass\n", openblas_get_corename(),
           same ? "the same" : "OTHER", fl / 1e6);
    for (int p = 0; p < pairs; p++) {
        double a = best(0), b = best(1);
        printf("x Wt (out x in) %.2f ms (%.1f GFLOP/s), x W' (in x out) %.2f ms (%.1f) -> %.3fx\n", a * 1e3, fl / a / 1e9,
               b * 1e3, fl / b / 1e9, a / b);
    }
    return 0;
}
