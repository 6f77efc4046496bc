using GraphQL.Types;

namespace Jamforelse.GraphQL.Schema;

// Enums with the services' words as values and the Swedish words users read as descriptions.

public sealed class GenderEnum : EnumerationGraphType
{
    public GenderEnum()
    {
        Name = "Gender";
        Description = "Kön: totalt, kvinnor eller män.";
        Add("T", "T", "Totalt");
        Add("K", "K", "Kvinnor");
        Add("M", "M", "Män");
    }
}

public sealed class ProviderEnum : EnumerationGraphType
{
    public ProviderEnum()
    {
        Name = "Provider";
        Description = "Utförare: alla, egen regi eller privat utförare.";
        Add("TOTAL", "total", "Alla utförare");
        Add("OWN", "own", "Egen regi");
        Add("PRIVATE", "private", "Privat utförare");
    }
}

public sealed class QuartileEnum : EnumerationGraphType
{
    public QuartileEnum()
    {
        Name = "Quartile";
        Description = "Kvartilgrupp efter nyckeltalets bättre riktning.";
        Add("BEST", "best", "Bästa fjärdedelen (grön)");
        Add("MIDDLE", "middle", "Mittersta hälften (gul)");
        Add("WORST", "worst", "Sämsta fjärdedelen (röd)");
    }
}

public sealed class BetterDirectionEnum : EnumerationGraphType
{
    public BetterDirectionEnum()
    {
        Name = "BetterDirection";
        Description = "Vilket håll som är bättre.";
        Add("HIGHER", "higher", "Högre är bättre");
        Add("LOWER", "lower", "Lägre är bättre");
        Add("NONE", "none", "Ingen riktning");
    }
}

public sealed class GradeEnum : EnumerationGraphType
{
    public GradeEnum()
    {
        Name = "Grade";
        Description = "Bedömning av en måluppfyllelse.";
        Add("MET", "met", "Uppfyllt");
        Add("PARTLY_MET", "partlyMet", "Delvis uppfyllt");
        Add("NOT_MET", "notMet", "Ej uppfyllt");
        Add("CANNOT_BE_ASSESSED", "cannotBeAssessed", "Kan ej bedömas");
    }
}

public sealed class PlanStatusEnum : EnumerationGraphType
{
    public PlanStatusEnum()
    {
        Name = "PlanStatus";
        Add("DRAFT", "draft", "Utkast");
        Add("ADOPTED", "adopted", "Antagen");
    }
}

public sealed class ActivityStatusEnum : EnumerationGraphType
{
    public ActivityStatusEnum()
    {
        Name = "ActivityStatus";
        Add("NOT_STARTED", "notStarted", "Ej påbörjad");
        Add("IN_PROGRESS", "inProgress", "Pågår");
        Add("DONE", "done", "Genomförd");
    }
}

public sealed class AreaTypeEnum : EnumerationGraphType
{
    public AreaTypeEnum()
    {
        Name = "AreaType";
        Add("MUNICIPALITY", "municipality", "Kommun");
        Add("REGION", "region", "Region");
        Add("COUNTRY", "country", "Riket");
    }
}
