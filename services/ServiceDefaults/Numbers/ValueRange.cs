using System.Diagnostics.CodeAnalysis;

namespace Jamforelse.ServiceDefaults.Numbers;

/// <summary>
/// The one range of numbers the platform stores and computes with: finite, and at most 10^15 either side of zero.
/// That is far beyond any key figure (Sweden's GDP in kronor is about 6·10^12), and it keeps every derived number
/// finite: a sum of ten thousand such values, a difference of two, and a product with a population stay well inside
/// double's range. Every write path refuses a number outside it; a stored one from before is read as missing.
/// </summary>
public static class ValueRange
{
    public const double MaxMagnitude = 1e15;

    /// <summary>The rule as the problems say it.</summary>
    public const string Rule = "a finite number between -1e15 and 1e15";

    public static bool Allows(double value) => double.IsFinite(value) && Math.Abs(value) <= MaxMagnitude;

    public static bool Allows([NotNullWhen(true)] double? value) => value is { } v && Allows(v);

    /// <summary>The value when the range allows it, null otherwise (a stored value from before the range, read as missing).</summary>
    public static double? OrNull(double? value) => value is { } v && Allows(v) ? v : null;

    /// <summary>Why <paramref name="text"/> (the value as the input wrote it) is refused.</summary>
    public static string Refusal(string text) => $"value {text} is not {Rule}.";
}
