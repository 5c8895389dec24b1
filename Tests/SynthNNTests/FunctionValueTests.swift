import Foundation
import SynthMath
import Testing
@testable import SynthNN
import SynthTestSupport

/// Forward values against PyTorch 2.15 (`torch.nn.functional`, CPU float32) on fixed inputs
/// `x[i, j] = 2 sin(5i + j)`, `t[i, j] = cos(5i + j)` (4 x 5).
@Suite("Function values against PyTorch")
struct FunctionValueTests {
    static var x: Tensor { Tensor((0..<4).map { i in (0..<5).map { j in Float(2 * sin(Double(i * 5 + j))) } }) }
    static var t: Tensor { Tensor((0..<4).map { i in (0..<5).map { j in Float(cos(Double(i * 5 + j))) } }) }

    @Test func activations() {
        let row = Self.x.rows(0..<1)
        expectClose(gelu(row).toArray(), [0.0, 1.6052016019821167, 1.7558776140213013, 0.17248259484767914, -0.098479725420475],
                    relative: Tolerance.transcendental, "gelu")
        expectClose(silu(row).toArray(), [0.0, 1.4192142486572266, 1.5647143125534058, 0.1609036922454834, -0.273062139749527],
                    relative: Tolerance.transcendental, "silu")
        expectClose(selu(row).toArray(), [0.0, 1.7682688236236572, 1.9107993841171265, 0.29654985666275024, -1.3711152076721191],
                    relative: Tolerance.transcendental, "selu")
        expectClose(elu(row).toArray(), [0.0, 1.6829419136047363, 1.8185948133468628, 0.28224000334739685, -0.779884934425354],
                    relative: Tolerance.transcendental, "elu")
        expectClose(leakyReLU(row, slope: 0.2).toArray(),
                    [0.0, 1.6829419136047363, 1.8185948133468628, 0.28224000334739685, -0.3027209937572479],
                    relative: Tolerance.exact, "leakyReLU")
        expectClose(sigmoid(row).toArray(), [0.5, 0.8432936668395996, 0.8603973984718323, 0.5700953006744385, 0.1804051548242569],
                    relative: Tolerance.transcendental, "sigmoid")
        expectClose(tanh(row).toArray(), [0.0, 0.9332422614097595, 0.948698103427887, 0.2749769985675812, -0.9075767397880554],
                    relative: Tolerance.transcendental, "tanh")
    }

    @Test func softmaxAndLosses() {
        expectClose(softmax(Self.x).toRows()[0],
                    [0.07096845656633377, 0.3819071054458618, 0.4373922049999237, 0.09411105513572693, 0.015621224418282509],
                    relative: Tolerance.transcendental, "softmax")
        expectClose(logSoftmax(Self.x).toRows()[1],
                    [-4.553565979003906, -3.1945486068725586, -1.321744441986084, -0.6570010781288147, -1.8114805221557617],
                    relative: Tolerance.transcendental, "logSoftmax")
        let targets = Tensor(Self.t.toArray().map { $0 > 0 ? 1 : 0 }, shape: Self.t.shape)
        #expect(Swift.abs(binaryCrossEntropyWithLogits(Self.x, targets).item - 0.9564909934997559) <= Tolerance.transcendental)
        #expect(Swift.abs(mseLoss(Self.x, Self.t).item - 2.403287887573242) <= Tolerance.reduction)
        // F.cross_entropy per span (columns 0..<2 and 2..<5), reduction none, stacked as rows x spans.
        let ce = crossEntropy(logits: Self.x, spans: [0..<2, 2..<5], targets: [1, 2, 0, 0, 0, 1, 1, 2], reduction: .none)
        expectClose(ce.toArray(), [0.17044003307819366, 3.5560457706451416, 1.5876764059066772, 1.2688554525375366,
                                   0.33771777153015137, 1.453272819519043, 2.018873691558838, 0.24164803326129913],
                    relative: Tolerance.transcendental, "crossEntropy")
    }

    /// `nn.BatchNorm1d(5)` with set weight and bias: training output on `x`, running statistics after a
    /// second batch `0.5 x + 1`, then evaluation output on `t`.
    @Test func batchNormMatchesPyTorch() {
        let bn = BatchNorm1d(5)
        bn.weight.assign([1.0, 0.5, 2.0, -1.0, 1.5])
        bn.bias.assign([0.0, 0.1, -0.2, 0.3, 0.0])
        let y1 = bn(Self.x)
        _ = bn(Self.x * 0.5 + 1)
        expectClose(y1.toArray(), [
            0.3532409965991974, 0.8760805726051331, 2.071054697036743, 0.39356616139411926, -2.2752840518951416,
            -1.2358207702636719, 0.02568240649998188, 1.4288227558135986, -0.9563285708427429, 0.5074728727340698,
            -0.5482724905014038, -0.5210058689117432, -1.6092644929885864, -0.05051203444600105, 1.8846352100372314,
            1.4308521747589111, 0.01924283616244793, -2.690613031387329, 1.8132745027542114, -0.11682402342557907,
        ], relative: Tolerance.reduction, "training output")
        expectClose(bn.runningMean.toArray(), [0.040313974022865295, 0.04919134080410004, 0.10478194802999496,
                                               0.1559760570526123, 0.1557060331106186], relative: Tolerance.reduction, "running mean")
        expectClose(bn.runningVariance.toArray(), [1.033347249031067, 1.07638680934906, 1.188653826713562,
                                                   1.0521751642227173, 1.053498387336731], relative: Tolerance.reduction, "running var")
        bn.eval()
        expectClose(bn(Self.t).toArray(), [
            0.9440693855285645, 0.3366810083389282, -1.1556059122085571, 1.4171888828277588, -1.1827921867370605,
            0.23938830196857452, 0.5390279293060303, 0.9907639026641846, 0.5939049124717712, -1.5590858459472656,
            -0.8650755286216736, 0.07842610776424408, 1.1557737588882446, -0.43259844183921814, -0.027721229940652847,
            -0.7869837284088135, -0.3852314352989197, -0.896981954574585, -0.19167472422122955, 1.2173529863357544,
        ], relative: Tolerance.reduction, "evaluation output")
    }

    /// TabDDPM's `timestep_embedding(t, 7)` for t = 0, 1, 17, 999 (odd dimension: a zero column).
    @Test func timestepEmbeddingMatchesTabDDPM() {
        let e = SinusoidalTimestepEmbedding(dimension: 7)([0, 1, 17, 999])
        expectClose(e.toArray(), [
            1.0, 1.0, 1.0, 0.0, 0.0, 0.0, 0.0,
            0.5403023362159729, 0.9989229440689087, 0.9999976754188538, 0.8414709568023682, 0.046399228274822235, 0.0021544331684708595, 0.0,
            -0.27516335248947144, 0.7045055627822876, 0.9993293881416321, -0.9613974690437317, 0.709698498249054, 0.036617204546928406, 0.0,
            0.9996498227119446, -0.7286733388900757, -0.549264669418335, -0.02646075189113617, 0.684861421585083, 0.8356484770774841, 0.0,
        ], relative: Tolerance.transcendental, "embedding")
    }
}
