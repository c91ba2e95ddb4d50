namespace Linalg.Als;

/// <summary>How each row's k × k system is solved in a half-step.</summary>
public enum AlsSolver
{
    /// <summary>A fixed number of conjugate-gradient steps, warm-started from the row's previous value (Takács, Pilászy, Tikk 2011; as in <c>implicit</c>).</summary>
    ConjugateGradient,

    /// <summary>An exact solve: build Aᵤ in double precision and factor it (Cholesky). O(nᵤk² + k³) per row.</summary>
    Cholesky,
}
