namespace Jamforelse.GoalCatalog;

/// <summary>The "GoalCatalog" configuration section.</summary>
public sealed class GoalCatalogOptions
{
    public const string Section = "GoalCatalog";

    /// <summary>Import the shipped catalog files (the five source documents) for the plans the store lacks.</summary>
    public bool LoadDemoCatalogs { get; set; }
}
