using System.Globalization;

namespace Data.Models;

/// <summary>
/// A name typed for one artist belongs to several artists of the model (distinct MBIDs that share a name, such as two
/// bands called "Nirvana"). Nothing picks one silently: the message lists every candidate with its MBID and index, so the
/// user can give the MBID instead.
/// </summary>
public sealed class AmbiguousArtistException : Exception
{
    /// <summary>The candidates <paramref name="text"/> names, as item indices of <paramref name="model"/>.</summary>
    public AmbiguousArtistException(string text, IReadOnlyList<int> items, SavedModel model)
        : base(Describe(text, items, model))
    {
        Text = text;
        Items = items;
    }

    /// <summary>What was typed.</summary>
    public string Text { get; } = "";

    /// <summary>The artists it names (item indices, increasing).</summary>
    public IReadOnlyList<int> Items { get; } = [];

    private static string Describe(string text, IReadOnlyList<int> items, SavedModel model)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(model);
        IEnumerable<string> candidates = items.Select(item => string.Create(CultureInfo.InvariantCulture,
            $"{model.ArtistNames[item]} (MBID {(model.ArtistMbids[item] is { Length: > 0 } mbid ? mbid : "none")}, index {item})"));
        return string.Create(CultureInfo.InvariantCulture,
            $"the name '{text}' belongs to {items.Count} artists: {string.Join("; ", candidates)}. Give the MBID of the one you mean.");
    }
}
