/// Reports computed by SDMetrics 0.32.0 (the single-table QualityReport and DiagnosticReport, with the
/// thresholds noted) on ``Fixtures`` tables, pandas 2.3.3 / numpy 2.4.6 / scipy 1.17.1. Errors are
/// recorded by their type only (the text before ':'). `scripts/reference/sdmetrics_reports.py` prints the
/// `SDMetricsReference` enum below; rerun on this machine it reproduces every value except the last digit of
/// the x/ts and y/z correlations and scores (differences below 1e-15: numpy's summation order on this CPU;
/// the tolerance is 1e-12).
struct QualityReference {
    struct Shape {
        let column: String, metric: String, score: Double?, error: String?
        init(_ c: String, _ m: String, _ s: Double?, _ e: String?) { column = c; metric = m; score = s; error = e }
    }
    struct Pair {
        let column1: String, column2: String, metric: String
        let score: Double?, realCorrelation: Double?, syntheticCorrelation: Double?, realAssociation: Double?
        let meets: Bool?, error: String?
        init(_ a: String, _ b: String, _ m: String, _ s: Double?, _ rc: Double?, _ sc: Double?, _ ra: Double?,
             _ meets: Bool?, _ e: String?) {
            column1 = a; column2 = b; metric = m; score = s; realCorrelation = rc; syntheticCorrelation = sc
            realAssociation = ra; self.meets = meets; error = e
        }
    }
    let score: Double?, shapes: Double?, pairs: Double?
    let columnShapes: [Shape]
    let columnPairs: [Pair]
}

struct DiagnosticReference {
    let score: Double?, validity: Double?, structure: Double?
    let columns: [QualityReference.Shape]
}

enum SDMetricsReference {
    // mediumDefault, thresholds 0.5/0.3
    static let mediumDefault = QualityReference(score: 0.8436480044400242, shapes: 0.8729984381355159, pairs: 0.8142975707445325,
        columnShapes: [
            .init("x", "KSComplement", 0.9177028645113752, nil),
            .init("y", "KSComplement", 0.7866666666666666, nil),
            .init("z", "KSComplement", 0.9093333333333333, nil),
            .init("cat", "TVComplement", 0.8516210976350532, nil),
            .init("flag", "TVComplement", 0.9926666666666667, nil),
            .init("ts", "KSComplement", 0.78, nil),
        ],
        columnPairs: [
            .init("x", "y", "CorrelationSimilarity", 0.9164520911338621, 0.9378709898746084, 0.7707751721423326, nil, true, nil),
            .init("x", "z", "CorrelationSimilarity", nil, 0.042026240180757735, nil, nil, false, nil),
            .init("x", "cat", "ContingencySimilarity", 0.7593333333333333, nil, nil, 0.6994533519672604, true, nil),
            .init("x", "flag", "ContingencySimilarity", 0.844, nil, nil, 0.5394805829604502, true, nil),
            .init("x", "ts", "CorrelationSimilarity", nil, 0.06134285261724883, nil, nil, false, nil),
            .init("y", "z", "CorrelationSimilarity", nil, 0.032046115459298835, nil, nil, false, nil),
            .init("y", "cat", "ContingencySimilarity", 0.7053333333333334, nil, nil, 0.5527510902883216, true, nil),
            .init("y", "flag", "ContingencySimilarity", 0.8313333333333333, nil, nil, 0.4810877408806791, true, nil),
            .init("y", "ts", "CorrelationSimilarity", nil, 0.039689428526180494, nil, nil, false, nil),
            .init("z", "cat", "ContingencySimilarity", nil, nil, nil, 0.1591001560753172, false, nil),
            .init("z", "flag", "ContingencySimilarity", nil, nil, nil, 0.17783264470812302, false, nil),
            .init("z", "ts", "CorrelationSimilarity", nil, 0.07232001906827819, nil, nil, false, nil),
            .init("cat", "flag", "ContingencySimilarity", 0.8293333333333334, nil, nil, 0.45844056131658406, true, nil),
            .init("cat", "ts", "ContingencySimilarity", nil, nil, nil, 0.19983549853237303, false, nil),
            .init("flag", "ts", "ContingencySimilarity", nil, nil, nil, 0.11555122829921483, false, nil),
        ])
    // mediumNoThreshold, thresholds 0.0/0.0
    static let mediumNoThreshold = QualityReference(score: 0.8652931227821115, shapes: 0.8729984381355159, pairs: 0.8575878074287069,
        columnShapes: [
            .init("x", "KSComplement", 0.9177028645113752, nil),
            .init("y", "KSComplement", 0.7866666666666666, nil),
            .init("z", "KSComplement", 0.9093333333333333, nil),
            .init("cat", "TVComplement", 0.8516210976350532, nil),
            .init("flag", "TVComplement", 0.9926666666666667, nil),
            .init("ts", "KSComplement", 0.78, nil),
        ],
        columnPairs: [
            .init("x", "y", "CorrelationSimilarity", 0.9164520911338621, 0.9378709898746084, 0.7707751721423326, nil, true, nil),
            .init("x", "z", "CorrelationSimilarity", 0.9458310939066453, 0.042026240180757735, -0.06631157200595163, nil, true, nil),
            .init("x", "cat", "ContingencySimilarity", 0.7593333333333333, nil, nil, nil, true, nil),
            .init("x", "flag", "ContingencySimilarity", 0.844, nil, nil, nil, true, nil),
            .init("x", "ts", "CorrelationSimilarity", 0.9819276079782642, 0.06134285261724883, 0.025198068573777065, nil, true, nil),
            .init("y", "z", "CorrelationSimilarity", 0.9727331305427234, 0.032046115459298835, -0.022487623455254364, nil, true, nil),
            .init("y", "cat", "ContingencySimilarity", 0.7053333333333334, nil, nil, nil, true, nil),
            .init("y", "flag", "ContingencySimilarity", 0.8313333333333333, nil, nil, nil, true, nil),
            .init("y", "ts", "CorrelationSimilarity", 0.9770530971578131, 0.039689428526180494, 0.08558323421055444, nil, true, nil),
            .init("z", "cat", "ContingencySimilarity", 0.7366666666666666, nil, nil, nil, true, nil),
            .init("z", "flag", "ContingencySimilarity", 0.8253333333333333, nil, nil, nil, true, nil),
            .init("z", "ts", "CorrelationSimilarity", 0.9664867573779612, 0.07232001906827819, 0.1393465043123557, nil, true, nil),
            .init("cat", "flag", "ContingencySimilarity", 0.8293333333333334, nil, nil, nil, true, nil),
            .init("cat", "ts", "ContingencySimilarity", 0.7286666666666666, nil, nil, nil, true, nil),
            .init("flag", "ts", "ContingencySimilarity", 0.8433333333333334, nil, nil, nil, true, nil),
        ])
    static let mediumDiagnostic = DiagnosticReference(score: 0.9686258503401359, validity: 0.937251700680272, structure: 1.0,
        columns: [
            .init("x", "BoundaryAdherence", 0.9047619047619048, nil),
            .init("y", "BoundaryAdherence", 1.0, nil),
            .init("z", "BoundaryAdherence", 0.952, nil),
            .init("cat", "CategoryAdherence", 0.96, nil),
            .init("flag", "CategoryAdherence", 1.0, nil),
            .init("ts", "BoundaryAdherence", 0.784, nil),
            .init("key", "KeyUniqueness", 0.96, nil),
        ])
    // degenerateDefault, thresholds 0.5/0.3
    static let degenerateDefault = QualityReference(score: 0.6609628031931472, shapes: 0.7400000583333246, pairs: 0.5819255480529697,
        columnShapes: [
            .init("const", "KSComplement", 0.6666666666666667, nil),
            .init("allnan", "KSComplement", nil, nil),
            .init("num", "KSComplement", 0.725, nil),
            .init("num2", "KSComplement", 0.7083333333333333, nil),
            .init("single", "TVComplement", 0.8000001249999843, nil),
            .init("cat2", "TVComplement", 0.800000166666639, nil),
        ],
        columnPairs: [
            .init("const", "allnan", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("const", "cat2", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("allnan", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("allnan", "cat2", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("num", "num2", "CorrelationSimilarity", 0.9957766441589091, 0.9788026162294291, 0.9872493279116108, nil, true, nil),
            .init("num", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("num", "cat2", "ContingencySimilarity", 0.375, nil, nil, 0.9128709291752769, true, nil),
            .init("num2", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("num2", "cat2", "ContingencySimilarity", 0.375, nil, nil, 0.9128709291752769, true, nil),
            .init("single", "cat2", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
        ])
    // degenerateNoThreshold, thresholds 0.0/0.0
    static let degenerateNoThreshold = QualityReference(score: 0.5677055280412744, shapes: 0.7400000583333246, pairs: 0.3954109977492242,
        columnShapes: [
            .init("const", "KSComplement", 0.6666666666666667, nil),
            .init("allnan", "KSComplement", nil, nil),
            .init("num", "KSComplement", 0.725, nil),
            .init("num2", "KSComplement", 0.7083333333333333, nil),
            .init("single", "TVComplement", 0.8000001249999843, nil),
            .init("cat2", "TVComplement", 0.800000166666639, nil),
        ],
        columnPairs: [
            .init("const", "allnan", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "single", "ContingencySimilarity", -2.220446049250313e-16, nil, nil, nil, true, nil),
            .init("const", "cat2", "ContingencySimilarity", 1.1102230246251565e-16, nil, nil, nil, true, nil),
            .init("allnan", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "single", "ContingencySimilarity", 0.16666666666666652, nil, nil, nil, true, nil),
            .init("allnan", "cat2", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("num", "num2", "CorrelationSimilarity", 0.9957766441589091, 0.9788026162294291, 0.9872493279116108, nil, true, nil),
            .init("num", "single", "ContingencySimilarity", 0.5416666666666667, nil, nil, nil, true, nil),
            .init("num", "cat2", "ContingencySimilarity", 0.375, nil, nil, nil, true, nil),
            .init("num2", "single", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("num2", "cat2", "ContingencySimilarity", 0.375, nil, nil, nil, true, nil),
            .init("single", "cat2", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
        ])
    static let degenerateDiagnostic = DiagnosticReference(score: 0.7777777777777777, validity: 0.5555555555555555, structure: 1.0,
        columns: [
            .init("const", "BoundaryAdherence", 0.5, nil),
            .init("allnan", "BoundaryAdherence", 0.0, nil),
            .init("num", "BoundaryAdherence", 0.6666666666666666, nil),
            .init("num2", "BoundaryAdherence", 0.6666666666666666, nil),
            .init("single", "CategoryAdherence", 0.6666666666666666, nil),
            .init("cat2", "CategoryAdherence", 0.8333333333333334, nil),
        ])
    // emptySyntheticDefault, thresholds 0.5/0.3
    static let emptySyntheticDefault = QualityReference(score: 0.5, shapes: nil, pairs: 0.5,
        columnShapes: [
            .init("const", "KSComplement", nil, nil),
            .init("allnan", "KSComplement", nil, nil),
            .init("num", "KSComplement", nil, nil),
            .init("num2", "KSComplement", nil, nil),
            .init("single", "TVComplement", nil, "IncomputableMetricError"),
            .init("cat2", "TVComplement", nil, "IncomputableMetricError"),
        ],
        columnPairs: [
            .init("const", "allnan", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ConstantInputError"),
            .init("const", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("const", "cat2", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("allnan", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("allnan", "cat2", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("num", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("num", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("num", "cat2", "ContingencySimilarity", 0.5, nil, nil, 0.9128709291752769, true, nil),
            .init("num2", "single", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
            .init("num2", "cat2", "ContingencySimilarity", 0.5, nil, nil, 0.9128709291752769, true, nil),
            .init("single", "cat2", "ContingencySimilarity", nil, nil, nil, nil, false, nil),
        ])
    // emptyRealNoThreshold, thresholds 0.0/0.0
    static let emptyRealNoThreshold = QualityReference(score: 0.5, shapes: nil, pairs: 0.5,
        columnShapes: [
            .init("const", "KSComplement", nil, nil),
            .init("allnan", "KSComplement", nil, nil),
            .init("num", "KSComplement", nil, nil),
            .init("num2", "KSComplement", nil, nil),
            .init("single", "TVComplement", nil, "IncomputableMetricError"),
            .init("cat2", "TVComplement", nil, "IncomputableMetricError"),
        ],
        columnPairs: [
            .init("const", "allnan", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("const", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("const", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("const", "single", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("const", "cat2", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("allnan", "num", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("allnan", "single", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("allnan", "cat2", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("num", "num2", "CorrelationSimilarity", nil, nil, nil, nil, nil, "ValueError"),
            .init("num", "single", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("num", "cat2", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("num2", "single", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("num2", "cat2", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
            .init("single", "cat2", "ContingencySimilarity", 0.5, nil, nil, nil, true, nil),
        ])
    static let emptySyntheticDiagnostic = DiagnosticReference(score: 1.0, validity: nil, structure: 1.0,
        columns: [
            .init("const", "BoundaryAdherence", nil, nil),
            .init("allnan", "BoundaryAdherence", nil, nil),
            .init("num", "BoundaryAdherence", nil, nil),
            .init("num2", "BoundaryAdherence", nil, nil),
            .init("single", "CategoryAdherence", nil, nil),
            .init("cat2", "CategoryAdherence", nil, nil),
        ])
    static let emptyRealDiagnostic = DiagnosticReference(score: 0.5, validity: 0.0, structure: 1.0,
        columns: [
            .init("const", "BoundaryAdherence", 0.0, nil),
            .init("allnan", "BoundaryAdherence", 0.0, nil),
            .init("num", "BoundaryAdherence", 0.0, nil),
            .init("num2", "BoundaryAdherence", 0.0, nil),
            .init("single", "CategoryAdherence", 0.0, nil),
            .init("cat2", "CategoryAdherence", 0.0, nil),
        ])
}
