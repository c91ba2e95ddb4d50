using System.Buffers.Text;
using System.Globalization;

namespace Data.Import;

/// <summary>Reads a play count: a whole number from 1 to <see cref="RejectReasons.MaxPlays"/>, or the reason it is not one.</summary>
internal static class PlaysParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out int plays, out RejectReason reason, out string detail)
    {
        plays = 0;
        if (!Utf8Parser.TryParse(text, out long value, out int consumed) || consumed != text.Length)
        {
            bool digits = text.Length > 0 && (text[0] == (byte)'-' ? text[1..] : text).IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0
                          && text.Length > (text[0] == (byte)'-' ? 1 : 0);
            reason = digits ? RejectReason.PlaysTooLarge : RejectReason.NonNumericPlays;
            detail = digits ? "plays beyond a 64-bit integer" : "plays is not a whole number";
            return false;
        }
        return Check(value, out plays, out reason, out detail);
    }

    /// <summary>Range checks of an already numeric value.</summary>
    public static bool Check(long value, out int plays, out RejectReason reason, out string detail)
    {
        plays = 0;
        if (value == 0) { reason = RejectReason.ZeroPlays; detail = "plays is 0"; return false; }
        if (value < 0) { reason = RejectReason.NegativePlays; detail = string.Create(CultureInfo.InvariantCulture, $"plays is {value}"); return false; }
        if (value > RejectReasons.MaxPlays)
        {
            reason = RejectReason.PlaysTooLarge;
            detail = string.Create(CultureInfo.InvariantCulture, $"plays {value} is above {RejectReasons.MaxPlays}");
            return false;
        }
        plays = (int)value;
        reason = default;
        detail = "";
        return true;
    }
}
