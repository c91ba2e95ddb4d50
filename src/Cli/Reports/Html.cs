using System.Net;

namespace Cli.Reports;

/// <summary>Escaping for text taken from data (artist names hold quotes, &lt; and &amp;) before it enters HTML or SVG.</summary>
internal static class Html
{
    /// <summary>Text content: &lt;, &gt;, &amp;, quotes escaped.</summary>
    public static string Text(string? value) => WebUtility.HtmlEncode(value ?? "");

    /// <summary>An attribute value (always written in double quotes): the same escaping, which covers the quote.</summary>
    public static string Attribute(string? value) => WebUtility.HtmlEncode(value ?? "");
}
