using System.Text.RegularExpressions;

namespace Jamforelse.IndicatorData.Domain;

/// <summary>A tenant's own key figure as a client writes it (<c>PUT /kpis/{id}</c>, or the shipped demo file).</summary>
public sealed record OwnKeyFigureInput
{
    public string? Owner { get; init; }
    public string? Title { get; init; }
    public string? Unit { get; init; }
    public string? BetterDirection { get; init; }
    public bool IsDividedByGender { get; init; }
    public string? Source { get; init; }
    public string? Description { get; init; }
}

/// <summary>
/// The rules for a tenant's own key figures: the id is "&lt;owner&gt;.&lt;name&gt;", so it can never collide with a
/// Kolada id or another tenant's figure, and the source says where the values come from.
/// </summary>
public static partial class OwnKeyFigures
{
    [GeneratedRegex("^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$")]
    public static partial Regex TenantPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,79}$")]
    private static partial Regex NamePattern();

    public static Dictionary<string, string[]> Validate(string id, OwnKeyFigureInput input, KeyFigure? existing)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new Dictionary<string, string[]>();
        if (input.Owner is null || !TenantPattern().IsMatch(input.Owner))
        {
            errors["owner"] = ["owner is required: the owning tenant, lower-case letters, digits and hyphens (\"norrkoping\")."];
        }
        else if (!id.StartsWith(input.Owner + ".", StringComparison.Ordinal) || !NamePattern().IsMatch(id[(input.Owner.Length + 1)..]))
        {
            errors["id"] = [$"An own key figure's id is \"{input.Owner}.<name>\" with a name of lower-case letters, digits and hyphens, not \"{id}\"."];
        }
        if (existing is not null && existing.Owner != input.Owner)
        {
            errors["id"] = [existing.Owner is null
                ? $"\"{id}\" is a public Kolada key figure and cannot be redefined."
                : $"\"{id}\" belongs to another tenant."];
        }
        if (string.IsNullOrWhiteSpace(input.Title) || input.Title.Length > 300)
        {
            errors["title"] = ["title is required (at most 300 characters)."];
        }
        if (string.IsNullOrWhiteSpace(input.Source) || input.Source.Length > 200)
        {
            errors["source"] = ["source is required: where the values come from (\"WebFOCUS\", \"Egen granskning\"…), at most 200 characters."];
        }
        if (input.BetterDirection is not null && !(Enum.TryParse<BetterDirection>(input.BetterDirection, ignoreCase: true, out var direction) && Enum.IsDefined(direction) && !int.TryParse(input.BetterDirection, out _)))
        {
            errors["betterDirection"] = ["betterDirection must be higher, lower or none."];
        }
        return errors;
    }

    public static KeyFigure ToKeyFigure(string id, OwnKeyFigureInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var direction = input.BetterDirection is null ? BetterDirection.None : Enum.Parse<BetterDirection>(input.BetterDirection, ignoreCase: true);
        return new KeyFigure
        {
            Id = id,
            Owner = input.Owner,
            Title = input.Title!.Trim(),
            Unit = input.Unit,
            BetterDirection = direction,
            BetterDirectionReason = direction == BetterDirection.None ? null : "set by the owner " + input.Owner,
            IsDividedByGender = input.IsDividedByGender,
            Source = input.Source!.Trim(),
            Description = input.Description,
        };
    }
}
