using System.Text.Json;

namespace Jamforelse.GoalCatalog.Catalogs;

/// <summary>Enumerated values as the files and the API write them: camelCase words, never numbers.</summary>
public static class Words
{
    public static string Of<T>(T value) where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static string All<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Of));

    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        if (text is null)
        {
            return false;
        }
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (string.Equals(Of(candidate), text, StringComparison.OrdinalIgnoreCase))
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    public static T Parse<T>(string text) where T : struct, Enum =>
        TryParse<T>(text, out var value) ? value : throw new FormatException($"\"{text}\" is not one of {All<T>()}.");
}
