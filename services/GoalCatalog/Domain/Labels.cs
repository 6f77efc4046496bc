namespace Jamforelse.GoalCatalog.Domain;

/// <summary>The Swedish words users read for the catalog's enumerated values.</summary>
public static class Labels
{
    public static string Of(PlanStatus status) => status switch
    {
        PlanStatus.Draft => "Utkast",
        _ => "Antagen",
    };

    public static string Of(RuleShape shape) => shape switch
    {
        RuleShape.GapToReferenceNarrows => "Skillnaden mot referensen minskar jämfört med basåret",
        RuleShape.BetterThanReference => "Bättre än referensen",
        RuleShape.ChangeAgainstBaseline => "Förändring jämfört med basåret",
        _ => "Utvecklingen är bättre än referensens",
    };

    public static string Of(ReferenceType type) => type switch
    {
        ReferenceType.Riket => "Riket",
        ReferenceType.MunicipalityAverage => "Kommungenomsnittet",
        ReferenceType.Region => "Regionen",
        ReferenceType.PeerGroup => "Jämförelsegrupp",
        _ => "Kommun",
    };

    public static string Of(ReportingPoint point) => point switch
    {
        ReportingPoint.Q1 => "Kvartal 1",
        ReportingPoint.Interim => "Delår",
        _ => "Helår",
    };

    public static string Of(TargetDirection direction) => direction == TargetDirection.Increase ? "Öka" : "Minska";

    public static string Of(Direction direction) => direction == Direction.Higher ? "Högre är bättre" : "Lägre är bättre";

    public static string Of(ActivityStatus status) => status switch
    {
        ActivityStatus.NotStarted => "Ej påbörjad",
        ActivityStatus.InProgress => "Pågår",
        _ => "Genomförd",
    };

    public static string Of(Measure measure) => measure == Measure.Quantitative ? "Kvantitativ" : "Kvalitativ";

    public static string Of(LinkRelation relation) => relation switch
    {
        LinkRelation.ContributesDirectly => "Bidrar direkt till",
        LinkRelation.ContributesIndirectly => "Bidrar indirekt till",
        LinkRelation.Implements => "Genomför",
        _ => "Hör ihop med",
    };

    public const string CentralEvents = "Centrala händelser";
    public const string PositiveDevelopment = "Positiv utveckling";
    public const string Challenges = "Utmaningar och svårigheter";
    public const string LookingAhead = "Framåtblickande";
}
