using System.CommandLine;

namespace Cli.Options;

/// <summary>The <c>--preset</c> option naming a synthetic data preset.</summary>
internal static class PresetOption
{
    /// <summary>Preset names as the command line spells them.</summary>
    public static readonly string[] Names = ["small", "20k", "360k"];

    public static Option<string> Create(string defaultPreset)
    {
        var option = new Option<string>("--preset")
        {
            Description = "Synthetic Last.fm-shaped data: small (~2K users), 20k (20K users) or 360k (358,868 users).",
            DefaultValueFactory = _ => defaultPreset,
        };
        AlsOptionSet.AcceptChoices(option, Names);
        return option;
    }
}
