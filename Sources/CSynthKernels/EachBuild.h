// Compiles a kernel body once per build: AVX-512 (16 floats a vector) and AVX2 (8) on x86-64, and portable (4)
// everywhere. The including file defines KERNEL_BODY (the body header's name, a string) and KERNEL_PREFIX (the
// functions' prefix, e.g. nn); each pass defines NN_NAME (KERNEL_PREFIX_avx512, _avx2 or _portable),
// NN_ATTRIBUTES (the `target` attribute, or nothing) and NN_LANES for the body, as KernelBuild.h numbers the
// builds (2, 1, 0). Not a public header.

#define NN_CAT_(a, b) a##b
#define NN_CAT(a, b) NN_CAT_(a, b)
#define EACH_BUILD_CAT_(a, b) a##b
#define EACH_BUILD_CAT(a, b) EACH_BUILD_CAT_(a, b)

#if defined(__x86_64__)
#define NN_NAME EACH_BUILD_CAT(KERNEL_PREFIX, _avx512)
#define NN_ATTRIBUTES __attribute__((target("avx512f")))
#define NN_LANES 16
#include KERNEL_BODY
#undef NN_NAME
#undef NN_ATTRIBUTES
#undef NN_LANES

#define NN_NAME EACH_BUILD_CAT(KERNEL_PREFIX, _avx2)
#define NN_ATTRIBUTES __attribute__((target("avx2")))
#define NN_LANES 8
#include KERNEL_BODY
#undef NN_NAME
#undef NN_ATTRIBUTES
#undef NN_LANES
#endif

#define NN_NAME EACH_BUILD_CAT(KERNEL_PREFIX, _portable)
#define NN_ATTRIBUTES
#define NN_LANES 4
#include KERNEL_BODY
#undef NN_NAME
#undef NN_ATTRIBUTES
#undef NN_LANES
