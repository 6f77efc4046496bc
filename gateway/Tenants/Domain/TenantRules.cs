using System.Text.RegularExpressions;

namespace Jamforelse.Tenants.Domain;

/// <summary>What a tenant id and name must look like (pure).</summary>
public static partial class TenantRules
{
    [GeneratedRegex("^[a-z][a-z0-9-]{1,39}$")]
    private static partial Regex IdPattern();

    public static Dictionary<string, string[]> Validate(string? id, string? name, IReadOnlyList<string>? areas)
    {
        var errors = new Dictionary<string, string[]>();
        if (id is null || !IdPattern().IsMatch(id) || id == ServiceDefaults.Identity.CallerIdentity.PlatformTenant)
        {
            errors["id"] = ["id is required: 2–40 lower-case letters, digits and hyphens, starting with a letter (\"motala\"); \"platform\" is reserved."];
        }
        if (string.IsNullOrWhiteSpace(name) || name.Length > 200)
        {
            errors["name"] = ["name is required: the organisation's name as users read it (\"Motala kommun\"), at most 200 characters."];
        }
        if (areas is not null && areas.Any(a => string.IsNullOrWhiteSpace(a) || a.Length > 20))
        {
            errors["areas"] = ["areas are Kolada area ids (\"0583\"), at most 20 characters each."];
        }
        return errors;
    }
}
