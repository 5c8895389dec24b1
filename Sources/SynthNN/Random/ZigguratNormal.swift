import Foundation
import SynthMath

/// Standard normal Float32 samples by the ziggurat method (Marsaglia and Tsang 2000, 128 layers), drawn
/// from a ``RandomStream``: DP-SGD noise and latent noise need hundreds of thousands of normals per step,
/// and Box-Muller's logarithm and trigonometry cost several times more per sample.
///
/// Each sample takes one 64-bit draw: the low 7 bits pick the layer and the high 32 bits give the signed
/// abscissa, so the layer and the value use independent bits (Doornik 2005's fix of the original
/// generator). About 98.8 % of samples return after one comparison; the rest go through the wedge test or
/// the tail beyond `r = 3.442619855899` (Marsaglia's exponential method), which take further uniforms.
public enum ZigguratNormal {
    static let r = 3.442619855899

    /// The layer tables: `k` (acceptance bounds), `w` (abscissa scales), `f` (density at layer edges).
    /// Built once and never freed; read through raw pointers so the hot loop does no reference counting.
    final class Tables: @unchecked Sendable {
        let k: UnsafeMutablePointer<Int64>
        let w: UnsafeMutablePointer<Double>
        let f: UnsafeMutablePointer<Double>

        init() {
            k = .allocate(capacity: 128); w = .allocate(capacity: 128); f = .allocate(capacity: 128)
            let m1 = 2147483648.0
            let v = 9.91256303526217e-3
            var dn = ZigguratNormal.r, tn = ZigguratNormal.r
            let q = v / Foundation.exp(-0.5 * dn * dn)
            k[0] = Int64((dn / q) * m1)
            k[1] = 0
            w[0] = q / m1
            w[127] = dn / m1
            f[0] = 1
            f[127] = Foundation.exp(-0.5 * dn * dn)
            for i in stride(from: 126, through: 1, by: -1) {
                dn = (-2 * Foundation.log(v / dn + Foundation.exp(-0.5 * dn * dn))).squareRoot()
                k[i + 1] = Int64((dn / tn) * m1)
                tn = dn
                f[i] = Foundation.exp(-0.5 * dn * dn)
                w[i] = dn / m1
            }
        }
    }

    static let tables = Tables()

    /// One standard normal sample.
    public static func next(_ rng: inout RandomStream) -> Float {
        Float(sample(&rng, tables))
    }

    @inline(__always)
    static func sample(_ rng: inout RandomStream, _ t: Tables) -> Double {
        while true {
            let bits = rng.next()
            let layer = Int(bits & 127)
            let h = Int64(Int32(truncatingIfNeeded: bits >> 32))
            let x = Double(h) * t.w[layer]
            if Swift.abs(h) < t.k[layer] { return x }
            if layer == 0 {
                // The tail beyond r: x = -log(U1) / r until -2 log(U2) > x^2.
                var tailX = 0.0, y = 0.0
                repeat {
                    tailX = -Foundation.log(rng.nextOpenDouble()) / r
                    y = -Foundation.log(rng.nextOpenDouble())
                } while y + y < tailX * tailX
                return h > 0 ? r + tailX : -r - tailX
            }
            // The wedge between layers: accept under the density.
            if t.f[layer] + rng.nextDouble() * (t.f[layer - 1] - t.f[layer]) < Foundation.exp(-0.5 * x * x) {
                return x
            }
        }
    }

    /// Fills `buffer` with standard normals (scaled by `std` and shifted by `mean`).
    public static func fill(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float = 0, std: Float = 1,
                            rng: inout RandomStream) {
        let t = tables
        for i in buffer.indices { buffer[i] = mean + std * Float(sample(&rng, t)) }
    }
}
