// Standalone timing of the membership attacks' bootstrap (Evaluation's MembershipAttack: 200 rounds, members and
// non-members resampled with replacement, the AUC of each round), before and after ROCAUCResampler:
// - old: each round builds the resampled scores and calls ROCAUC.binary, which sorts them (a copy of the loop
//   before the change);
// - new: the scores sorted once (SynthMath's ROCAUCResampler), each round a multiplicity per row and one pass.
// SynthMath's ROCAUC, ROCAUCResampler and RandomStream are compiled into the program:
//
//   mkdir -p /tmp/boot && cp scripts/bench/membership_bootstrap.swift /tmp/boot/main.swift
//   swiftc -O Sources/SynthMath/Statistics/ROCAUC.swift Sources/SynthMath/Statistics/ROCAUCResampler.swift \
//       Sources/SynthMath/Random/RandomStream.swift /tmp/boot/main.swift -o /tmp/boot/membership_bootstrap
//   /tmp/boot/membership_bootstrap old|new|check MEMBERS NON_MEMBERS
//
// Scores: seeded uniform draws rounded to 1e-6 (a few ties, as the attacks' log-density ratios have none and
// the DCR attack's distances many). Prints the process CPU seconds of the 200 rounds alone and the CI's
// percentile AUCs (the 5th and 195th sorted values); `check` runs both and compares all 200 AUCs bit for bit.
import Foundation

func cpuSeconds() -> Double { Double(clock()) / Double(CLOCKS_PER_SEC) }

let arguments = CommandLine.arguments
let mode = arguments[1], memberCount = Int(arguments[2])!, nonMemberCount = Int(arguments[3])!
var draw = RandomStream(seed: 17)
let memberScores = (0..<memberCount).map { _ in (draw.nextDouble() * 1e6 + 3e4).rounded() / 1e6 }
let nonMemberScores = (0..<nonMemberCount).map { _ in (draw.nextDouble() * 1e6).rounded() / 1e6 }
let labels = [Bool](repeating: true, count: memberCount) + [Bool](repeating: false, count: nonMemberCount)
let scores = memberScores + nonMemberScores

func old() -> [Double] {
    var rng = RandomStream(seed: 5)
    var aucs: [Double] = []
    for _ in 0..<200 {
        let m = (0..<memberScores.count).map { _ in memberScores[rng.nextInt(below: memberScores.count)] }
        let n = (0..<nonMemberScores.count).map { _ in nonMemberScores[rng.nextInt(below: nonMemberScores.count)] }
        aucs.append(ROCAUC.binary(labels: labels, scores: m + n))
    }
    return aucs
}

func new() -> [Double] {
    var rng = RandomStream(seed: 5)
    let resampler = ROCAUCResampler(labels: labels, scores: scores)
    var counts = [Int](repeating: 0, count: scores.count), aucs: [Double] = []
    for _ in 0..<200 {
        for i in counts.indices { counts[i] = 0 }
        for _ in 0..<memberCount { counts[rng.nextInt(below: memberCount)] += 1 }
        for _ in 0..<nonMemberCount { counts[memberCount + rng.nextInt(below: nonMemberCount)] += 1 }
        aucs.append(resampler.auc(multiplicities: counts))
    }
    return aucs
}

func report(_ name: String, _ run: () -> [Double]) -> [Double] {
    let t0 = cpuSeconds()
    let aucs = run()
    let t1 = cpuSeconds(), sorted = aucs.sorted()
    print("\(name) cpu_s=\(t1 - t0) ci=\(sorted[4]) \(sorted[194])")
    return aucs
}

switch mode {
case "old": _ = report("old", old)
case "new": _ = report("new", new)
default:
    let a = report("old", old), b = report("new", new)
    print("equal bits:", zip(a, b).allSatisfy { $0.bitPattern == $1.bitPattern })
}
