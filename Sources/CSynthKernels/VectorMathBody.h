// The vector helpers shared by the kernel bodies that mirror SynthNN's Float loops lane by lane
// (NNElementwiseBody.h, DiffusionStepsBody.h): loads and stores (whole and partial), bit casts, the select of a
// comparison's mask, and FastMath's exp and log, operation for operation. Included once per build, with NN_NAME (a
// prefix), NN_ATTRIBUTES (the `target` attribute, or nothing) and NN_LANES (floats per vector) set; the including
// file sets `fp contract(off)` and undefines VF, VI, NN_FN and NN_INLINE at its end. Not a public header.

#define VF NN_CAT(NN_NAME, _vf)
#define VI NN_CAT(NN_NAME, _vi)
typedef float VF __attribute__((ext_vector_type(NN_LANES)));
typedef int32_t VI __attribute__((ext_vector_type(NN_LANES)));
#define NN_FN(name) NN_CAT(NN_NAME, name)
#define NN_INLINE NN_ATTRIBUTES __attribute__((always_inline)) static inline

NN_INLINE VF NN_FN(_load)(const float *p) {
    VF v;
    __builtin_memcpy(&v, p, sizeof v);
    return v;
}

NN_INLINE void NN_FN(_store)(VF v, float *p) { __builtin_memcpy(p, &v, sizeof v); }

/// The first `count` (< NN_LANES) values of `p`, the other lanes 0.
NN_INLINE VF NN_FN(_load_partial)(const float *p, int64_t count) {
    VF v = 0;
    for (int64_t k = 0; k < count; k++) v[k] = p[k];
    return v;
}

NN_INLINE void NN_FN(_store_partial)(VF v, float *p, int64_t count) {
    for (int64_t k = 0; k < count; k++) p[k] = v[k];
}

NN_INLINE VF NN_FN(_bits_to_float)(VI bits) {
    VF v;
    __builtin_memcpy(&v, &bits, sizeof v);
    return v;
}

NN_INLINE VI NN_FN(_float_to_bits)(VF v) {
    VI bits;
    __builtin_memcpy(&bits, &v, sizeof bits);
    return bits;
}

/// Lane-wise `mask ? a : b` for a comparison's mask (all ones or zero per lane).
NN_INLINE VF NN_FN(_select)(VI mask, VF a, VF b) {
    return NN_FN(_bits_to_float)((mask & NN_FN(_float_to_bits)(a)) | (~mask & NN_FN(_float_to_bits)(b)));
}

/// SynthNN's FastMath.exp (Cephes `expf`), operation for operation: clamp to [−104, 89], n by the 1.5·2²³ shifter,
/// r in two Cody–Waite steps, the degree-5 polynomial, the product with two normal powers of two.
NN_INLINE VF NN_FN(_exp)(VF x) {
    const VF shifter = 12582912.0f;
    VF xc = NN_FN(_select)(x > 89.0f, (VF)89.0f, x);
    xc = NN_FN(_select)(xc < -104.0f, (VF)-104.0f, xc);
    VF t = xc * 1.44269504088896341f + shifter;
    VF n = t - shifter;
    VF r = xc - n * 0.693359375f;
    r = r - n * -2.12194440e-4f;
    VF p = 1.9875691500e-4f;
    p = p * r + 1.3981999507e-3f;
    p = p * r + 8.3334519073e-3f;
    p = p * r + 4.1665795894e-2f;
    p = p * r + 1.6666665459e-1f;
    p = p * r + 5.0000001201e-1f;
    p = p * (r * r) + r + 1.0f;
    VI ni = NN_FN(_float_to_bits)(t) - 0x4B400000;
    VI n1 = ni >> 1;
    VI n2 = ni - n1;
    VF s1 = NN_FN(_bits_to_float)((n1 + 127) << 23);
    VF s2 = NN_FN(_bits_to_float)((n2 + 127) << 23);
    return p * s1 * s2;
}

/// SynthNN's FastMath.log (FreeBSD's `e_logf` reduction and polynomial), operation for operation: subnormals scaled
/// by 2²³, `1 + f` in [√½, √2) from the bits, `s = f / (2 + f)`, the degree-4 `R`, `k ln 2` in two pieces;
/// `log(±0) = −inf`, `log(x < 0) = NaN`, `+inf` and NaN returned as they are.
NN_INLINE VF NN_FN(_log)(VF x) {
    VI subnormal = x < 0x1p-126f;  // Float.leastNormalMagnitude: negatives and 0 too, as in Swift
    VF xs = NN_FN(_select)(subnormal, x * 8388608.0f, x);
    VI bits = NN_FN(_float_to_bits)(xs) + (0x3F800000 - 0x3F3504F3);
    VI k = (bits >> 23) - 0x7F;
    VF f = NN_FN(_bits_to_float)((bits & 0x007FFFFF) + 0x3F3504F3) - 1.0f;
    VF e = NN_FN(_bits_to_float)(k + 0x4B400000) - 12582912.0f;
    e = NN_FN(_select)(subnormal, e - 23.0f, e);
    VF s = f / (2.0f + f);
    VF z = s * s;
    VF w = z * z;
    VF r = z * (0.66666662693f + w * 0.28498786688f) + w * (0.40000972152f + w * 0.24279078841f);
    VF half_square = 0.5f * f * f;
    VF result = e * 6.9313812256e-1f - ((half_square - (s * (half_square + r) + e * 9.0580006145e-6f)) - f);
    result = NN_FN(_select)(x == 0.0f, (VF)(-__builtin_inff()), result);
    result = NN_FN(_select)(x < 0.0f, (VF)__builtin_nanf(""), result);
    return NN_FN(_select)(x < __builtin_inff(), result, x);
}
