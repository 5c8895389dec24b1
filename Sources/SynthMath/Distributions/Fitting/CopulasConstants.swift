/// Constants of the Copulas library that its univariate fits depend on.
enum CopulasConstants {
    /// `copulas.utils.EPSILON = np.finfo(np.float32).eps` = 2⁻²³ ≈ 1.19e-7.
    static let epsilon = Double(Float.ulpOfOne)
}
