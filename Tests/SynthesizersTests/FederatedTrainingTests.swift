import Foundation
import Testing
import SynthMath
import SynthNN
import SynthTable
@testable import Synthesizers

/// Federated averaging (FedAvg) of the neural generators: K = 1 against centralised training, the weighted
/// average against a hand computation, the partitions, determinism, and the DP accounting across rounds
/// and clients.
@Suite("Federated training")
struct FederatedTrainingTests {
    static let table = NeuralFixtures.table(rows: 600)
    static let smallCTGAN: [String: ParameterValue] = [
        "epochs": .int(2), "batch_size": .int(100), "generator_dim": .ints([24]), "discriminator_dim": .ints([24]),
        "embedding_dim": .int(16),
    ]
    static let smallDPGAN: [String: ParameterValue] = [
        "n_iter": .int(2), "batch_size": .int(100), "generator_n_units_hidden": .int(24),
        "discriminator_n_units_hidden": .int(24),
    ]

    static func synthesizer(_ method: String, _ backend: Backend, _ p: [String: ParameterValue]) throws -> CTGANSynthesizer {
        let d = try #require(MethodCatalog.descriptor(method, backend: backend))
        return try #require(try d.make(p) as? CTGANSynthesizer)
    }

    static func encoding(_ s: CTGANSynthesizer) throws -> NeuralEncoding {
        try NeuralEncoding(table: table, metadata: NeuralFixtures.metadata(table), backend: s.backend,
                           maxClusters: s.maxClusters, stream: RandomStream(seed: 1).derived("encoder"))
    }

    static func values(_ m: ConditionalGAN) -> [[Float]] { m.federatedState.map { $0.toArray() } }

    /// One client holding every row for one round is centralised training: the same weights bit for bit
    /// when the client trains on the stream centralised training is given (the client's rows are the table's
    /// rows in order, and averaging one state with weight 1 is exact in Double).
    @Test(arguments: [("ctgan", Backend.sdv), ("dpgan", Backend.synthcity)])
    func oneClientOneRoundIsCentralisedTraining(method: String, backend: Backend) throws {
        let s = try Self.synthesizer(method, backend, method == "dpgan" ? Self.smallDPGAN : Self.smallCTGAN)
        let encoding = try Self.encoding(s)
        let layout = encoding.transformer.layout
        let make = { var r = RandomStream(seed: 9); return ConditionalGAN(configuration: s.configuration, layout: layout, rng: &r) }
        let training = RandomStream(seed: 11)
        let central = make()
        var rng = FederatedAveraging.clientStream(training, client: 0, round: 0)
        try central.train(on: encoding.encoded, context: SynthesisContext(seed: 0), rng: &rng)
        let (server, record) = try FederatedAveraging(request: FederatedRequest(clients: 1, rounds: 1)).train(
            on: encoding.encoded, layout: layout, context: SynthesisContext(seed: 0), partitionStream: RandomStream(seed: 5),
            training: training, makeModel: make)
        #expect(Self.values(server) == Self.values(central))
        var a = RandomStream(seed: 3), b = RandomStream(seed: 3)
        #expect(server.generate(count: 50, rng: &a) == central.generate(count: 50, rng: &b))
        #expect(record.clientRows == [600])
        if method == "dpgan" {
            let fed = try #require(record.privacy), cen = try #require(central.privacyReport)
            #expect(fed.epsilon == cen.epsilon)
            #expect(fed.details["noise_multiplier"] == cen.details["noise_multiplier"])
        }
        // Negative control: a different client stream trains different weights.
        let other = make()
        var rng2 = FederatedAveraging.clientStream(training, client: 0, round: 1)
        try other.train(on: encoding.encoded, context: SynthesisContext(seed: 0), rng: &rng2)
        #expect(Self.values(other) != Self.values(central))
    }

    /// The row-weighted mean, against values worked by hand.
    @Test func averagingIsRowWeighted() {
        // Clients with 1, 2 and 3 rows: weights 1/6, 2/6, 3/6.
        let states: [[[Float]]] = [[[6, 0], [12]], [[0, 3], [0]], [[2, 2], [-4]]]
        let mean = FederatedAveraging.average(states, rows: [1, 2, 3])
        // (1*6 + 2*0 + 3*2)/6 = 2, (1*0 + 2*3 + 3*2)/6 = 2, (1*12 + 0 - 3*4)/6 = 0.
        #expect(mean == [[2, 2], [0]])
        // A client without rows has no say.
        #expect(FederatedAveraging.average([[[1, 5]], [[100, 100]]], rows: [4, 0]) == [[1, 5]])
        // Negative control: the unweighted mean differs.
        let unweighted: [[Float]] = [[Float(8) / 3, Float(5) / 3], [Float(8) / 3]]
        let equalRows = FederatedAveraging.average(states, rows: [1, 1, 1]).flatMap { $0 }
        #expect(zip(equalRows, unweighted.flatMap { $0 }).allSatisfy { abs($0 - $1) < 1e-6 })
        #expect(mean != unweighted)
    }

    static func isDisjointCover(_ clients: [[Int]], rows n: Int) -> Bool {
        let all = clients.flatMap { $0 }
        return all.count == n && Set(all) == Set(0..<n) && clients.allSatisfy { $0 == $0.sorted() }
    }

    /// Every partition splits the rows into disjoint, covering, ascending client sets; by-column keeps every
    /// category on one client; the same stream gives the same partition.
    @Test func partitionsAreDisjointAndCovering() throws {
        let s = try Self.synthesizer("ctgan", .sdv, Self.smallCTGAN)
        let encoding = try Self.encoding(s)
        let layout = encoding.transformer.layout, data = encoding.encoded
        let requests = [
            FederatedRequest(clients: 4, rounds: 1), FederatedRequest(clients: 1, rounds: 1),
            FederatedRequest(clients: 3, rounds: 1, partition: .dirichlet(alpha: 0.3)),
            FederatedRequest(clients: 3, rounds: 1, partition: .dirichlet(alpha: 0.3), column: "level"),
            FederatedRequest(clients: 2, rounds: 1, partition: .byColumn, column: "level"),
        ]
        for request in requests {
            let p = try ClientPartition(request, data: data, layout: layout, rng: RandomStream(seed: 4))
            #expect(p.clients.count == request.clients)
            #expect(Self.isDisjointCover(p.clients, rows: 600), "\(request)")
            #expect(try ClientPartition(request, data: data, layout: layout, rng: RandomStream(seed: 4)) == p)
        }
        let iid = try ClientPartition(requests[0], data: data, layout: layout, rng: RandomStream(seed: 4))
        #expect(iid.clients.map(\.count) == [150, 150, 150, 150])
        #expect(try ClientPartition(requests[1], data: data, layout: layout, rng: RandomStream(seed: 4)).clients == [Array(0..<600)])
        // by-column: each level's rows all on one client; the largest level (alpha, about 55 %) alone.
        let byLevel = try ClientPartition(requests[4], data: data, layout: layout, rng: RandomStream(seed: 4))
        let level = Self.table["level"]!
        for client in byLevel.clients {
            let here = Set(client.map { level.text(at: $0) ?? "" })
            for other in byLevel.clients where other != client {
                #expect(here.isDisjoint(with: other.map { level.text(at: $0) ?? "" }))
            }
        }
        #expect(byLevel.clients.contains { Set($0.map { level.text(at: $0) ?? "" }) == ["alpha"] })
        // Negative control: the checker refuses an overlapping and a non-covering split.
        #expect(!Self.isDisjointCover([[0, 1], [1, 2]], rows: 3))
        #expect(!Self.isDisjointCover([[0], [2]], rows: 3))
        // A continuous column cannot partition; more clients than categories cannot either.
        #expect(throws: SynthesisError.self) {
            try ClientPartition(FederatedRequest(clients: 2, rounds: 1, partition: .byColumn, column: "amount"),
                                data: data, layout: layout, rng: RandomStream(seed: 4))
        }
        #expect(throws: SynthesisError.self) {
            try ClientPartition(FederatedRequest(clients: 5, rounds: 1, partition: .byColumn, column: "level"),
                                data: data, layout: layout, rng: RandomStream(seed: 4))
        }
    }

    static func federatedSample(_ method: String, _ backend: Backend, _ p: [String: ParameterValue],
                                _ request: FederatedRequest, seed: UInt64) throws -> (Table, any Synthesizer) {
        let d = try #require(MethodCatalog.descriptor(method, backend: backend))
        let s = try #require(try d.make(p) as? any FederatedTrainable)
        s.federation = request
        try s.fit(table, metadata: NeuralFixtures.metadata(table), context: SynthesisContext(seed: seed))
        return (try s.sample(count: 80, seed: 2, context: SynthesisContext(seed: 0)), s)
    }

    /// The same seed gives the same table through a federated fit (TVAE here: the other model family);
    /// another seed does not (negative control). The fit notes record the federation.
    @Test func federatedFitIsDeterministic() throws {
        let p: [String: ParameterValue] = ["epochs": .int(1), "batch_size": .int(100), "compress_dims": .ints([16]),
                                           "decompress_dims": .ints([16]), "embedding_dim": .int(8)]
        let request = FederatedRequest(clients: 3, rounds: 2, partition: .dirichlet(alpha: 1))
        let (a, s) = try Self.federatedSample("tvae", .sdv, p, request, seed: 7)
        let (b, _) = try Self.federatedSample("tvae", .sdv, p, request, seed: 7)
        let (c, _) = try Self.federatedSample("tvae", .sdv, p, request, seed: 8)
        #expect(a == b)
        #expect(a != c)
        guard case .object(let note)? = s.fitNotes["federated"], case .numbers(let rows)? = note["client_rows"],
              case .numbers(let losses)? = note["round_loss_total"] else {
            Issue.record("no federated note"); return
        }
        #expect(rows.reduce(0, +) == 600 && rows.count == 3)
        #expect(losses.count == 2)
        if case .numbers(let epochs)? = note["local_epochs"] { #expect(epochs == Array(repeating: 1, count: rows.filter { $0 > 0 }.count * 2)) }
        else { Issue.record("no local epochs") }
    }

    /// DP: each client calibrates its noise over all its rounds at its own sample rate and carries its
    /// accountant across rounds; the run reports the largest client's epsilon (parallel composition). The
    /// expected figures come from the accountant run independently on each client's (q, steps).
    @Test func dpClientsComposeAcrossRoundsAndInParallel() throws {
        var p = Self.smallDPGAN
        p["n_iter"] = .int(1)
        p["epsilon"] = .double(2)
        p["delta"] = .double(1e-4)
        let request = FederatedRequest(clients: 2, rounds: 3, partition: .byColumn, column: "level")
        let (_, s) = try Self.federatedSample("dpgan", .synthcity, p, request, seed: 3)
        let report = try #require((s as? any PrivacyAccounted)?.privacyReport)
        guard case .numbers(let clientEpsilons)? = report.details["client_epsilons"],
              case .object(let note)? = s.fitNotes["federated"], case .numbers(let rows)? = note["client_rows"] else {
            Issue.record("no client epsilons"); return
        }
        var expected: [Double] = []
        for n in rows.map({ Int($0) }) {
            let q = min(100.0 / Double(n), 1), steps = Int(1 / q) * 3  // floor(1/q) per epoch, 1 epoch x 3 rounds
            let sigma = try RDPAccountant.noiseMultiplier(targetEpsilon: 2, targetDelta: 1e-4, sampleRate: q, steps: steps)
            var a = RDPAccountant()
            for _ in 0..<steps { a.step(noiseMultiplier: sigma, sampleRate: q) }
            expected.append(a.epsilon(delta: 1e-4))
        }
        #expect(clientEpsilons.count == 2)
        for (got, want) in zip(clientEpsilons, expected) { #expect(abs(got - want) <= 1e-12 * want) }
        #expect(report.epsilon == clientEpsilons.max())
        #expect(report.epsilon <= 2)
        #expect(report.delta == 1e-4)
        #expect(report.nonPrivateInputs.contains("client partition by column 'level'"))
        // Negative control: one round's accounting alone would report less than the three rounds spent.
        let n0 = Int(rows[0]), q0 = 100.0 / Double(n0)
        let sigma0 = try RDPAccountant.noiseMultiplier(targetEpsilon: 2, targetDelta: 1e-4, sampleRate: q0, steps: Int(1 / q0) * 3)
        var oneRound = RDPAccountant()
        for _ in 0..<Int(1 / q0) { oneRound.step(noiseMultiplier: sigma0, sampleRate: q0) }
        #expect(oneRound.epsilon(delta: 1e-4) < clientEpsilons[0])
    }

    /// The method's epochs spread over the rounds, rounded up, at least one per round.
    @Test func localEpochsSpreadTheEpochsOverTheRounds() {
        #expect(FederationPlan(rounds: 5, totalRows: 10).localEpochs(20) == 4)
        #expect(FederationPlan(rounds: 2, totalRows: 10).localEpochs(5) == 3)
        #expect(FederationPlan(rounds: 3, totalRows: 10).localEpochs(1) == 1)
        #expect(FederationPlan(rounds: 1, totalRows: 10).localEpochs(7) == 7)
    }

    /// The text and JSON forms, and their errors.
    @Test func requestParsing() throws {
        let r = try FederatedRequest.parse("clients=4,rounds=5,partition=dirichlet(0.5),column=level")
        #expect(r == FederatedRequest(clients: 4, rounds: 5, partition: .dirichlet(alpha: 0.5), column: "level"))
        #expect(try FederatedRequest.parse(r.description) == r)
        #expect(r.idSuffix == "fed-k4-r5-dirichlet0.5-level")
        #expect(try FederatedRequest.parse("clients=2,rounds=1") == FederatedRequest(clients: 2, rounds: 1))
        let json = try JSONEncoder().encode(r)
        #expect(try JSONDecoder().decode(FederatedRequest.self, from: json) == r)
        for bad in ["clients=0,rounds=1", "rounds=3", "clients=2", "clients=2,rounds=1,partition=random",
                    "clients=2,rounds=1,partition=by-column", "clients=2,rounds=1,partition=dirichlet(-1)",
                    "clients=2,rounds=1,column=level", "clients=2,rounds=1,speed=3"] {
            #expect(throws: SynthesisError.self, "\(bad)") { try FederatedRequest.parse(bad) }
        }
    }
}
