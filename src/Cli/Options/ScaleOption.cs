using System.CommandLine;

namespace Cli.Options;

/// <summary><c>--scale N</c>: a synthetic preset with N times its users, for measuring how cost grows with size.</summary>
internal static class ScaleOption
{
    /// <summary>Largest factor: 64 × the 360k preset is ~1 billion generated rows, past what one 24 GiB machine holds.</summary>
    public const int MaxScale = 64;

    /// <summary>The option, default 1, refused outside 1 … <see cref="MaxScale"/>.</summary>
    public static Option<int> Create()
    {
        var option = new Option<int>("--scale")
        {
            Description = "Multiply the preset's users by N: the same artists and the same per-user shape (activity, tastes, plays), N times the rows.",
            DefaultValueFactory = _ => 1,
        };
        AlsOptionSet.AddRange(option, 1, MaxScale);
        return option;
    }
}
