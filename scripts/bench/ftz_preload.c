/* A diagnostic, not part of the product: preloaded into a release synthbench binary, it sets
 * flush-to-zero and denormals-are-zero (the MXCSR bits SynthNN's SubnormalFlush sets) before main, so every
 * thread the process creates afterwards inherits them (Linux copies the FP state on clone). Running the
 * same binary, seed and arguments with and without it shows whether a run meets subnormal floats: the
 * outputs can differ only if one occurred, and the CPU time shows what they cost (docs/privacy.md §4).
 *
 *   cc -O2 -shared -fPIC -o /tmp/ftz_preload.so scripts/bench/ftz_preload.c
 *   LD_PRELOAD=/tmp/ftz_preload.so synthbench generate ...
 */
#include <pmmintrin.h>
#include <xmmintrin.h>

__attribute__((constructor)) static void synthbench_ftz_daz(void) {
    _MM_SET_FLUSH_ZERO_MODE(_MM_FLUSH_ZERO_ON);
    _MM_SET_DENORMALS_ZERO_MODE(_MM_DENORMALS_ZERO_ON);
}
