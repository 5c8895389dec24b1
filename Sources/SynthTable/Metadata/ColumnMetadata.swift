/// One column's metadata in both conventions.
public struct ColumnMetadata: Sendable, Equatable {
    public var name: String
    /// How the values are stored in the ``Table``.
    public var kind: ColumnKind

    // MARK: SDV reading
    public var sdtype: SDVSdtype
    /// SDV's `pii` flag; only meaningful when ``SDVSdtype/carriesPII`` (it is false otherwise).
    public var pii: Bool
    /// strftime layout of a datetime column (SDV `datetime_format`).
    public var datetimeFormat: String?
    /// SDV `computer_representation` of a numerical column (`Int64`, `Float`, ...), when given.
    public var computerRepresentation: String?
    /// SDV `regex_format` of an id column, when given.
    public var regexFormat: String?
    /// SDV `order` / `order_by` of a categorical column, when given.
    public var order: [String]?
    public var orderBy: String?

    // MARK: SynthCity reading
    public var synthcityDomain: SynthCityDomain
    public var synthcityEncoding: SynthCityEncoding
    /// `TabularEncoder` models the (encoded) column as discrete: one-hot instead of a Bayesian GMM.
    public var synthcityDiscrete: Bool

    public init(name: String, kind: ColumnKind, sdtype: SDVSdtype, pii: Bool = false, datetimeFormat: String? = nil,
                computerRepresentation: String? = nil, regexFormat: String? = nil, order: [String]? = nil,
                orderBy: String? = nil, synthcityDomain: SynthCityDomain, synthcityEncoding: SynthCityEncoding,
                synthcityDiscrete: Bool) {
        self.name = name
        self.kind = kind
        self.sdtype = sdtype
        self.pii = sdtype.carriesPII && pii
        self.datetimeFormat = datetimeFormat
        self.computerRepresentation = computerRepresentation
        self.regexFormat = regexFormat
        self.order = order
        self.orderBy = orderBy
        self.synthcityDomain = synthcityDomain
        self.synthcityEncoding = synthcityEncoding
        self.synthcityDiscrete = synthcityDiscrete
    }

    /// Whether SynthCity's `DataLoader.encode()` label-encodes this column.
    public var synthcityLabelEncoded: Bool { synthcityEncoding == .label }
}
