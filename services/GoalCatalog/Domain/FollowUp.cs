using Jamforelse.ServiceDefaults.Numbers;
using Jamforelse.Storage;

namespace Jamforelse.GoalCatalog.Domain;

/// <summary>
/// A written or oral follow-up (<i>uppföljning</i>) of one or more nodes at a reporting point, in the fixed
/// sections of the oral follow-ups. Every change keeps the earlier content with who and when.
/// </summary>
public sealed class FollowUp : IDocument
{
    public string Id { get; set; } = "";
    public string PlanId { get; set; } = "";
    public string FollowUpId { get; set; } = "";
    public FollowUpContent Content { get; set; } = new();
    public int Version { get; set; }
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
    /// <summary>Earlier versions, oldest first.</summary>
    public List<FollowUpVersion> History { get; set; } = [];

    /// <summary>
    /// Whether it was made public (presented to the council); until then only the plan's owner and those the
    /// plan is shared with read it. A state, not content: publishing makes no new version.
    /// </summary>
    public bool Published { get; set; }
    public DateTimeOffset? PublishedAt { get; set; }
    public string? PublishedBy { get; set; }

    public static string IdOf(string planId, string followUpId) => planId + "|" + followUpId;
}

public sealed class FollowUpContent
{
    public List<string> Nodes { get; set; } = [];
    public int Year { get; set; }
    public ReportingPoint Point { get; set; }
    public string? Topic { get; set; }
    public string? Presenter { get; set; }
    public FollowUpSections Sections { get; set; } = new();
    public List<Figure> Figures { get; set; } = [];
    public string? Note { get; set; }
}

public sealed class FollowUpSections
{
    /// <summary><i>Centrala händelser</i>.</summary>
    public List<string> CentralEvents { get; set; } = [];
    /// <summary><i>Positiv utveckling</i>.</summary>
    public List<string> PositiveDevelopment { get; set; } = [];
    /// <summary><i>Utmaningar och svårigheter</i>.</summary>
    public List<string> Challenges { get; set; } = [];
    /// <summary><i>Framåtblickande</i>.</summary>
    public List<string> LookingAhead { get; set; } = [];
}

public sealed class Figure
{
    public string Label { get; set; } = "";
    public string? Unit { get; set; }
    public List<FigureValue> Values { get; set; } = [];

    /// <summary>
    /// The figure without values outside <see cref="ValueRange"/> (stored before the platform refused such, an infinity
    /// no answer can carry): such a period reads as missing, and the answer never fails.
    /// </summary>
    public Figure WithinRange() => Values.TrueForAll(v => ValueRange.Allows(v.Value))
        ? this
        : new Figure { Label = Label, Unit = Unit, Values = Values.Where(v => ValueRange.Allows(v.Value)).ToList() };
}

public sealed class FigureValue
{
    public string Period { get; set; } = "";
    public double Value { get; set; }
}

public sealed class FollowUpVersion
{
    public int Version { get; set; }
    public FollowUpContent Content { get; set; } = new();
    public DateTimeOffset ChangedAt { get; set; }
    public string ChangedBy { get; set; } = "";
}
