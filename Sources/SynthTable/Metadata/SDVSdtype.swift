/// An SDV sdtype: the statistical type SDV assigns a column (`sdv/metadata/single_table.py`).
///
/// The five base sdtypes plus `unknown` and the PII sdtypes SDV either detects by name
/// (`_REFERENCE_TO_SDTYPE`) or anonymises out of the box (RDT `SDTYPE_ANONYMIZERS`). SDV also accepts any
/// other Faker function name as an sdtype; SynthBench does not (it has no Faker), so such a name is rejected
/// with ``MetadataError/unknownSdtype(column:value:)``.
public enum SDVSdtype: String, Codable, Sendable, CaseIterable {
    // Base sdtypes (SDV `_SDTYPE_KWARGS`).
    case numerical, categorical, boolean, datetime, id, unknown
    // PII sdtypes detected from column names.
    case phoneNumber = "phone_number"
    case email, ssn
    case firstName = "first_name"
    case lastName = "last_name"
    case countryCode = "country_code"
    case administrativeUnit = "administrative_unit"
    case stateAbbr = "state_abbr"
    case city, postcode
    case streetAddress = "street_address"
    case secondaryAddress = "secondary_address"
    case latitude, longitude
    case ipv4Address = "ipv4_address"
    case ipv6Address = "ipv6_address"
    case macAddress = "mac_address"
    case userAgentString = "user_agent_string"
    case iban, swift11, swift8
    case creditCardNumber = "credit_card_number"
    case vin
    case licensePlate = "license_plate"
    // Further anonymiser sdtypes RDT knows (`SDTYPE_ANONYMIZERS`).
    case address, name
    // Further Faker en_US functions SDV accepts as sdtypes, with SynthBench providers.
    case company, job, country, url
    case userName = "user_name"
    case dateOfBirth = "date_of_birth"

    /// True for the sdtypes SDV treats as "PII-capable": every sdtype outside
    /// numerical/categorical/boolean/datetime/id. These carry a `pii` flag (default true).
    public var carriesPII: Bool {
        switch self {
        case .numerical, .categorical, .boolean, .datetime, .id: false
        default: true
        }
    }

    /// The extra attribute keys SDV accepts for this sdtype in a column's metadata (`_SDTYPE_KWARGS`;
    /// every other sdtype accepts only `pii`).
    public var allowedAttributes: Set<String> {
        switch self {
        case .numerical: ["computer_representation"]
        case .datetime: ["datetime_format"]
        case .categorical: ["order", "order_by"]
        case .boolean: []
        case .id: ["regex_format"]
        default: ["pii"]
        }
    }
}
