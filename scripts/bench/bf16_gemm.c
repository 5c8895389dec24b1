// Measures, on one thread, cblas_sgemm against bf16 products with fp32 accumulation at the shapes the
// neural generators use on adult: oneDNN's matmul (bf16 x bf16 -> f32) and, when the loaded OpenBLAS
// exports it, cblas_sbgemm. Every layer y = x W^T (batch x in -> batch x out) contributes its forward
// product and both backward ones (dW = Gz^T x, dx = Gz W). Used for the table in docs/nn.md.
//   cc -O2 -o /tmp/bf16_gemm scripts/bench/bf16_gemm.c -lopenblas -ldnnl -lgomp -ldl
//   OPENBLAS_CORETYPE=Cooperlake OMP_NUM_THREADS=1 /tmp/bf16_gemm
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cblas.h>
#include <oneapi/dnnl/dnnl.h>

// Thread CPU time: on a shared machine wall time would count the waits for a core.
static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
#define CHECK(x) do { dnnl_status_t s_ = (x); if (s_ != dnnl_success) { fprintf(stderr, "%s: %d\n", #x, s_); exit(1); } } while (0)

static uint16_t to_bf16(float f) {  // round to nearest even; NaN stays NaN
    uint32_t u; memcpy(&u, &f, 4);
    if ((u & 0x7fffffffu) > 0x7f800000u) return (uint16_t)((u >> 16) | 0x40);
    return (uint16_t)((u + 0x7fffu + ((u >> 16) & 1)) >> 16);
}
static void convert(const float *src, uint16_t *dst, long n) { for (long i = 0; i < n; i++) dst[i] = to_bf16(src[i]); }

typedef void (*sbgemm_fn)(int, int, int, int, int, int, float, const uint16_t *, int, const uint16_t *, int, float, float *, int);

static dnnl_engine_t engine; static dnnl_stream_t stream;

// op(A) m x k, op(B) k x n, both row-major contiguous as stored; C = op(A) op(B) (beta 0).
static dnnl_primitive_t make_matmul(int m, int n, int k, int ta, int tb, const char **impl) {
    dnnl_memory_desc_t a, b, c;
    dnnl_dims_t ad = {m, k}, bd = {k, n}, cd = {m, n};
    dnnl_dims_t as = {ta ? 1 : k, ta ? m : 1}, bs = {tb ? 1 : n, tb ? k : 1}, cs = {n, 1};
    CHECK(dnnl_memory_desc_init_by_strides(&a, 2, ad, dnnl_bf16, as));
    CHECK(dnnl_memory_desc_init_by_strides(&b, 2, bd, dnnl_bf16, bs));
    CHECK(dnnl_memory_desc_init_by_strides(&c, 2, cd, dnnl_f32, cs));
    dnnl_matmul_desc_t d; CHECK(dnnl_matmul_desc_init(&d, &a, &b, NULL, &c));
    dnnl_primitive_desc_t pd; CHECK(dnnl_primitive_desc_create(&pd, &d, NULL, engine, NULL));
    CHECK(dnnl_primitive_desc_query(pd, dnnl_query_impl_info_str, 0, impl));
    dnnl_primitive_t p; CHECK(dnnl_primitive_create(&p, pd));
    return p;
}

typedef struct { const char *name; int batch, in, out; } Layer;

int main(int argc, char **argv) {
    openblas_set_num_threads(1);
    CHECK(dnnl_engine_create(&engine, dnnl_cpu, 0));
    CHECK(dnnl_stream_create(&stream, engine, dnnl_stream_default_flags));
    sbgemm_fn sbgemm = (sbgemm_fn)dlsym(RTLD_DEFAULT, "cblas_sbgemm");
    printf("OpenBLAS %s, core %s; cblas_sbgemm %s; oneDNN %d.%d.%d\n", openblas_get_config(), openblas_get_corename(),
           sbgemm ? "exported" : "not exported", dnnl_version()->major, dnnl_version()->minor, dnnl_version()->patch);
    Layer layers[] = {
        {"ctgan/sdv G1", 500, 232, 256}, {"ctgan/sdv G2", 500, 488, 256}, {"ctgan/sdv G3", 500, 744, 156},
        {"ctgan/sdv D1", 50, 2600, 256}, {"ctgan/sdv D2", 50, 256, 256},
        {"ctgan/sc G1", 200, 604, 500}, {"ctgan/sc G2", 200, 1104, 1104}, {"ctgan/sc G3", 200, 2208, 156},
        {"ctgan/sc D1", 200, 260, 500}, {"ctgan/sc D2", 200, 500, 500},
        {"tvae/sc E1", 200, 156, 500}, {"tvae/sc E2", 200, 500, 500}, {"tvae/sc mu+var", 200, 500, 1000},
        {"tvae/sc D1", 200, 500, 500}, {"tvae/sc D2", 200, 1000, 1000}, {"tvae/sc D3", 200, 2000, 2000},
        {"tvae/sc D4", 200, 4000, 156},
        {"ddpm 1024x256", 1024, 256, 256}, {"ddpm 1024x1024", 1024, 1024, 1024},
    };
    int reps = argc > 1 ? atoi(argv[1]) : 20;
    printf("%-16s %6s %6s %6s | %9s %9s %9s %9s | %s\n", "layer", "batch", "in", "out", "sgemm", "dnnl", "dnnl+cvt",
           "sbgemm", "oneDNN implementation (fwd, dW, dx)");
    double tot_s = 0, tot_d = 0, tot_dc = 0, tot_f = 0;
    for (size_t li = 0; li < sizeof layers / sizeof *layers; li++) {
        Layer L = layers[li];
        int M = L.batch, K = L.in, N = L.out;
        // the three products: (m, n, k, ta, tb, A rows x cols, B rows x cols)
        int pm[3] = {M, N, M}, pn[3] = {N, K, K}, pk[3] = {K, M, N}, pta[3] = {0, 1, 0}, ptb[3] = {1, 0, 0};
        double s_best[3], d_best[3], c_best[3], f_best[3]; const char *impl[3];
        for (int p = 0; p < 3; p++) {
            int m = pm[p], n = pn[p], k = pk[p], ta = pta[p], tb = ptb[p];
            long asz = (long)m * k, bsz = (long)k * n, csz = (long)m * n;
            float *a = malloc(asz * 4), *b = malloc(bsz * 4), *c = malloc(csz * 4);
            uint16_t *a16 = malloc(asz * 2), *b16 = malloc(bsz * 2);
            for (long i = 0; i < asz; i++) a[i] = (float)rand() / RAND_MAX - 0.5f;
            for (long i = 0; i < bsz; i++) b[i] = (float)rand() / RAND_MAX - 0.5f;
            dnnl_primitive_t prim = make_matmul(m, n, k, ta, tb, &impl[p]);
            dnnl_memory_desc_t amd, bmd, cmd;
            const dnnl_memory_desc_t *q;
            dnnl_primitive_desc_t pd; dnnl_primitive_get_primitive_desc(prim, (const_dnnl_primitive_desc_t *)&pd);
            q = dnnl_primitive_desc_query_md(pd, dnnl_query_src_md, 0); amd = *q;
            q = dnnl_primitive_desc_query_md(pd, dnnl_query_weights_md, 0); bmd = *q;
            q = dnnl_primitive_desc_query_md(pd, dnnl_query_dst_md, 0); cmd = *q;
            dnnl_memory_t am, bm, cm;
            CHECK(dnnl_memory_create(&am, &amd, engine, a16)); CHECK(dnnl_memory_create(&bm, &bmd, engine, b16));
            CHECK(dnnl_memory_create(&cm, &cmd, engine, c));
            dnnl_exec_arg_t args[3] = {{DNNL_ARG_SRC, am}, {DNNL_ARG_WEIGHTS, bm}, {DNNL_ARG_DST, cm}};
            s_best[p] = d_best[p] = c_best[p] = f_best[p] = 1e9;
            int lda = ta ? m : k, ldb = tb ? k : n;
            for (int r = 0; r < reps; r++) {
                double t0 = now();
                cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1, a,
                            lda, b, ldb, 0, c, n);
                double t1 = now();
                convert(a, a16, asz); convert(b, b16, bsz);
                double t2 = now();
                CHECK(dnnl_primitive_execute(prim, stream, 3, args)); CHECK(dnnl_stream_wait(stream));
                double t3 = now();
                if (sbgemm) sbgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k,
                                   1, a16, lda, b16, ldb, 0, c, n);
                double t4 = now();
                if (t1 - t0 < s_best[p]) s_best[p] = t1 - t0;
                if (t3 - t2 < d_best[p]) d_best[p] = t3 - t2;
                if (t3 - t1 < c_best[p]) c_best[p] = t3 - t1;
                if (t4 - t3 < f_best[p]) f_best[p] = t4 - t3;
            }
            dnnl_memory_destroy(am); dnnl_memory_destroy(bm); dnnl_memory_destroy(cm); dnnl_primitive_destroy(prim);
            free(a); free(b); free(c); free(a16); free(b16);
        }
        double flop = 3 * 2.0 * M * N * K, s = 0, d = 0, dc = 0, f = 0;
        for (int p = 0; p < 3; p++) { s += s_best[p]; d += d_best[p]; dc += c_best[p]; f += f_best[p]; }
        tot_s += s; tot_d += d; tot_dc += dc; tot_f += f;
        printf("%-16s %6d %6d %6d | %9.1f %9.1f %9.1f %9s | %s, %s, %s\n", L.name, M, K, N, flop / s * 1e-9,
               flop / d * 1e-9, flop / dc * 1e-9, sbgemm ? "" : "-", impl[0], impl[1], impl[2]);
        if (sbgemm) printf("%-16s sbgemm %.1f GFLOP/s\n", "", flop / f * 1e-9);
    }
    printf("total time of the three products over all layers, best of %d: sgemm %.2f ms, oneDNN bf16 %.2f ms "
           "(%.2fx), with conversion %.2f ms (%.2fx)\n", reps, tot_s * 1e3, tot_d * 1e3, tot_s / tot_d, tot_dc * 1e3,
           tot_s / tot_dc);
    return 0;
}
