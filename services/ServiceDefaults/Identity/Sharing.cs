using System.Text.RegularExpressions;

namespace Jamforelse.ServiceDefaults.Identity;

/// <summary>The rules of a sharing list (pure): tenant ids, or "*" for every tenant; empty revokes all.</summary>
public static partial class Sharing
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex TenantId();

    public static string? Validate(IReadOnlyCollection<string>? sharedWith) =>
        sharedWith is null
            ? "sharedWith is required: a list of tenant ids ([\"linkoping\"]), [\"*\"] for every tenant, or [] to share with no one."
            : sharedWith.FirstOrDefault(t => t != CallerIdentity.Everyone && (t is null || !TenantId().IsMatch(t))) is { } bad
                ? $"\"{bad}\" is not a tenant id (lower-case letters, digits and hyphens) nor \"*\"."
                : sharedWith.Count > 1000 ? "Share with at most 1000 tenants, or with \"*\"." : null;

    /// <summary>Sorted, without duplicates or the owner itself; "*" alone when everyone.</summary>
    public static List<string> Normalise(IEnumerable<string> sharedWith, string owner) =>
        sharedWith.Contains(CallerIdentity.Everyone)
            ? [CallerIdentity.Everyone]
            : sharedWith.Where(t => t != owner).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
}
